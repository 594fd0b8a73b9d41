import Registries
public import ServiceLifecycle
public import Storage
public import Logging
public import Domain
public import Foundation
import Metrics

/// Sends the outbox: leases due rows, delivers them with their idempotency keys, marks them, backs
/// off on failure and parks dead letters. Any number of processes may run it on one database: leases
/// (and `SKIP LOCKED` on PostgreSQL) keep them from sending the same row at once, and the receiver's
/// deduplication on the key covers a lease that ran out mid-send.
public struct OutboxWorker: Service {
    public struct Settings: Sendable {
        public var retry = RetryPolicy()
        /// Messages in flight at most; a lease tops them up once half are done.
        public var batch = 64
        public var leaseSeconds: Double = 60
        /// Pause when nothing was due.
        public var idleSeconds: Double = 0.2
        /// How long a message waits when its call found the circuit breaker half-open (a trial call under
        /// way); an open breaker says itself until when.
        public var circuitWaitSeconds: Double = 1
        /// This process is the only worker the store can have (SQLite under the server's file lock): at
        /// start, leases still held were a dead process's, and are freed instead of left to run out.
        public var soleWorker = false

        public init() {}
    }

    let store: any Store
    let targets: RegistryTargets
    let settings: Settings
    let owner: String
    let logger: Logger

    public init(store: any Store, targets: RegistryTargets, settings: Settings = Settings(), owner: String = "worker-\(UUID().uuidString.prefix(8))", logger: Logger) {
        self.store = store
        self.targets = targets
        self.settings = settings
        self.owner = owner
        self.logger = logger
    }

    public func run() async throws {
        if settings.soleWorker {
            let freed = try await store.outbox.releaseLeases()
            if freed > 0 { logger.notice("outbox: \(freed) message(s) leased by a previous process are free again") }
        }
        // A graceful shutdown (SIGTERM) ends the loop; deliveries under way are cut and their leases run out.
        await cancelWhenGracefulShutdown { await loop() }
    }

    func loop() async {
        while !Task.isCancelled {
            var sent = 0
            do {
                sent = try await work()
            } catch {
                logger.error("outbox lease failed", metadata: ["error": "\(error)"])
            }
            if sent == 0 {
                try? await Task.sleep(for: .milliseconds(Int(settings.idleSeconds * 1000)))
            }
        }
    }

    static var millis: Int { Int(Date().timeIntervalSince1970 * 1000) }

    /// Delivers while anything is due, up to `batch` messages in flight, and returns how many rows it took
    /// once a lease finds nothing and nothing is in flight. Leasing again as soon as half the slots are
    /// free, instead of waiting for a whole round, keeps one register call that runs into its timeout
    /// from holding back the 63 others (a round under 20 % faults lasted as long as its slowest call), and
    /// a delivered message's successor in its dossier is taken up at once. A lease that fails lets the
    /// deliveries in flight finish, then throws.
    @discardableResult
    public func work() async throws -> Int {
        let batch = max(1, settings.batch)
        let (taken, failure) = await withTaskGroup(of: Void.self) { group -> (Int, (any Error)?) in
            var inFlight = 0, taken = 0
            var failure: (any Error)?
            while !Task.isCancelled, failure == nil {
                if inFlight <= batch / 2 {
                    do {
                        let rows = try await store.outbox.lease(
                            owner: owner, now: Self.millis, leaseMillis: Int(settings.leaseSeconds * 1000), limit: batch - inFlight
                        )
                        taken += rows.count
                        for row in try await postponeBlocked(rows) {
                            group.addTask { await deliver(row) }
                            inFlight += 1
                        }
                    } catch {
                        failure = error
                    }
                }
                if inFlight == 0 { break }
                await group.next()
                inFlight -= 1
            }
            await group.waitForAll()
            return (taken, failure)
        }
        if let failure { throw failure }
        return taken
    }

    /// Puts off, in one write per system, the rows whose system's circuit breaker is open, until it lets a
    /// trial call through, and returns the others. Sent one by one, each would fail at once and be put off
    /// by `circuitWaitSeconds` on its own: during an outage two workers leased and rewrote every pending
    /// row about once a second, one write each, beside the filings that wanted the same connections.
    func postponeBlocked(_ rows: [OutboxRow]) async throws -> [OutboxRow] {
        var blocked: [ExternalSystem: (until: Double, ids: [Int])] = [:]
        var open: [OutboxRow] = []
        for row in rows {
            let system = row.message.system
            if let until = blocked[system]?.until ?? targets.blockedUntil(system) {
                blocked[system, default: (until, [])].ids.append(row.id)
            } else {
                open.append(row)
            }
        }
        for (_, put) in blocked {
            try await store.outbox.postpone(ids: put.ids, owner: owner, until: Int(put.until * 1000))
        }
        return open
    }

    func deliver(_ row: OutboxRow) async {
        let system = row.message.system.rawValue
        let result: Result<Void, RegistryError>
        do throws(RegistryError) {
            try await targets.send(row.message)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        do {
            switch result {
            case .success:
                try await store.outbox.delivered(id: row.id, at: Self.millis)
                Counter(label: "motcua_outbox_deliveries_total", dimensions: [("system", system)]).increment()
            case .failure(.circuitOpen(let system)):
                // Nothing went out: wait for the breaker without spending an attempt.
                let until = targets.blockedUntil(system).map { Int($0 * 1000) } ?? Self.millis + Int(settings.circuitWaitSeconds * 1000)
                try await store.outbox.postpone(ids: [row.id], owner: owner, until: until)
            case .failure(let error):
                let attempts = row.attempts + 1
                if error.isPermanent || settings.retry.isExhausted(attempts) {
                    try await store.outbox.failed(id: row.id, owner: owner, error: error.description, retryAt: nil)
                    Counter(label: "motcua_outbox_dead_letters_total", dimensions: [("system", system)]).increment()
                    logger.error("outbox message parked as a dead letter", metadata: [
                        "id": "\(row.id)", "system": "\(system)", "dossier": "\(row.message.dossierCode)", "attempts": "\(attempts)",
                        "error": "\(error)",
                    ])
                } else {
                    let delay = settings.retry.delay(afterAttempt: attempts, unit: Double.random(in: 0..<1))
                    try await store.outbox.failed(id: row.id, owner: owner, error: error.description, retryAt: Self.millis + Int(delay * 1000))
                    Counter(label: "motcua_outbox_retries_total", dimensions: [("system", system)]).increment()
                }
            }
        } catch {
            // The row stays leased and pending: after the lease it is sent again, which the key makes harmless.
            logger.warning("outbox row not marked", metadata: ["id": "\(row.id)", "error": "\(error)"])
        }
    }
}
