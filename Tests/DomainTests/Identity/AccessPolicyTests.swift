import Domain
import Testing

/// Every (role × where the resource is × action), against expectations written out here role by role,
/// independently of the policy's own tables.
struct AccessPolicyTests {
    enum Relation: String, CaseIterable, Sendable {
        case ownCommune, otherCommuneSameProvince, ownProvinceLevel, otherProvinceCommune, otherProvinceLevel, nation

        var place: Place {
            switch self {
            case .ownCommune: .commune(code: "00004", province: "01")
            case .otherCommuneSameProvince: .commune(code: "00008", province: "01")
            case .ownProvinceLevel: .province("01")
            case .otherProvinceCommune: .commune(code: "26734", province: "79")
            case .otherProvinceLevel: .province("79")
            case .nation: .nation
            }
        }
    }

    struct Expectation: Sendable {
        var reach: Set<Relation>
        var actions: Set<Action>
    }

    static let commune: Set<Relation> = [.ownCommune]
    static let province: Set<Relation> = [.ownCommune, .otherCommuneSameProvince, .ownProvinceLevel]
    static let everywhere = Set(Relation.allCases)

    static let expected: [Role: Expectation] = [
        .receptionist: Expectation(reach: commune, actions: [.viewPersonalData, .viewAgencies, .queryPopulationRegister, .viewAggregates,
                                                             .viewDossier, .receiveDossier]),
        .specialist: Expectation(reach: commune, actions: [.viewPersonalData, .viewAgencies, .queryPopulationRegister, .viewAggregates,
                                                           .viewDossier, .receiveDossier, .reviewImports]),
        .approver: Expectation(reach: commune, actions: [.viewPersonalData, .viewAgencies, .queryPopulationRegister, .viewAggregates,
                                                         .decideRegisterGrant, .viewRegisterGrants, .viewDossier, .reviewImports]),
        .unitAdmin: Expectation(reach: commune, actions: [.viewPersonalData, .viewUsers, .manageUsers, .viewAgencies,
                                                          .viewRegisterGrants, .viewAggregates, .viewDossier, .viewBookkeeping,
                                                          .manageBookkeeping, .reviewImports]),
        .provinceAdmin: Expectation(reach: province, actions: [.viewPersonalData, .viewUsers, .manageUsers, .viewAgencies,
                                                               .manageAgencies, .decideRegisterGrant, .viewRegisterGrants, .viewAggregates,
                                                               .viewDossier, .operateRegistries, .viewBookkeeping, .manageBookkeeping,
                                                               .importDossiers, .reviewImports]),
        .inspector: Expectation(reach: commune, actions: [.viewPersonalData, .viewUsers, .viewAgencies, .viewRegisterGrants,
                                                          .viewAccessLog, .viewAggregates, .viewDossier, .viewBookkeeping]),
        .nationalMonitor: Expectation(reach: everywhere, actions: [.viewAgencies, .viewAggregates, .viewBookkeeping]),
        .sysadmin: Expectation(reach: everywhere, actions: [.viewPersonalData, .viewUsers, .manageUsers, .viewAgencies,
                                                            .manageAgencies, .viewRegisterGrants, .viewAccessLog, .viewAggregates,
                                                            .viewDossier, .manageCatalog, .operateRegistries, .viewBookkeeping,
                                                            .manageBookkeeping, .importDossiers, .reviewImports]),
    ]

    static let cases: [(Role, Relation, Action)] = Role.allCases.flatMap { role in
        Relation.allCases.flatMap { relation in
            Action.allCases.filter { $0 != .requestRegisterGrant }.map { (role, relation, $0) }
        }
    }

    @Test("every role, place and action", arguments: cases)
    func matrix(role: Role, relation: Relation, action: Action) {
        let officer = Officer(id: "officer", roles: [role], unit: .commune(code: "00004", province: "01"))
        let resource = Resource(place: relation.place, ownerID: "someone-else", activeGrant: true)
        let expectation = Self.expected[role]!
        let allowed = expectation.actions.contains(action) && expectation.reach.contains(relation)
        let decision = AccessPolicy.decide(officer, action, resource)
        #expect(decision.isAllowed == allowed, "\(role) \(action) at \(relation): \(decision)")
        if case .deny(_, let hidden) = decision {
            #expect(hidden == !expectation.reach.contains(relation), "out-of-scope reads must look absent (404)")
        }
    }

