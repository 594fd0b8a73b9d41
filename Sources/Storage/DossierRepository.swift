public import Domain

/// What one command does to a dossier: the dossier before (nil for a new one), the events to append in
/// order, the dossier after them, and the answer to keep for the Idempotency-Key, if one was sent.
public struct DossierChange: Sendable {
    public var before: Dossier?
    public var events: [DossierEvent]
    public var after: Dossier
    public var idempotency: IdempotencyRecord?
    /// The applicant's view of the dossier after the change, as JSON: the look-up projection, read
    /// back whole so that a look-up decodes nothing.
    public var publicView: String
    /// Writes to other systems the change causes: outbox rows in the same transaction.
    public var outbox: [OutboxMessage]

    public init(
        before: Dossier?, events: [DossierEvent], after: Dossier, idempotency: IdempotencyRecord? = nil, publicView: String = "{}",
        outbox: [OutboxMessage] = []
    ) {
        self.before = before
        self.events = events
        self.after = after
        self.idempotency = idempotency
        self.publicView = publicView
        self.outbox = outbox
    }
}

/// A dossier of a work-queue page as stored: its version and place in the queue, and its state not yet
/// decoded (a caller holding the view of that version needs none).
public struct QueueEntry: Sendable {
    public var code: String
    public var version: Int
    /// The due time (0 before reception) the queue is ordered by, then the code.
    public var dueKey: Int
    public var state: String

    public init(code: String, version: Int, dueKey: Int, state: String) {
        self.code = code
        self.version = version
        self.dueKey = dueKey
        self.state = state
    }

    public func dossier() throws -> Dossier { try SQLDossierRepository.dossier([.text(state)]) }
}

/// Numbers to reserve in one agency's day: see `DossierRepository.reserveCodes`.
public struct CodeBlock: Hashable, Sendable {
    public var provinceCode: String
    public var agencyCode: String
    public var day: LocalDate
    public var count: Int

    public init(provinceCode: String, agencyCode: String, day: LocalDate, count: Int) {
        self.provinceCode = provinceCode
        self.agencyCode = agencyCode
        self.day = day
        self.count = count
    }
}

/// The first answer to a request sent with an Idempotency-Key, kept so that a replay gets it again.
public struct IdempotencyRecord: Sendable, Equatable {
    /// Whose key it is: the user id, or `public:` and the address for anonymous requests.
    public var scope: String
    public var key: String
    /// SHA-256 of method, path and body: the same key with another request is an error, not a replay.
    public var fingerprint: String
    public var status: Int
    public var body: String
    public var dossierCode: String?
    public var createdAt: Instant

    public init(scope: String, key: String, fingerprint: String, status: Int, body: String, dossierCode: String?, createdAt: Instant) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.status = status
        self.body = body
        self.dossierCode = dossierCode
        self.createdAt = createdAt
    }
}

/// Why a dossier write was rolled back.
public enum DossierWriteError: Error, Equatable, Sendable {
    /// The dossier changed since the version the command was decided on.
    case staleVersion(code: String)
    /// The Idempotency-Key was used already: read its record and answer with it.
    case idempotencyKeyUsed(scope: String, key: String)
}

/// A page of the work queue, sorted by due time.
public struct DossierQuery: Sendable {
    public var provinceCode: String?
    public var agencyCode: String?
    public var unitCode: String?
    public var statuses: [DossierStatus]
    public var procedureCode: String?
    /// Any of these procedures (a field's procedures); nil for no limit.
    public var procedureCodes: [String]?
    public var assignee: String?
    /// Due time and code of the last row of the previous page.
    public var after: (dueAt: Int, code: String)?
    public var limit: Int

    public init(
        provinceCode: String? = nil, agencyCode: String? = nil, unitCode: String? = nil, statuses: [DossierStatus] = [],
        procedureCode: String? = nil, procedureCodes: [String]? = nil, assignee: String? = nil, after: (dueAt: Int, code: String)? = nil,
        limit: Int = 50
    ) {
        self.procedureCodes = procedureCodes
        self.provinceCode = provinceCode
        self.agencyCode = agencyCode
        self.unitCode = unitCode
        self.statuses = statuses
        self.procedureCode = procedureCode
        self.assignee = assignee
        self.after = after
        self.limit = limit
    }
}

