import Domain
import Foundation
import Logging
import Storage
import StoragePostgres
import StorageTesting
import Testing

/// `MOTCUA_GAPLESS_CODES=1` on PostgreSQL (and SQLite always): a filing draws its number inside its own
/// transaction, so a filing that fails there leaves no number unused.
struct GaplessCodesTests {
    @Test("gapless codes: filings refused inside their transaction leave no number unused", arguments: TestStores.engines)
    func noGaps(engine: TestStores.Engine) async throws {
        let store: any Store
        switch engine {
        case .sqlite:
            store = try await TestStores.make(.sqlite)
        case .postgres:
            let url = try #require(TestStores.postgresURL)
            store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), searchPath: try await TestStores.newSchema(url), gaplessCodes: true)
            try await store.migrate()
        }
        let day = DossierContractTests.now.vietnamDate
        // Twelve filings at once on one agency's day, three under each of four idempotency keys: of each
        // three, one is written and the others find the key used once they hold the counter's row.
        let written = await withTaskGroup(of: String?.self) { group in
            for index in 0..<12 {
                group.addTask {
                    try? await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) {
                        try DossierContractTests.receipt($0, key: "k\(index % 4)")
                    }
                }
            }
            return await group.reduce(into: [String]()) { if let code = $1 { $0.append(code) } }
        }
        let numbers = (1...4).map { DossierCode(agencyCode: "001.05.01.H01", date: day, number: $0).description }
        #expect(written.sorted() == numbers)
        let next = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try DossierContractTests.receipt($0) }
        #expect(next == DossierCode(agencyCode: "001.05.01.H01", date: day, number: 5).description)
        try await store.close()
    }
}
