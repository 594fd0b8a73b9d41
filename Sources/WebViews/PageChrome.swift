/// What every page shows around its content: title, navigation, the signed-in officer and the form
/// token that protects their forms.
public struct PageChrome: Sendable {
    public struct Link: Sendable {
        public let href: String
        public let label: String
        public let current: Bool
    }

    public var title: String
    public var officer: String?
    public var csrf: String?
    public var links: [Link]
    public var assetVersion = ""

    public init(title: String, section: Section, officer: String? = nil, csrf: String? = nil) {
        self.title = title
        self.officer = officer
        self.csrf = csrf
        links = section.links(signedIn: officer != nil)
    }

    /// The part of the site a page belongs to, which decides the navigation.
    public enum Section: Sendable {
        case citizen(current: String)
        case officer(current: String)
        case monitor

        func links(signedIn: Bool) -> [Link] {
            let current: String
            switch self {
            case .citizen(let name), .officer(let name): current = name
            case .monitor: current = "/theo-doi"
            }
            var links = [("/", "Thủ tục"), ("/tra-cuu", "Tra cứu hồ sơ"), ("/doi-dia-chi", "Đổi địa chỉ"), ("/theo-doi", "Số liệu")]
            links += signedIn
                ? [("/can-bo", "Hồ sơ cần xử lý"), ("/can-bo/tiep-nhan", "Tiếp nhận"), ("/quan-tri/tai-khoan", "Quản trị")]
                : [("/can-bo/dang-nhap", "Cán bộ đăng nhập")]
            return links.map { Link(href: $0.0, label: $0.1, current: $0.0 == current || ($0.0 == "/quan-tri/tai-khoan" && current.hasPrefix("/quan-tri"))) }
        }
    }
}
