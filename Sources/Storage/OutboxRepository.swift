public import Domain

/// Where an outbox row stands.
public enum OutboxState: String, Sendable, Codable, CaseIterable {
    /// Waiting to be sent, or being sent under a lease.
    case pending
    case delivered
    /// Gave up after the retry policy's attempts (or refused for good by the receiver): an operator
    /// retries or discards it.
    case dead
    /// Dropped by an operator; kept for the record.
    case discarded
}

/// A stored outbox message and its delivery so far. Times in milliseconds since 1970 (UTC).
public struct OutboxRow: Sendable, Equatable {
    public var id: Int
    public var message: OutboxMessage
    public var state: OutboxState
    public var attempts: Int
    public var nextAttemptAt: Int
    public var lastError: String?
    public var createdAt: Int
    public var deliveredAt: Int?

    public init(id: Int, message: OutboxMessage, state: OutboxState, attempts: Int, nextAttemptAt: Int, lastError: String?, createdAt: Int, deliveredAt: Int?) {
        self.id = id
        self.message = message
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// How many rows of a system sit in a state for a unit: what monitoring shows as undelivered.
public struct OutboxCount: Sendable, Equatable, Codable {
    public var system: ExternalSystem
    public var provinceCode: String
    public var unitCode: String
    public var state: OutboxState
    public var count: Int

    public init(system: ExternalSystem, provinceCode: String, unitCode: String, state: OutboxState, count: Int) {
        self.system = system
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.state = state
        self.count = count
    }
}

/// Mismatches the last reconciliation of a system found at a unit.
public struct MismatchCount: Sendable, Equatable, Codable {
    public var system: ExternalSystem
    public var unitCode: String
    public var mismatches: Int
    /// Milliseconds since 1970 (UTC).
    public var checkedAt: Int

    public init(system: ExternalSystem, unitCode: String, mismatches: Int, checkedAt: Int) {
        self.system = system
        self.unitCode = unitCode
        self.mismatches = mismatches
        self.checkedAt = checkedAt
    }
}

/// The outbox: rows are added with the dossier change that causes them (see `DossierChange.outbox`);
/// any number of workers lease, send and mark them.
public protocol OutboxRepository: Sendable {
    /// Adds messages outside a dossier change (a reconciliation's repair); a key already present is skipped.
    func enqueue(_ messages: [OutboxMessage], at now: Int) async throws
    /// Takes up to `limit` due rows for `owner` until `now + leaseMillis`. Per dossier and system only
    /// the oldest undelivered row is handed out, so that a receiver sees them in order.
    func lease(owner: String, now: Int, leaseMillis: Int, limit: Int) async throws -> [OutboxRow]
    /// Frees every lease of a pending row and returns how many. Only for a store one process works on
    /// (SQLite under the server's file lock): at start, the leases of a process that died are its own,
    /// and waiting for them to run out would hold deliveries back for a lease's length.
    func releaseLeases() async throws -> Int
    func delivered(id: Int, at now: Int) async throws
    /// Records a failed attempt by the lease's owner: retried at `retryAt`, or dead when it is nil.
    func failed(id: Int, owner: String, error: String, retryAt: Int?) async throws
    /// Puts leased rows off without counting an attempt (the circuit was open: nothing was sent), in one
    /// statement.
    func postpone(ids: [Int], owner: String, until: Int) async throws
    func list(state: OutboxState?, system: ExternalSystem?, dossierCode: String?, afterID: Int?, limit: Int, provinceCode: String?) async throws -> [OutboxRow]
    func row(id: Int) async throws -> OutboxRow?
    /// A dead or discarded row back to pending, attempts reset; false when there is no such row.
    func retry(id: Int, at now: Int) async throws -> Bool
    /// A pending or dead row to discarded; false when there is no such row.
    func discard(id: Int) async throws -> Bool
    func counts() async throws -> [OutboxCount]
    /// The last reconciliation's mismatches per unit of a system (units without any are dropped).
    func recordMismatches(system: ExternalSystem, perUnit: [String: Int], at now: Int) async throws
    func mismatchCounts() async throws -> [MismatchCount]
    /// A named position in another system's feed (the portal's pull cursor).
    func cursor(_ name: String) async throws -> String?
    func setCursor(_ name: String, _ value: String) async throws
}

extension OutboxRepository {
    public func list(state: OutboxState?, system: ExternalSystem?, dossierCode: String?, afterID: Int?, limit: Int) async throws -> [OutboxRow] {
        try await list(state: state, system: system, dossierCode: dossierCode, afterID: afterID, limit: limit, provinceCode: nil)
    }
}
