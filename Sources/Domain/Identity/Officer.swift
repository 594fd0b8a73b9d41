/// A signed-in officer as the policy sees them: who, which roles, and the unit of their agency.
public struct Officer: Hashable, Sendable {
    public var id: String
    public var roles: Set<Role>
    /// The unit of the officer's agency: a commune (5 digits) or a province (2 digits).
    public var unit: Place
    public var agencyCode: String?

    public init(id: String, roles: Set<Role>, unit: Place, agencyCode: String? = nil) {
        self.id = id
        self.roles = roles
        self.unit = unit
        self.agencyCode = agencyCode
    }

    /// The scope a role gives this officer: national roles reach the nation, a province admin the
    /// province, every other role the officer's own unit (a province for provincial agencies).
    public func scope(of role: Role) -> Scope {
        switch role {
        case .nationalMonitor, .sysadmin:
            return .nation
        case .provinceAdmin:
            return unit.provinceCode.map(Scope.province) ?? .nation
        default:
            switch unit {
            case .commune(let code, let province): return .commune(code: code, province: province)
            case .province(let code): return .province(code)
            case .nation: return .nation
            }
        }
    }
}
