/// An RFC 9457 problem: what every error response of MotCua is, as `application/problem+json`.
struct Problem: Codable, Sendable, Equatable {
    struct FieldError: Codable, Sendable, Equatable {
        var field: String
        var message: String
    }

    /// A stable URI reference naming the kind of problem; clients branch on it, not on `title`.
    var type: String
    /// Vietnamese, the same for every problem of the type.
    var title: String
    var status: Int
    /// What went wrong this time, in Vietnamese.
    var detail: String?
    var instance: String?
    var requestId: String?
    var errors: [FieldError]?

    init(_ kind: ProblemKind, detail: String? = nil, errors: [FieldError]? = nil) {
        type = "/api/v1/problems/\(kind.rawValue)"
        title = kind.title
        status = kind.status
        self.detail = detail
        self.errors = errors
    }

    /// Keys in alphabetical order, as the problems were always written (clients' fixtures compare bytes).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(errors, forKey: .errors)
        try container.encodeIfPresent(instance, forKey: .instance)
        try container.encodeIfPresent(requestId, forKey: .requestId)
        try container.encode(status, forKey: .status)
        try container.encode(title, forKey: .title)
        try container.encode(type, forKey: .type)
    }
}

/// The kinds of problem the API answers with, each with its status and Vietnamese title.
enum ProblemKind: String, Sendable, CaseIterable {
    case invalidInput = "invalid-input"
    case malformedJSON = "malformed-json"
    case invalidEncoding = "invalid-encoding"
    case emptyBody = "empty-body"
    case tooLarge = "too-large"
    case unsupportedMediaType = "unsupported-media-type"
    case notFound = "not-found"
    case unauthenticated = "unauthenticated"
    case forbidden = "forbidden"
    case tooManyRequests = "too-many-requests"
    case conflict = "conflict"
    case notAllowed = "not-allowed-in-status"
    case preconditionFailed = "precondition-failed"
    case preconditionRequired = "precondition-required"
    case idempotencyMismatch = "idempotency-key-reused"
    case methodNotAllowed = "method-not-allowed"
    case unavailable = "unavailable"
    case insufficientStorage = "insufficient-storage"
    case internalError = "internal-error"

    var status: Int {
        switch self {
        case .invalidInput, .malformedJSON, .invalidEncoding, .emptyBody: 400
        case .tooLarge: 413
        case .unsupportedMediaType: 415
        case .notFound: 404
        case .unauthenticated: 401
        case .forbidden: 403
        case .tooManyRequests: 429
        case .conflict, .notAllowed: 409
        case .preconditionFailed: 412
        case .preconditionRequired: 428
        case .idempotencyMismatch: 422
        case .methodNotAllowed: 405
        case .unavailable: 503
        case .insufficientStorage: 507
        case .internalError: 500
        }
    }

    var title: String {
        switch self {
        case .invalidInput: "Dữ liệu không hợp lệ"
        case .malformedJSON: "Nội dung JSON không đọc được"
        case .invalidEncoding: "Nội dung không phải văn bản UTF-8 hợp lệ"
        case .emptyBody: "Thiếu nội dung yêu cầu"
        case .tooLarge: "Nội dung yêu cầu quá lớn"
        case .unsupportedMediaType: "Kiểu nội dung không được hỗ trợ"
        case .notFound: "Không tìm thấy"
        case .unauthenticated: "Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ"
        case .forbidden: "Không có quyền thực hiện"
        case .tooManyRequests: "Quá nhiều lần thử; vui lòng đợi"
        case .conflict: "Xung đột với dữ liệu đã có"
        case .notAllowed: "Thao tác không được phép ở trạng thái hiện tại"
        case .preconditionFailed: "Hồ sơ đã thay đổi"
        case .preconditionRequired: "Thiếu phiên bản hồ sơ (If-Match)"
        case .idempotencyMismatch: "Idempotency-Key đã dùng cho một yêu cầu khác"
        case .methodNotAllowed: "Phương thức không được hỗ trợ"
        case .unavailable: "Dịch vụ tạm thời không sẵn sàng"
        case .insufficientStorage: "Cơ sở dữ liệu đã hết dung lượng"
        case .internalError: "Lỗi hệ thống"
        }
    }
}
