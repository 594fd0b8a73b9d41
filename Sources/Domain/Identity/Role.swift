/// What an officer may do, by the job they hold. A person can hold several roles.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case receptionist
    case specialist
    case approver
    case unitAdmin
    case provinceAdmin
    case inspector
    case nationalMonitor
    case sysadmin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Roles that handle dossiers and may see the personal data in them.
    public var handlesDossiers: Bool { [.receptionist, .specialist, .approver].contains(self) }
}
