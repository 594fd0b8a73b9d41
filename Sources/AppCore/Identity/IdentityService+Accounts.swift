import Domain
public import Storage
import Foundation
import HummingbirdBcrypt

/// Account management within scope: lists, details (logged views), password changes and resets.
extension IdentityService {
    /// Accounts of a unit or province the asker oversees; without a unit, the asker's own scope.
    public func users(for actor: UserRecord, unitCode: String?, client: String) async throws(AppError) -> [UserRecord] {
        var province: String?
        var unit: String?
        switch unitCode?.count {
        case 5: unit = unitCode
        case 2: province = unitCode
        case nil:
            if actor.roles.contains(.sysadmin) {
                break
            } else if actor.roles.contains(.provinceAdmin) || actor.unitCode.count == 2 {
                province = actor.provinceCode
            } else {
                unit = actor.unitCode
            }
        default:
            throw .invalid("unit", "Mã đơn vị “\(unitCode ?? "")” không hợp lệ")
        }
        // Asked for a place outside the scope: it does not exist for this officer.
        let place: Place = if unitCode != nil {
            try await place(ofUnit: unitCode)
        } else if let province {
            .province(province)
        } else {
            unit.map { _ in actor.place } ?? .nation
        }
        if case .deny(let reason, let hidden) = AccessPolicy.decide(actor.officer, .viewUsers, Resource(place: place)) {
            throw hidden ? .notFound(what: "đơn vị", code: unitCode ?? "") : .forbidden(reason)
        }
        let list = try await storage {
            try await store.identity.users(provinceCode: province, unitCode: unit, offset: 0, limit: 1000)
        }
        let visible = list.filter { AccessPolicy.decide(actor.officer, .viewUsers, Resource(place: $0.place)) == .allow }
        try await logAccess(
            by: actor, action: "viewUsers", resource: "users", subject: "unit:\(unit ?? province ?? "all")",
            fields: ["username", "fullName", "roles"], purpose: "quản lý tài khoản", client: client
        )
        return visible
    }

    /// One account in full; the view is logged.
    public func user(id: String, for actor: UserRecord, client: String) async throws(AppError) -> UserRecord {
        guard let user = try await storage({ try await store.identity.user(id: id) }) else {
            throw .notFound(what: "tài khoản", code: id)
        }
        if case .deny(let reason, let hidden) = AccessPolicy.decide(actor.officer, .viewPersonalData, Resource(place: user.place, ownerID: user.id)) {
            throw hidden ? .notFound(what: "tài khoản", code: id) : .forbidden(reason)
        }
        try await logAccess(
            by: actor, action: "viewPersonalData", resource: "user/\(user.id)", subject: user.id,
            fields: ["username", "fullName", "agencyCode", "roles"], purpose: actor.id == user.id ? "own account" : "quản lý tài khoản", client: client
        )
        return user
    }

    /// The officer's own password change: the current one first; every other session ends.
    public func changePassword(for user: UserRecord, current: String, new: String) async throws(AppError) {
        guard Bcrypt.verify(current, hash: user.passwordHash) else { throw .forbidden("Mật khẩu hiện tại không đúng") }
        let problems = PasswordRules.problems(new, username: user.username)
        guard problems.isEmpty else { throw .invalid(problems.map { .init("newPassword", $0) }) }
        try await storage { try await store.identity.setPassword(userID: user.id, hash: Bcrypt.hash(new, cost: settings.bcryptCost)) }
        sessions.removeAll()
    }

    /// An administrator sets a new password for an account in scope; its sessions end.
    public func resetPassword(userID: String, new: String, by admin: UserRecord) async throws(AppError) {
        guard let user = try await storage({ try await store.identity.user(id: userID) }) else {
            throw .notFound(what: "tài khoản", code: userID)
        }
        if case .deny(let reason, let hidden) = AccessPolicy.decide(admin.officer, .manageUsers, Resource(place: user.place, rolesGiven: user.roles)) {
            throw hidden ? .notFound(what: "tài khoản", code: userID) : .forbidden(reason)
        }
        let problems = PasswordRules.problems(new, username: user.username)
        guard problems.isEmpty else { throw .invalid(problems.map { .init("password", $0) }) }
        try await storage { try await store.identity.setPassword(userID: user.id, hash: Bcrypt.hash(new, cost: settings.bcryptCost)) }
        sessions.removeAll()
    }
}
