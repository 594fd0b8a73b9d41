import Foundation

/// The right of one officer to query the national population register, for a stated reason and a
/// limited time: requested by the officer, granted or refused by the unit's approver or the province
/// admin, revocable at any time, and over when it expires.
public struct RegisterGrant: Hashable, Sendable {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case requested, granted, refused, revoked
    }

    public var id: String
    public var userID: String
    public var unit: Place
    public var reason: String
    /// Days asked for (and given, from the decision).
    public var days: Int
    public var status: Status
    public var requestedAt: Instant
    public var decidedBy: String?
    public var decidedAt: Instant?
    public var expiresAt: Instant?

    public init(
        id: String, userID: String, unit: Place, reason: String, days: Int, status: Status = .requested, requestedAt: Instant,
        decidedBy: String? = nil, decidedAt: Instant? = nil, expiresAt: Instant? = nil
    ) {
        self.id = id
        self.userID = userID
        self.unit = unit
        self.reason = reason
        self.days = days
        self.status = status
        self.requestedAt = requestedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.expiresAt = expiresAt
    }

    public static let maximumDays = 90

    public func isActive(at now: Instant) -> Bool {
        status == .granted && (expiresAt.map { now < $0 } ?? false)
    }

    /// What can be wrong with a grant request or a step of its life.
    public enum Failure: Error, Equatable, Sendable {
        case invalidReason
        case invalidDays(Int)
        case notPending(Status)
        case notGranted(Status)
    }

    /// A new request, checked.
    public static func request(id: String, userID: String, unit: Place, reason: String, days: Int, at now: Instant) throws(Failure) -> RegisterGrant {
        guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 5 else { throw .invalidReason }
        guard (1...maximumDays).contains(days) else { throw .invalidDays(days) }
        return RegisterGrant(id: id, userID: userID, unit: unit, reason: reason, days: days, requestedAt: now)
    }

    /// Grants or refuses a pending request; a grant runs `days` days from the decision.
    public func decided(granted: Bool, by approver: String, at now: Instant) throws(Failure) -> RegisterGrant {
        guard status == .requested else { throw .notPending(status) }
        var copy = self
        copy.status = granted ? .granted : .refused
        copy.decidedBy = approver
        copy.decidedAt = now
        copy.expiresAt = granted ? Instant(minutes: now.minutes + days * 1440) : nil
        return copy
    }

    /// Revokes a grant at once.
    public func revoked() throws(Failure) -> RegisterGrant {
        guard status == .granted else { throw .notGranted(status) }
        var copy = self
        copy.status = .revoked
        return copy
    }
}
