import AppCore
import Domain
import Foundation
import Logging
import ReferenceData
import Registries
import Storage
import StorageTesting
import Testing

/// A running simulator: a real HTTP server on a free port of this machine.
struct RunningSimulator {
    let simulator: RegistrySimulator
    let port: Int
    let task: Task<Void, any Error>

    var base: String { "http://127.0.0.1:\(port)" }

    static func start(_ options: RegistrySimulator.Options = RegistrySimulator.Options()) async throws -> RunningSimulator {
        let simulator = RegistrySimulator(options)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        // Stopped by cancellation, which the server reports at error level: quiet below critical.
        var logger = Logger(label: "simulator")
        logger.logLevel = .critical
        let task = Task { [logger] in
            try await simulator.run(host: "127.0.0.1", port: 0, logger: logger) { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return RunningSimulator(simulator: simulator, port: port, task: task)
    }

    func stop() { task.cancel() }
}

/// The use cases on a real store, three officers of Phường Ba Đình (00004), and the clients of the
/// registries at a simulator.
struct RegistryHarness {
    let store: any Store
    let identity: IdentityService
    let dossiers: DossierService
    let clerk: UserRecord
    let specialist: UserRecord
    let approver: UserRecord

    static func make(_ store: any Store) async throws -> RegistryHarness {
        _ = try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        var settings = IdentityService.Settings()
        settings.bcryptCost = 4
        let identity = IdentityService(store: store, settings: settings, now: { Date() })
        try await identity.seedAgencies()
        try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
        let dossiers = DossierService(store: store, calendar: calendar, identity: identity, now: { Date() })
        func officer(_ role: String) async throws -> UserRecord {
            try await identity.addUser(.init(
                username: "\(role).\(UUID().uuidString.prefix(6).lowercased())", fullName: "Trần Văn Bình", password: "Mat-khau-thu-2026!",
                roles: [role], unitCode: "00004"
            ), by: nil)
        }
        return RegistryHarness(
            store: store, identity: identity, dossiers: dossiers, clerk: try await officer("receptionist"),
            specialist: try await officer("specialist"), approver: try await officer("approver")
        )
    }

    func registry(_ endpoints: RegistryEndpoints) -> (RegistryService, RegistryHTTP) {
        let http = RegistryHTTP(
            endpoints: endpoints, breaker: CircuitBreaker(threshold: 10, coolDownSeconds: 0.3),
            readRetries: RetryPolicy(baseSeconds: 0.02, maxSeconds: 0.3, maxAttempts: 10)
        )
        return (RegistryService(store: store, targets: .http(http), dossiers: dossiers, identity: identity, logger: Logger(label: "registry")), http)
    }

    /// Runs `body`, then shuts the clients down however it ended: a client still running when it is freed
    /// stops the whole test process (AsyncHTTPClient's debug check), hiding the error that left it so.
    static func closing<T>(_ clients: [RegistryHTTP], _ body: () async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        for client in clients { try? await client.shutdown() }
        return try result.get()
    }

    /// A birth registration received at the counter and carried to resolved (approved): its events ask
    /// for portal statuses, two SMS and one civil-status record.
    func resolvedBirth(_ number: Int) async throws -> String {
        try await resolved(number, procedure: "MC-HT-001", provided: [
            "Tờ khai đăng ký khai sinh theo mẫu",
            "Giấy chứng sinh; nếu không có: văn bản của người làm chứng xác nhận việc sinh hoặc giấy cam đoan về việc sinh",
        ])
    }

    /// A household business registration, resolved: a record for the business register.
    func resolvedBusiness(_ number: Int) async throws -> String {
        try await resolved(number, procedure: "MC-HKD-001", provided: ["Giấy đề nghị đăng ký hộ kinh doanh"])
    }

    func resolved(_ number: Int, procedure: String, provided documents: [String]) async throws -> String {
        let filed = try await dossiers.create(NewDossierRequest(
            procedureCode: procedure, applicant: Applicant(name: "Nguyễn Thị Hà \(number)", phone: "0912\(String(100_000 + number).suffix(6))"),
            summary: "Hồ sơ thử \(number)", provided: documents
        ), by: clerk, idempotency: nil)
        let code = try #require(filed.code)
        var version = try #require(filed.version)
        for (command, user) in [
            (DossierCommandRequest(command: .assign, assignee: specialist.id), approver),
            (DossierCommandRequest(command: .proposeDecision, outcome: .approved), specialist),
            (DossierCommandRequest(command: .decide, outcome: .approved), approver),
            (DossierCommandRequest(command: .resolve), specialist),
        ] {
            let answer = try await dossiers.command(code: code, command, expectedVersion: version, by: user, secret: nil, idempotency: nil)
            version = try #require(answer.version)
        }
        return code
    }

    /// Runs workers until nothing is pending; false if that took longer than `limit` seconds (a guard
    /// against a hang, not a speed check).
    func drain(_ workers: [OutboxWorker], limit: Double = 900) async throws -> Bool {
        let started = Date()
        while Date().timeIntervalSince(started) < limit {
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in workers { group.addTask { try await worker.work() } }
                return try await group.reduce(0, +)
            }
            if counts == 0 {
                if try await store.outbox.list(state: .pending, system: nil, dossierCode: nil, afterID: nil, limit: 1).isEmpty { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        return false
    }

    static func workerSettings() -> OutboxWorker.Settings {
        var settings = OutboxWorker.Settings()
        // Attempts enough for ~90 s of a register answering late: the whole suite on both engines once kept
        // a debug build's deliveries past the 0.3 s timeout for 60 attempts (~20 s) and one message died.
        settings.retry = RetryPolicy(baseSeconds: 0.02, maxSeconds: 0.4, maxAttempts: 240)
        settings.leaseSeconds = 10
        settings.circuitWaitSeconds = 0.3
        return settings
    }
}