    @Test("cross-commune and cross-province work is refused; a national monitor sees no personal data")
    func scopes() {
        let communeOfficer = Officer(id: "a", roles: [.receptionist, .specialist, .approver], unit: .commune(code: "00004", province: "01"))
        for action in [Action.viewPersonalData, .queryPopulationRegister] {
            #expect(!AccessPolicy.decide(communeOfficer, action, Resource(place: .commune(code: "00008", province: "01"), activeGrant: true)).isAllowed)
        }
        let hanoiAdmin = Officer(id: "b", roles: [.provinceAdmin], unit: .province("01"))
        #expect(AccessPolicy.decide(hanoiAdmin, .viewUsers, Resource(place: .commune(code: "00008", province: "01"))).isAllowed)
        #expect(AccessPolicy.decide(hanoiAdmin, .viewUsers, Resource(place: .commune(code: "26734", province: "79")))
                == .deny(reason: "Ngoài phạm vi đơn vị được giao", hidden: true))
        let monitor = Officer(id: "c", roles: [.nationalMonitor], unit: .nation)
        for relation in Relation.allCases {
            #expect(!AccessPolicy.decide(monitor, .viewPersonalData, Resource(place: relation.place)).isAllowed)
            #expect(AccessPolicy.decide(monitor, .viewAggregates, Resource(place: relation.place)).isAllowed)
        }
    }

    @Test("own account and grants; no self-approval; a grant is needed to query the register")
    func ownAndGrants() {
        let officer = Officer(id: "me", roles: [.approver], unit: .commune(code: "00004", province: "01"))
        let mine = Resource(place: .commune(code: "00004", province: "01"), ownerID: "me")
        #expect(AccessPolicy.decide(officer, .viewPersonalData, mine).isAllowed)
        #expect(AccessPolicy.decide(officer, .requestRegisterGrant, mine).isAllowed)
        #expect(!AccessPolicy.decide(officer, .requestRegisterGrant, Resource(place: mine.place, ownerID: "other")).isAllowed)
        #expect(!AccessPolicy.decide(officer, .decideRegisterGrant, mine).isAllowed)
        #expect(!AccessPolicy.decide(officer, .queryPopulationRegister, Resource(place: mine.place, activeGrant: false)).isAllowed)
        #expect(AccessPolicy.decide(officer, .queryPopulationRegister, Resource(place: mine.place, activeGrant: true)).isAllowed)
        let monitor = Officer(id: "m", roles: [.nationalMonitor], unit: .nation)
        #expect(!AccessPolicy.decide(monitor, .requestRegisterGrant, Resource(place: .nation, ownerID: "m")).isAllowed)
    }

    @Test("admins cannot give more than they hold")
    func escalation() {
        let unitAdmin = Officer(id: "u", roles: [.unitAdmin], unit: .commune(code: "00004", province: "01"))
        let place = Place.commune(code: "00004", province: "01")
        #expect(AccessPolicy.decide(unitAdmin, .manageUsers, Resource(place: place, rolesGiven: [.receptionist, .approver])).isAllowed)
        for role in [Role.provinceAdmin, .inspector, .nationalMonitor, .sysadmin] {
            #expect(!AccessPolicy.decide(unitAdmin, .manageUsers, Resource(place: place, rolesGiven: [role])).isAllowed)
        }
        let provinceAdmin = Officer(id: "p", roles: [.provinceAdmin], unit: .province("01"))
        #expect(AccessPolicy.decide(provinceAdmin, .manageUsers, Resource(place: place, rolesGiven: [.inspector])).isAllowed)
        #expect(!AccessPolicy.decide(provinceAdmin, .manageUsers, Resource(place: place, rolesGiven: [.sysadmin])).isAllowed)
    }

    @Test("personal numbers are masked, and IDs are read for birth year and sex")
    func personalNumbers() throws {
        #expect(Masking.personalID("001099012345") == "001******345")
        #expect(Masking.phone("0912345678") == "091****678")
        #expect(Masking.personalID("123") == "***")
        let id = try #require(PersonalID("001199012345"))
        #expect(id.birthYear == 1999 && id.sex == .female && id.birthProvinceCode == "001")
        #expect(try #require(PersonalID("079205000001")).birthYear == 2005)
        #expect("\(id)" == "001******345")
        #expect(PersonalID("00109901234") == nil)
        #expect(PersonalID("00109901234x") == nil)
    }
}
