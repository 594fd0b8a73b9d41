public import Domain

/// A dossier filed on the national portal, as its feed hands it over.
public struct PortalFiling: Hashable, Sendable, Codable {
    public var portalID: String
    public var procedureCode: String
    public var receivingUnit: String
    public var competentUnit: String?
    public var applicant: Applicant
    public var summary: String?
    public var submittedAt: Instant

    public init(portalID: String, procedureCode: String, receivingUnit: String, competentUnit: String?, applicant: Applicant, summary: String?, submittedAt: Instant) {
        self.portalID = portalID
        self.procedureCode = procedureCode
        self.receivingUnit = receivingUnit
        self.competentUnit = competentUnit
        self.applicant = applicant
        self.summary = summary
        self.submittedAt = submittedAt
    }
}

/// A page of the portal's feed; `next` is the cursor to ask with after it.
public struct FilingPage: Hashable, Sendable, Codable {
    public var items: [PortalFiling]
    public var next: String?

    public init(items: [PortalFiling], next: String?) {
        self.items = items
        self.next = next
    }
}

/// The statuses the portal holds for one dossier, in the order they arrived.
public struct StatusHistory: Hashable, Sendable, Codable {
    public var dossierCode: String
    public var statuses: [Int]

    public init(dossierCode: String, statuses: [Int]) {
        self.dossierCode = dossierCode
        self.statuses = statuses
    }
}

/// A list answer of the simulator's read endpoints.
public struct Items<Item: Codable & Sendable>: Codable, Sendable {
    public var items: [Item]

    public init(items: [Item]) { self.items = items }
}

/// Faults the simulator injects, for the whole run (`POST /sim/faults`) or one request (`X-Sim-Fault`).
public struct FaultSettings: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Slow answer (`latencyMs`), otherwise normal.
        case latency
        /// 503, nothing applied.
        case serverError = "5xx"
        /// No answer for `timeoutMs`, then 504; nothing applied.
        case timeout
        /// The connection closed before anything is applied.
        case reset
        /// Applied, then the connection closed: the answer is lost.
        case lost
        /// Applied twice, as a duplicated delivery; a pull hands each item twice.
        case duplicate
    }

    /// Share of requests (0…1) that get a fault.
    public var rate: Double
    public var kinds: [Kind]
    public var latencyMs: Int
    public var timeoutMs: Int
    /// Whether writes are deduplicated on their Idempotency-Key (a real register does); off, a
    /// repeated write is stored twice and reconciliation must report it.
    public var deduplicate: Bool
    /// An outage: every request but `/sim/…` fails with 503.
    public var down: Bool

    public init(rate: Double = 0, kinds: [Kind] = Kind.allCases, latencyMs: Int = 200, timeoutMs: Int = 3_000, deduplicate: Bool = true, down: Bool = false) {
        self.rate = rate
        self.kinds = kinds
        self.latencyMs = latencyMs
        self.timeoutMs = timeoutMs
        self.deduplicate = deduplicate
        self.down = down
    }
}

/// What the simulator counts, for tests and operators.
public struct SimulatorStats: Hashable, Sendable, Codable {
    public var requests: Int
    public var faults: [String: Int]
    public var writes: Int
    public var duplicatesIgnored: Int
    /// Repeated writes stored again (deduplication off), per system.
    public var duplicatesStored: [String: Int]

    public init(requests: Int = 0, faults: [String: Int] = [:], writes: Int = 0, duplicatesIgnored: Int = 0, duplicatesStored: [String: Int] = [:]) {
        self.requests = requests
        self.faults = faults
        self.writes = writes
        self.duplicatesIgnored = duplicatesIgnored
        self.duplicatesStored = duplicatesStored
    }
}
