/// How a dossier reaches the agency (DOMAIN.md §2).
public enum Channel: String, Sendable, CaseIterable, Codable {
    case inPerson
    /// By post, a service provider or an authorised person.
    case postal
    /// Through the provincial portal or these pages.
    case online
    /// Through the National Public Service Portal; the portal's own id is kept on the dossier.
    case onlinePortal = "online-portal"

    public var isOnline: Bool { self == .online || self == .onlinePortal }

    public var vietnameseName: String {
        switch self {
        case .inPerson: "Trực tiếp"
        case .postal: "Bưu chính"
        case .online: "Trực tuyến"
        case .onlinePortal: "Cổng Dịch vụ công quốc gia"
        }
    }
}
