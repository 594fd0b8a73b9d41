import AppCore
import Domain
import Foundation
import Hummingbird
import Logging
import Storage
import WebViews

/// The one place where errors become HTTP answers: every error, whatever threw it, leaves as
/// `application/problem+json`; an unexpected one is logged and answered 500 without internals.
/// Pages (every path outside `/api/`) get the same answer as an HTML page in Vietnamese instead; an
/// officer's page that needs a sign-in sends the browser to the sign-in form.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    var pages: PageRenderer?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            // No field of MotCua holds a NUL character, and PostgreSQL refuses one in text (a 503 before
            // this check; found by scripts/fuzz-api): refused at the door, in the query as in JSON bodies.
            if let query = request.uri.query, ByteSearch.contains(query.utf8, caseInsensitive: "%00") {
                throw AppError.invalid("query", "Tham số không được chứa ký tự NUL (%00)")
            }
            if ByteSearch.contains(request.uri.path.utf8, caseInsensitive: "%00") {
                throw AppError.notFound(what: "địa chỉ", code: request.uri.path)
            }
            response = try await next(request, context)
        } catch {
            var problem = Self.problem(for: error, context: context)
            problem.instance = request.uri.path
            problem.requestId = context.id
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            if let pages, !request.uri.path.hasPrefix("/api/") {
                if problem.status == 401, request.method == .get {
                    let back = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                    return PageResponse.redirect("/can-bo/dang-nhap?tiep=" + (back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
                }
                response = PageResponse.html(
                    pages.render(ErrorPage(status: problem.status, message: problem.status >= 500 ? nil : problem.detail, requestID: context.id)),
                    status: .init(code: problem.status)
                )
            } else {
                response = Self.response(problem)
            }
            switch error {
            case RequestError.methodNotAllowed(let allowed):
                response.headers[.allow] = allowed
            case AppError.unauthenticated:
                response.headers[.wwwAuthenticate] = "Bearer"
            case AppError.tooManyAttempts(let seconds):
                response.headers[.retryAfter] = String(seconds)
            default:
                break
            }
        }
        response.headers[.init("X-Request-Id")!] = context.id
        return response
    }

    static func response(_ problem: Problem) -> Response {
        let body = (try? StreamingJSONEncoder().encode(problem)) ?? Array("{}".utf8)
        return Response(
            status: .init(code: problem.status),
            headers: [.contentType: "application/problem+json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    static func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let error as AppError:
            return problem(for: error)
        case let error as RequestError:
            return problem(for: error)
        case let error as any HTTPResponseError:
            let message = (error as? HTTPError)?.body
            switch error.status {
            case .notFound: return Problem(.notFound, detail: "Không có tài nguyên tại địa chỉ này")
            case .contentTooLarge: return Problem(.tooLarge, detail: "Nội dung vượt quá giới hạn cho phép")
            case .methodNotAllowed: return Problem(.methodNotAllowed)
            case .badRequest: return Problem(.invalidInput, detail: message)
            default:
                if (400..<500).contains(error.status.code) {
                    var problem = Problem(.invalidInput, detail: message)
                    problem.status = error.status.code
                    return problem
                }
                return Problem(.internalError)
            }
        default:
            return Problem(.internalError, detail: "Đã ghi nhận lỗi; vui lòng thử lại hoặc báo mã yêu cầu cho quản trị viên")
        }
    }

    static func problem(for error: AppError) -> Problem {
        switch error {
        case .invalid(let issues):
            return Problem(
                .invalidInput, detail: issues.map(\.message).joined(separator: "; "),
                errors: issues.map { .init(field: $0.field, message: $0.message) }
            )
        case .notFound(let what, let code):
            return Problem(.notFound, detail: code.isEmpty ? "Không có \(what)" : "Không có \(what) với mã “\(code)”")
        case .tooLarge(let limit):
            return Problem(.tooLarge, detail: "Tối đa \(limit) byte")
        case .storage(.full):
            return Problem(.insufficientStorage, detail: "Không ghi được vì cơ sở dữ liệu đã đầy; yêu cầu chưa được lưu. Vui lòng báo quản trị viên")
        case .unavailable, .storage:
            return Problem(.unavailable, detail: "Cơ sở dữ liệu không trả lời; vui lòng thử lại sau")
        case .unauthenticated(let detail):
            return Problem(.unauthenticated, detail: detail)
        case .forbidden(let detail):
            return Problem(.forbidden, detail: detail)
        case .tooManyAttempts(let seconds):
            return Problem(.tooManyRequests, detail: "Thử lại sau \(seconds) giây")
        case .conflict(let detail):
            return Problem(.conflict, detail: detail)
        case .notAllowed(let detail):
            return Problem(.notAllowed, detail: detail)
        case .preconditionFailed(let detail):
            return Problem(.preconditionFailed, detail: detail)
        case .preconditionRequired(let detail):
            return Problem(.preconditionRequired, detail: detail)
        case .idempotencyMismatch:
            return Problem(.idempotencyMismatch, detail: "Dùng khoá mới cho yêu cầu mới; khoá cũ chỉ để gửi lại đúng yêu cầu cũ")
        }
    }

    static func problem(for error: RequestError) -> Problem {
        switch error {
        case .emptyBody:
            return Problem(.emptyBody, detail: "Yêu cầu cần một đối tượng JSON trong nội dung")
        case .tooLarge(let limit):
            return Problem(.tooLarge, detail: "Nội dung tối đa \(limit / 1024) KiB cho yêu cầu này")
        case .invalidUTF8:
            return Problem(.invalidEncoding, detail: "Nội dung phải được mã hoá UTF-8")
        case .malformedJSON(let detail):
            return Problem(.malformedJSON, detail: detail)
        case .unsupportedMediaType(let type):
            return Problem(.unsupportedMediaType, detail: "Cần Content-Type: application/json (đã gửi “\(type)”)")
        case .invalidField(let field, let message):
            return Problem(.invalidInput, detail: message, errors: [.init(field: field, message: message)])
        case .notFound(let path):
            return Problem(.notFound, detail: "Không có tài nguyên tại \(path)")
        case .methodNotAllowed(let allowed):
            return Problem(.methodNotAllowed, detail: "Địa chỉ này chỉ nhận: \(allowed)")
        }
    }
}