/// Dossiers: events appended with their projections (current row, steps, daily counters) in one
/// transaction, nothing else.
public protocol DossierRepository: Sendable {
    /// Dossiers changed at or after an instant, by code: what a reconciliation walks.
    func changed(since: Instant, provinceCode: String?) async throws -> [Dossier]
    /// Writes a new dossier under the next number of the agency's day, in one transaction, and returns
    /// its code. `build` is called once, before the transaction, with a stand-in for the code: everything
    /// it encodes is prepared outside the writer's lock, and the stand-in is replaced by the allocated
    /// code inside the transaction.
    func create(provinceCode: String, agencyCode: String, day: LocalDate, build: @Sendable (String) throws -> DossierChange)
        async throws -> String
    /// Appends the change if the dossier is still at `change.before.version`; else `staleVersion`.
    func append(_ change: DossierChange) async throws
    /// Reserves `count` consecutive numbers of each agency's day in one transaction and returns the first
    /// of each block, so that a writer of many dossiers names their codes without a round trip each.
    func reserveCodes(_ blocks: [CodeBlock]) async throws -> [Int]
    /// Writes many changes, at most one per dossier, in one transaction, all or nothing, the counters
    /// summed across them first: the bulk path of generation and import (codes from `reserveCodes`).
    func appendMany(_ changes: [DossierChange]) async throws
    func dossier(code: String) async throws -> Dossier?
    /// The look-up projection: the secret's hash and the applicant's view, for the citizen look-up.
    func lookup(code: String) async throws -> (secretHash: String, publicView: String)?
    func events(code: String) async throws -> [DossierEvent]
    func idempotencyRecord(scope: String, key: String) async throws -> IdempotencyRecord?
    func queue(_ query: DossierQuery) async throws -> [Dossier]
    /// The same page with each dossier's state undecoded.
    func queueEntries(_ query: DossierQuery) async throws -> [QueueEntry]
    /// Dossiers a counter received between two instants, in order of receipt (the tracking book).
    func received(provinceCode: String, agencyCode: String, from: Instant, to: Instant, limit: Int) async throws -> [Dossier]
    /// Daily counters of a province (or all) between two days, for monitoring and `verify`.
    func counters(provinceCode: String?, from: LocalDate, to: LocalDate) async throws -> [CounterKey: CounterValues]
    /// A secret of the installation shared by every instance: the proposed value the first time.
    func serverKey(name: String, proposed: String, at: Instant) async throws -> String
    /// Every dossier code of a province (or all), for `verify`.
    func codes(provinceCode: String?) async throws -> [String]
    /// Dossiers in (province, code) order after a position, each with its events and its look-up view's
    /// JSON: what `verify` replays, a page at a time.
    func replayPage(provinceCode: String?, after: (province: String, code: String)?, limit: Int) async throws
        -> [(current: Dossier, events: [DossierEvent], publicView: String)]
    /// What the data-quality checks read of each dossier, in (province, code) order after a position: the
    /// data-quality scan and the old-address job go through every dossier of a scope this way.
    func subjects(provinceCode: String?, after: (province: String, code: String)?, limit: Int) async throws -> [QualitySubject]
    /// How many dossiers a province (or all) holds.
    func count(provinceCode: String?) async throws -> Int

    // Dossiers brought over from pre-reform systems. A new dossier whose opening names its origin also
    // writes its alias and closes its review, in the dossier's transaction.
    /// Which of these original codes of a system are imported or waiting in the review queue.
    func knownOriginals(sourceSystem: String, codes: [String]) async throws -> Set<String>
    /// Queues records for review; one already queued is left as it is.
    func queueReviews(_ reviews: [LegacyImportReview]) async throws
    /// Reviews of a province (or all), pending or resolved, in (system, code) order after a position.
    func reviews(provinceCode: String?, resolved: Bool, after: (system: String, code: String)?, limit: Int) async throws -> [LegacyImportReview]
    func review(sourceSystem: String, originalCode: String) async throws -> LegacyImportReview?
    /// Records addresses found in pre-reform units (a row per subject and old code, replaced).
    func recordAddressConversions(_ conversions: [AddressUpdate]) async throws
    func addressConversions(state: AddressUpdate.State?, provinceCode: String?, limit: Int) async throws -> [AddressUpdate]
}
