public import Domain
public import Storage
import Foundation

/// The population-register grant workflow: request → grant or refuse → expiry or revocation, each step
/// an audited event.
extension IdentityService {
    var nowInstant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }

    private func check(_ user: UserRecord, _ action: Action, _ resource: Resource, what: String, code: String) throws(AppError) {
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, action, resource) {
            throw hidden ? .notFound(what: what, code: code) : .forbidden(reason)
        }
    }

    public func requestGrant(by user: UserRecord, reason: String, days: Int) async throws(AppError) -> RegisterGrant {
        try check(user, .requestRegisterGrant, Resource(place: user.place, ownerID: user.id), what: "đơn vị", code: user.unitCode)
        let grant: RegisterGrant
        do {
            grant = try RegisterGrant.request(id: UUID().uuidString.lowercased(), userID: user.id, unit: user.place, reason: reason, days: days, at: nowInstant)
        } catch {
            throw Self.appError(error)
        }
        try await save(grant, GrantEvent(at: nowInstant, actorID: user.id, event: "requested", note: reason))
        return grant
    }

    public func decideGrant(id: String, granted: Bool, note: String, by approver: UserRecord) async throws(AppError) -> RegisterGrant {
        let grant = try await existingGrant(id)
        try check(approver, .decideRegisterGrant, Resource(place: grant.unit, ownerID: grant.userID), what: "đề nghị cấp quyền", code: id)
        let decided: RegisterGrant
        do { decided = try grant.decided(granted: granted, by: approver.id, at: nowInstant) } catch { throw Self.appError(error) }
        try await save(decided, GrantEvent(at: nowInstant, actorID: approver.id, event: granted ? "granted" : "refused", note: note))
        return decided
    }

    public func revokeGrant(id: String, note: String, by actor: UserRecord) async throws(AppError) -> RegisterGrant {
        let grant = try await existingGrant(id)
        try check(actor, .decideRegisterGrant, Resource(place: grant.unit, ownerID: grant.userID), what: "quyền tra cứu", code: id)
        let revoked: RegisterGrant
        do { revoked = try grant.revoked() } catch { throw Self.appError(error) }
        try await save(revoked, GrantEvent(at: nowInstant, actorID: actor.id, event: "revoked", note: note))
        return revoked
    }

    /// Grants in the asker's scope (a unit, a province, or their own when nothing more is allowed).
    public func grants(for actor: UserRecord, unitCode: String?, activeOnly: Bool) async throws(AppError) -> [RegisterGrant] {
        try Self.requireCode(unitCode, field: "unit", levels: [.province, .commune])
        let own = AccessPolicy.decide(actor.officer, .viewRegisterGrants, Resource(place: actor.place)) != .allow
        var list: [RegisterGrant]
        if own {
            list = try await storage { try await store.identity.grants(provinceCode: nil, unitCode: nil, userID: actor.id) }
        } else {
            let unit = unitCode ?? (actor.roles.contains(.provinceAdmin) || actor.unitCode.count == 2 ? nil : actor.unitCode)
            let province = actor.roles.contains(.sysadmin) && unitCode == nil ? nil : actor.provinceCode
            list = try await storage { try await store.identity.grants(provinceCode: province, unitCode: unit, userID: nil) }
            list = list.filter { AccessPolicy.decide(actor.officer, .viewRegisterGrants, Resource(place: $0.unit, ownerID: $0.userID)) == .allow }
        }
        let now = nowInstant
        return activeOnly ? list.filter { $0.isActive(at: now) } : list
    }

    public func grantEvents(id: String, for actor: UserRecord) async throws(AppError) -> [GrantEvent] {
        let grant = try await existingGrant(id)
        try check(actor, .viewRegisterGrants, Resource(place: grant.unit, ownerID: grant.userID), what: "quyền tra cứu", code: id)
        return try await storage { try await store.identity.grantEvents(grantID: id) }
    }

    /// Whether the officer may query the population register now.
    public func hasActiveGrant(userID: String) async throws(AppError) -> Bool {
        let now = nowInstant
        return try await storage { try await store.identity.grants(provinceCode: nil, unitCode: nil, userID: userID) }
            .contains { $0.isActive(at: now) }
    }

    private func existingGrant(_ id: String) async throws(AppError) -> RegisterGrant {
        guard let grant = try await storage({ try await store.identity.grant(id: id) }) else {
            throw .notFound(what: "đề nghị cấp quyền", code: id)
        }
        return grant
    }

    private func save(_ grant: RegisterGrant, _ event: GrantEvent) async throws(AppError) {
        try await storage { try await store.identity.saveGrant(grant, event: event) }
    }

    static func appError(_ failure: RegisterGrant.Failure) -> AppError {
        switch failure {
        case .invalidReason: .invalid("reason", "Cần nêu lý do (ít nhất 5 ký tự)")
        case .invalidDays(let days): .invalid("days", "Thời hạn \(days) ngày không hợp lệ; từ 1 đến \(RegisterGrant.maximumDays) ngày")
        case .notPending(let status): .conflict("Đề nghị đã được xử lý (\(status.rawValue))")
        case .notGranted(let status): .conflict("Quyền không ở trạng thái đã cấp (\(status.rawValue))")
        }
    }
}
