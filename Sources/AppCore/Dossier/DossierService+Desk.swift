public import Domain
public import Storage

extension DossierService {
    /// The commands this officer may give on the dossier now: accepted by the life-cycle rules and
    /// allowed to their roles at the places the command is given from. The pages offer exactly these.
    public func availableCommands(_ dossier: Dossier, for user: UserRecord) -> [DossierCommand] {
        dossier.acceptedCommands.filter { command in
            command != .rate && AccessPolicy.decide(user.officer, roles: command.roles, places: Self.places(dossier, for: command)) == .allow
        }
    }

    /// Who the dossier may be given to: the active specialists and leaders of the unit holding it.
    public func assignees(for dossier: Dossier) async throws(AppError) -> [UserRecord] {
        let unit = dossier.currentUnit
        let list = try await storage {
            try await store.identity.users(provinceCode: unit.count == 2 ? unit : nil, unitCode: unit.count == 5 ? unit : nil, offset: 0, limit: 1000)
        }
        return list.filter { $0.active && $0.unitCode == unit && !$0.roles.isDisjoint(with: [.specialist, .approver]) }
    }
}
