/// The systems outside MotCua that dossiers are written to or read from (DOMAIN.md §4, §9).
public enum ExternalSystem: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Cổng Dịch vụ công quốc gia: takes every status change; hands over dossiers filed on it.
    case portal
    /// Population register (CSDLQG về dân cư): read only, under a grant.
    case population
    /// Civil-status register (hộ tịch): a record per resolved civil-status dossier.
    case civilStatus = "civil-status"
    /// Household-business and enterprise register: a record per resolved registration.
    case business
    /// SMS and e-mail to applicants.
    case notification

    public var description: String { rawValue }

    /// The register a procedure writes, as a system.
    public init(_ register: ProcedureVersion.Register) {
        switch register {
        case .civilStatus: self = .civilStatus
        case .business: self = .business
        }
    }

    /// Systems that receive writes through the outbox.
    public static let outgoing: [ExternalSystem] = [.portal, .civilStatus, .business, .notification]
}
