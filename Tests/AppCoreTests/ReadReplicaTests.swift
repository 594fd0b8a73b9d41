import AppCore
import Domain
import Foundation
import Logging
import Storage
import StoragePostgres
import StorageTesting
import Testing

/// `MOTCUA_READ_DATABASE_URL`: reports read the replica, and a citizen look-up the replica does not
/// answer is asked of the primary. The "replica" here is a second, empty schema of the test server, a
/// replica infinitely behind, so every read shows where it went. `scripts/read-replica` runs a real
/// streaming standby.
@Suite("read replica")
struct ReadReplicaTests {
    @Test("reports read the replica; a look-up the replica cannot answer reads the primary", .enabled(if: TestStores.postgresURL != nil))
    func routing() async throws {
        let primary = try await TestStores.make(.postgres)
        let lagging = try await TestStores.make(.postgres)
        guard let primaryStore = primary as? PostgresStore, let laggingStore = lagging as? PostgresStore else { return }
        try await ReferenceLoader.ensureGeography(in: primary, at: "2025-07-01T00:00:00Z")
        try await ReferenceLoader.ensureGeography(in: lagging, at: "2025-07-01T00:00:00Z")
        _ = try await CatalogService(store: primary, now: { Date() }).loadShippedIfEmpty()
        _ = try await IdentityService(store: primary, now: { Date() }).seedAgencies()
        let calendar = try await CalendarService.load(store: primary, now: { Date() })
        let summary = try await SyntheticGenerator(
            store: primary, clock: calendar.defaultClock, profile: .resolution268, scale: 0.0001, seed: 4
        ).run()
        #expect(summary.received > 0)

        let routed = PostgresStore(
            url: primaryStore.url, logger: Logger(label: "test"), searchPath: primaryStore.searchPath, replica: laggingStore.url,
            replicaSearchPath: laggingStore.searchPath
        )
        let geography = try await GeographyService.load(store: primary, now: { Date() })
        let request = try ReportRequest.parse(scope: "nation", from: "2025-07-01", to: "2025-08-23", by: nil, perspective: nil)
        let fromPrimary = try await ReportService(store: primary, gazetteer: geography.converter.gazetteer, now: { Date() }).indicators(request)
        let fromReplica = try await ReportService(store: routed, gazetteer: geography.converter.gazetteer, now: { Date() }).indicators(request)
        #expect(fromPrimary.total.received == summary.received)
        #expect(fromReplica.total.received == 0, "the report was read from the primary, not the replica")

        // A code only the primary knows (the replica has not caught up) is still found.
        let code = try #require(try await primary.dossiers.codes(provinceCode: "01").first)
        #expect(try await lagging.dossiers.lookup(code: code) == nil)
        #expect(try await routed.dossiers.lookup(code: code) != nil)
        // Writes and officers' reads stay on the primary.
        #expect(try await routed.dossiers.dossier(code: code)?.code == code)
        try await routed.close()
        try await primary.close()
        try await lagging.close()
    }
}
