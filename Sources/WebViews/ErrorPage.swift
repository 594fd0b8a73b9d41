/// The page of an error: what happened in Vietnamese and where to go; never internals.
public struct ErrorPage: Page {
    public static let template = PageTemplate.error
    public var chrome: PageChrome
    public let status: Int
    public let heading: String
    public let message: String
    public let back: String
    public let backLabel: String
    public let requestID: String?

    public init(status: Int, message: String?, requestID: String?, officer: String? = nil, csrf: String? = nil) {
        heading = switch status {
        case 400, 422: "Yêu cầu chưa đúng"
        case 401: "Cần đăng nhập"
        case 403: "Không có quyền truy cập"
        case 404: "Không tìm thấy trang"
        case 409, 412: "Hồ sơ vừa được thay đổi"
        case 413: "Tệp quá lớn"
        case 429: "Quá nhiều yêu cầu"
        case 503: "Hệ thống tạm thời gián đoạn"
        default: status >= 500 ? "Đã xảy ra lỗi" : "Yêu cầu chưa thực hiện được"
        }
        self.message = message ?? (status >= 500
            ? "Hệ thống gặp sự cố khi xử lý yêu cầu. Dữ liệu của bạn không bị thay đổi; vui lòng thử lại sau ít phút."
            : "Trang bạn tìm không có hoặc đã được chuyển.")
        (back, backLabel) = status == 401 ? ("/can-bo/dang-nhap", "Đăng nhập") : ("/", "Về trang chủ")
        self.status = status
        self.requestID = requestID
        chrome = PageChrome(title: heading, section: .citizen(current: ""), officer: officer, csrf: csrf)
    }
}
