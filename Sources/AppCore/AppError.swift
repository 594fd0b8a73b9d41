public import Domain
public import Storage

/// Every failure a use case reports, in the terms the edges need: the HTTP layer maps each case to one
/// status and problem type, the command line to one message and exit code.
public enum AppError: Error, Sendable, Equatable {
    /// The input is wrong; each entry names a field and says what is wrong with it.
    case invalid([FieldIssue])
    case notFound(what: String, code: String)
    case tooLarge(limit: Int)
    case unavailable(String)
    case storage(StorageError)
    /// No valid sign-in: missing, wrong, expired or revoked credentials.
    case unauthenticated(String)
    /// Signed in, but the policy refuses the action.
    case forbidden(String)
    /// Too many failed sign-ins from this address for this account; try again after that many seconds.
    case tooManyAttempts(retryAfter: Int)
    /// The request clashes with what exists (a username taken).
    case conflict(String)
    /// The action is not allowed in the resource's present state (a dossier command in this status).
    case notAllowed(String)
    /// The resource changed since the version the request names (If-Match): 412.
    case preconditionFailed(String)
    /// A change that must name the version it was decided on came without one: 428.
    case preconditionRequired(String)
    /// An Idempotency-Key reused with a different request: 422.
    case idempotencyMismatch

    /// One wrong field: where it is (a JSON pointer or a parameter name) and what is wrong, in Vietnamese.
    public struct FieldIssue: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(_ field: String, _ message: String) {
            self.field = field
            self.message = message
        }
    }

    public static func invalid(_ field: String, _ message: String) -> AppError {
        .invalid([FieldIssue(field, message)])
    }
}

extension AppError {
    /// The same failure from the domain's geography errors.
    public init(_ error: GeographyError) {
        switch error {
        case .malformedRow(let file, let line, let reason):
            self = .invalid("\(file):\(line)", "Dòng không hợp lệ: \(reason)")
        case .unknownUnit(let level, let code, let date):
            self = .notFound(what: "\(level?.rawValue ?? "unit") at \(date)", code: code)
        case .invalidCode(let code):
            self = .invalid("code", "Mã đơn vị “\(code)” không hợp lệ: mã tỉnh có 2 chữ số, mã huyện 3, mã xã 5")
        case .invalidDate(let text):
            self = .invalid("at", "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD")
        case .invalidLevel(let text):
            self = .invalid("level", "Cấp “\(text)” không hợp lệ; dùng province, district hoặc commune")
        case .invalidClass(let text):
            self = .invalid("class", "Loại đơn vị “\(text)” không hợp lệ; dùng urban, rural, mountainous hoặc island")
        case .districtAfterReform(let date):
            self = .invalid("at", "Từ 01/07/2025 không còn cấp huyện; hãy hỏi với ngày trước đó (đã hỏi ngày \(date))")
        }
    }
}

extension AppError {
    /// The same failure from the dossier rules.
    public init(_ error: DossierError) {
        switch error {
        case .transitionNotAllowed, .decisionMissing, .proposalMissing, .alreadyRated:
            self = .notAllowed(error.message)
        case .calendar(let calendar):
            self = AppError(calendar, field: "dueAt")
        default:
            let problems = error.problems
            self = problems.isEmpty ? .invalid("", error.message) : .invalid(problems.map { FieldIssue($0.field, $0.reason) })
        }
    }

    /// The same failure from the catalogue rules.
    public init(_ error: CatalogError) {
        self = .invalid(error.subject, error.message)
    }
}

/// Runs storage work, turning its failures into the one error type of the use cases.
func storage<T>(_ body: () async throws -> T) async throws(AppError) -> T {
    do {
        return try await body()
    } catch let error as AppError {
        throw error
    } catch let error as StorageError {
        throw .storage(error)
    } catch {
        throw .unavailable(String(describing: error))
    }
}
