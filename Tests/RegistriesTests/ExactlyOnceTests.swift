import AppCore
import Domain
import Foundation
import Logging
import Registries
import Storage
import StorageTesting
import Testing

/// The acceptance of the outbox: under 20 % faults of every kind, every write lands exactly once and
/// in order, and reconciliation agrees; without deduplication, it reports exactly the duplicates.
@Suite(.serialized)
struct ExactlyOnceTests {
    static let dossierCount = Int(ProcessInfo.processInfo.environment["MOTCUA_REGISTRY_TEST_DOSSIERS"] ?? "") ?? 2_000

    static var faults: FaultSettings {
        FaultSettings(rate: 0.2, kinds: FaultSettings.Kind.allCases, latencyMs: 30, timeoutMs: 700)
    }

    @Test(arguments: TestStores.engines)
    func exactlyOnceUnderFaults(_ engine: TestStores.Engine) async throws {
        var options = RegistrySimulator.Options()
        options.faults = Self.faults
        let simulator = try await RunningSimulator.start(options)
        defer { simulator.stop() }
        let store = try await TestStores.make(engine)
        let harness = try await RegistryHarness.make(store)
        let endpoints = RegistryEndpoints.all(at: simulator.base, timeoutSeconds: 0.3)
        let (registry, http) = harness.registry(endpoints)
        // On PostgreSQL two workers on two connection pools share the outbox, as two server processes do.
        var stores = [store]
        var https = [http]
        if engine == .postgres {
            stores.append(try await TestStores.reopen(store))
            https.append(RegistryHTTP(endpoints: endpoints, breaker: CircuitBreaker(threshold: 10, coolDownSeconds: 0.3)))
        }
        try await RegistryHarness.closing(https) {
            let workers = zip(stores, https).enumerated().map { index, pair in
                OutboxWorker(store: pair.0, targets: .http(pair.1), settings: RegistryHarness.workerSettings(), owner: "worker-\(index)", logger: Logger(label: "outbox"))
            }

            // Dossiers filed on the portal come in once, although the feed is pulled under faults
            // (including pages delivered twice) and pulled again.
            let pulled = try await registry.pullPortal(limit: 7)
            #expect(pulled >= 20)
            try await registry.pullPortal()
            let portalCodes = try await store.dossiers.codes(provinceCode: nil)
            #expect(portalCodes.count == 20)
            for code in portalCodes {
                let dossier = try #require(try await store.dossiers.dossier(code: code))
                #expect(dossier.opening.channel == .onlinePortal && dossier.status == .submitted && dossier.opening.portalID?.hasPrefix("G22.") == true)
            }

            // Resolved birth registrations, filed by eight counters at once while the workers deliver.
            let delivering = Task { _ = try await harness.drain(workers) }
            let codes: [String]
            do {
                codes = try await withThrowingTaskGroup(of: [String].self) { group in
                    for lane in 0..<8 {
                        group.addTask {
                            var codes: [String] = []
                            for number in stride(from: lane, to: Self.dossierCount, by: 8) { codes.append(try await harness.resolvedBirth(number)) }
                            return codes
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
            } catch {
                // Stopped before the simulator is: its server crashed the test process (NIO's "Deinited
                // NIOAsyncWriter without calling finish()") when deliveries still connected while it shut down.
                delivering.cancel()
                _ = await delivering.result
                throw error
            }
            _ = try await delivering.value
            #expect(try await harness.drain(workers), "the outbox drained")
            #expect(Set(codes).count == Self.dossierCount)

            let dead = try await store.outbox.list(state: .dead, system: nil, dossierCode: nil, afterID: nil, limit: 10)
            #expect(dead.isEmpty, "no dead letters: \(dead.map { $0.lastError ?? "" })")
            let stats = await simulator.simulator.stats()
            for kind in FaultSettings.Kind.allCases {
                #expect((stats.faults[kind.rawValue] ?? 0) > 0, "the simulator injected \(kind.rawValue) faults")
            }

            // Read back without faults: exactly one record per dossier, every status in order.
            await simulator.simulator.setFaults(FaultSettings())
            let records = try await HTTPRegistries(http: http).register(.civilStatus).records(dossierCode: nil)
            #expect(records.count == Self.dossierCount)
            #expect(Set(records.map(\.dossierCode)) == Set(codes))
            let held = try await HTTPRegistries(http: http).statuses()
            for code in codes.prefix(200) {
                #expect(held[code] == [1, 2, 4, 9], "statuses of \(code) on the portal: \(held[code] ?? [])")
            }
            let notices = await simulator.simulator.inbox()
            #expect(notices.count == 2 * Self.dossierCount, "an SMS on receipt and one when the result is ready")
            #expect(notices.contains { $0.text.contains("đã được tiếp nhận") })

            for system in [ExternalSystem.civilStatus, .portal] {
                let report = try await registry.reconcile(system, since: LocalDate(year: 2025, month: 7, day: 1)!, repair: false)
                #expect(report.mismatches.isEmpty, "\(system): \(report.mismatches.prefix(5))")
                #expect(report.checked == (system == .portal ? Self.dossierCount + 20 : Self.dossierCount))
            }
        }
        for store in stores { try await store.close() }
    }

    @Test
    func reconciliationReportsTheDuplicatesOfANonDeduplicatingRegister() async throws {
        var options = RegistrySimulator.Options()
        options.filings = 0
        options.faults = FaultSettings(rate: 0.3, kinds: [.duplicate, .lost], deduplicate: false)
        let simulator = try await RunningSimulator.start(options)
        defer { simulator.stop() }
        let store = try await TestStores.make(.sqlite)
        let harness = try await RegistryHarness.make(store)
        let (registry, http) = harness.registry(RegistryEndpoints.all(at: simulator.base, timeoutSeconds: 1))
        try await RegistryHarness.closing([http]) {
            let worker = OutboxWorker(store: store, targets: .http(http), settings: RegistryHarness.workerSettings(), logger: Logger(label: "outbox"))
            for number in 0..<60 { _ = try await harness.resolvedBirth(number) }
            #expect(try await harness.drain([worker]))
            await simulator.simulator.setFaults(FaultSettings(deduplicate: false))
            let stats = await simulator.simulator.stats()
            let createdRecords = stats.duplicatesStored[ExternalSystem.civilStatus.rawValue] ?? 0
            let createdStatuses = stats.duplicatesStored[ExternalSystem.portal.rawValue] ?? 0
            #expect(createdRecords > 0 && createdStatuses > 0, "the run created duplicates to find")

            let records = try await registry.reconcile(.civilStatus, since: LocalDate(year: 2025, month: 7, day: 1)!, repair: false)
            #expect(records.mismatches.allSatisfy { $0.kind == .extra })
            #expect(records.mismatches.map(\.extraCopies).reduce(0, +) == createdRecords)
            let statuses = try await registry.reconcile(.portal, since: LocalDate(year: 2025, month: 7, day: 1)!, repair: false)
            #expect(statuses.mismatches.map(\.extraCopies).reduce(0, +) == createdStatuses)
        }
        try await store.close()
    }

    @Test
    func repairResendsWhatTheRegisterLacks() async throws {
        var options = RegistrySimulator.Options()
        options.filings = 0
        let simulator = try await RunningSimulator.start(options)
        defer { simulator.stop() }
        let store = try await TestStores.make(.sqlite)
        let harness = try await RegistryHarness.make(store)
        let (registry, http) = harness.registry(RegistryEndpoints.all(at: simulator.base, timeoutSeconds: 1))
        try await RegistryHarness.closing([http]) {
            let code = try await harness.resolvedBirth(1)
            // An operator discards the record's message: the register never gets it.
            let rows = try await store.outbox.list(state: .pending, system: .civilStatus, dossierCode: code, afterID: nil, limit: 5)
            #expect(rows.count == 1)
            #expect(try await store.outbox.discard(id: rows[0].id))
            let worker = OutboxWorker(store: store, targets: .http(http), settings: RegistryHarness.workerSettings(), logger: Logger(label: "outbox"))
            #expect(try await harness.drain([worker]))
            let since = LocalDate(year: 2025, month: 7, day: 1)!
            let before = try await registry.reconcile(.civilStatus, since: since, repair: true)
            #expect(before.mismatches.map(\.kind) == [.missing])
            #expect(before.repaired == 1)
            #expect(try await harness.drain([worker]))
            let after = try await registry.reconcile(.civilStatus, since: since, repair: false)
            #expect(after.mismatches.isEmpty)

            // A household business registration goes to the business register, and reads back.
            let business = try await harness.resolvedBusiness(2)
            #expect(try await harness.drain([worker]))
            let held = try await HTTPRegistries(http: http).register(.business).records(dossierCode: business)
            #expect(held.map(\.procedureCode) == ["MC-HKD-001"])
            #expect(try await registry.reconcile(.business, since: since, repair: false).mismatches.isEmpty)
            #expect(try await HTTPRegistries(http: http).register(.civilStatus).records(dossierCode: business).isEmpty)
        }
        try await store.close()
    }
}
