/// The actions the policy decides.
public enum Action: String, Sendable, CaseIterable {
    /// Read a person's data: an officer's account details now, applicants once dossiers exist.
    case viewPersonalData
    case viewUsers
    case manageUsers
    case viewAgencies
    case manageAgencies
    case requestRegisterGrant
    case decideRegisterGrant
    case viewRegisterGrants
    /// Query the national population register (also needs an active grant).
    case queryPopulationRegister
    case viewAccessLog
    /// Aggregated statistics, no personal data.
    case viewAggregates
    /// See a dossier (masked applicant) and its history.
    case viewDossier
    /// File a dossier at a counter.
    case receiveDossier
    /// Import or change the procedure catalogue.
    case manageCatalog
    /// List, retry and discard messages to other systems; run reconciliations.
    case operateRegistries
    /// Read the reform's bookkeeping (redundancy pipeline, staffing, facilities): names masked.
    case viewBookkeeping
    /// Import and update the bookkeeping of a unit.
    case manageBookkeeping
    /// Bring over the dossiers of a pre-reform one-stop system.
    case importDossiers
    /// Say which successor of a split old commune an imported dossier belongs to.
    case reviewImports
}

/// What an action is done to: where it sits, whose it is, and (for register queries) whether the
/// officer holds an active grant.
public struct Resource: Hashable, Sendable {
    public var place: Place
    /// The officer the resource belongs to, when it is an officer's own (their account, their grant).
    public var ownerID: String?
    /// Roles a user-management action would give (an admin may not give more than they hold).
    public var rolesGiven: Set<Role>
    public var activeGrant: Bool

    public init(place: Place, ownerID: String? = nil, rolesGiven: Set<Role> = [], activeGrant: Bool = false) {
        self.place = place
        self.ownerID = ownerID
        self.rolesGiven = rolesGiven
        self.activeGrant = activeGrant
    }
}

/// The answer of the policy, with its reason. `hidden` denials are for resources outside the
/// officer's scope: the API answers them 404, so that their existence does not leak.
public enum Decision: Equatable, Sendable {
    case allow
    case deny(reason: String, hidden: Bool)

    public var isAllowed: Bool { self == .allow }
}

/// Who may do what, where: the one authorisation rule of MotCua, used by every route and page.
public enum AccessPolicy {
    /// The roles that may take each action within their scope.
    static let rolesFor: [Action: Set<Role>] = [
        .viewPersonalData: [.receptionist, .specialist, .approver, .unitAdmin, .provinceAdmin, .inspector, .sysadmin],
        .viewUsers: [.unitAdmin, .provinceAdmin, .inspector, .sysadmin],
        .manageUsers: [.unitAdmin, .provinceAdmin, .sysadmin],
        .viewAgencies: Set(Role.allCases),
        .manageAgencies: [.provinceAdmin, .sysadmin],
        .requestRegisterGrant: [.receptionist, .specialist, .approver],
        .decideRegisterGrant: [.approver, .provinceAdmin],
        .viewRegisterGrants: [.approver, .unitAdmin, .provinceAdmin, .inspector, .sysadmin],
        .queryPopulationRegister: [.receptionist, .specialist, .approver],
        .viewAccessLog: [.inspector, .sysadmin],
        .viewAggregates: Set(Role.allCases),
        .viewDossier: [.receptionist, .specialist, .approver, .unitAdmin, .provinceAdmin, .inspector, .sysadmin],
        .receiveDossier: [.receptionist, .specialist],
        // The catalogue is national: one list for every province.
        .manageCatalog: [.sysadmin],
        .operateRegistries: [.provinceAdmin, .sysadmin],
        .viewBookkeeping: [.unitAdmin, .provinceAdmin, .inspector, .nationalMonitor, .sysadmin],
        .manageBookkeeping: [.unitAdmin, .provinceAdmin, .sysadmin],
        .importDossiers: [.provinceAdmin, .sysadmin],
        .reviewImports: [.specialist, .approver, .unitAdmin, .provinceAdmin, .sysadmin],
    ]

    /// The roles each role may give to others when managing accounts.
    static let mayGive: [Role: Set<Role>] = [
        .unitAdmin: [.receptionist, .specialist, .approver, .unitAdmin],
        .provinceAdmin: [.receptionist, .specialist, .approver, .unitAdmin, .provinceAdmin, .inspector],
        .sysadmin: Set(Role.allCases),
    ]

    /// The roles that may take an action somewhere.
    public static func roles(for action: Action) -> Set<Role> { rolesFor[action] ?? [] }

    /// A dossier command or view, for a dossier that lies in several places (receiving, competent,
    /// current and return units): allowed when allowed in one of them; hidden only when hidden in all.
    public static func decide(_ officer: Officer, roles allowed: Set<Role>, places: [Place]) -> Decision {
        let decisions = places.map { decide(officer, allowed: allowed, resource: Resource(place: $0)) }
        if decisions.contains(.allow) { return .allow }
        let visible = decisions.first { decision in
            if case .deny(_, hidden: false) = decision { return true }
            return false
        }
        return visible ?? decisions.first ?? .deny(reason: "Ngoài phạm vi đơn vị được giao", hidden: true)
    }

    public static func decide(_ officer: Officer, _ action: Action, _ resource: Resource) -> Decision {
        let own = resource.ownerID == officer.id
        // Everyone may see their own account and their own grants, and ask for a grant for themselves.
        if own, [.viewPersonalData, .viewRegisterGrants].contains(action) { return .allow }
        if action == .requestRegisterGrant, !own {
            return .deny(reason: "Chỉ được đề nghị quyền tra cứu cho chính mình", hidden: false)
        }
        if action == .decideRegisterGrant, own {
            return .deny(reason: "Không được tự phê duyệt quyền tra cứu của mình", hidden: false)
        }
        return decide(officer, allowed: rolesFor[action] ?? [], resource: resource, action: action)
    }

    static func decide(_ officer: Officer, allowed: Set<Role>, resource: Resource, action: Action? = nil) -> Decision {
        let holding = officer.roles.filter { allowed.contains($0) }
        let inScope = holding.filter { officer.scope(of: $0).contains(resource.place) }
        guard !holding.isEmpty else {
            // A role that cannot act anywhere: outside its scope it must not learn the resource exists.
            let sees = officer.roles.contains { officer.scope(of: $0).contains(resource.place) }
            return .deny(reason: "Vai trò không được phép thực hiện thao tác này", hidden: !sees)
        }
        guard !inScope.isEmpty else {
            return .deny(reason: "Ngoài phạm vi đơn vị được giao", hidden: true)
        }
        if action == .manageUsers {
            let givable = inScope.reduce(into: Set<Role>()) { $0.formUnion(mayGive[$1] ?? []) }
            guard resource.rolesGiven.isSubset(of: givable) else {
                return .deny(reason: "Không được cấp vai trò cao hơn quyền của mình", hidden: false)
            }
        }
        if action == .queryPopulationRegister, !resource.activeGrant {
            return .deny(reason: "Chưa được cấp quyền tra cứu Cơ sở dữ liệu quốc gia về dân cư hoặc quyền đã hết hạn", hidden: false)
        }
        return .allow
    }
}
