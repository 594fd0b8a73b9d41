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
        /// Rows taken per round; they are sent concurrently.
        public var batch = 64
        public var leaseSeconds: Double = 60
        /// Pause when nothing was due.
        public var idleSeconds: Double = 0.2
        /// How long a message waits when its system's circuit breaker is open.
        public var circuitWaitSeconds: Double = 1

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
        // A graceful shutdown (SIGTERM) ends the loop; a round under way is cut and its leases run out.
        await cancelWhenGracefulShutdown { await loop() }
    }

    func loop() async {
        while !Task.isCancelled {
            var sent = 0
            do {
                sent = try await round()
            } catch {
                logger.error("outbox round failed", metadata: ["error": "\(error)"])
            }
            if sent == 0 {
                try? await Task.sleep(for: .milliseconds(Int(settings.idleSeconds * 1000)))
            }
        }
    }

    static var millis: Int { Int(Date().timeIntervalSince1970 * 1000) }

    /// One lease and its deliveries; returns how many rows were taken.
    @discardableResult
    public func round() async throws -> Int {
        let rows = try await store.outbox.lease(owner: owner, now: Self.millis, leaseMillis: Int(settings.leaseSeconds * 1000), limit: settings.batch)
        guard !rows.isEmpty else { return 0 }
        await withTaskGroup(of: Void.self) { group in
            for row in rows {
                group.addTask { await deliver(row) }
            }
        }
        return rows.count
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
            case .failure(.circuitOpen):
                // Nothing went out: wait for the breaker without spending an attempt.
                try await store.outbox.postpone(id: row.id, owner: owner, until: Self.millis + Int(settings.circuitWaitSeconds * 1000))
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
