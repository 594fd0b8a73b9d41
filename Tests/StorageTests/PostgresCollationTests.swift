import Foundation
import Logging
import Storage
@testable import StoragePostgres
import StorageTesting
import Synchronization
import Testing

/// The notice a server gives at start when its database compares text by a locale's rules.
struct PostgresCollationTests {
    @Test("byte-wise collations need no advice, every other one gets it by name")
    func advice() {
        #expect(PostgresStore.collationAdvice("C") == nil)
        #expect(PostgresStore.collationAdvice("POSIX") == nil)
        for collation in ["C.UTF-8", "en_US.UTF-8", "vi_VN.UTF-8"] {
            let advice = PostgresStore.collationAdvice(collation)
            #expect(advice?.contains(collation) == true && advice?.contains("LC_COLLATE 'C'") == true, "\(collation)")
        }
    }

    @Test("migrating gives the notice on a database that compares by a locale, and not on one that compares bytes")
    func notice() async throws {
        guard let url = TestStores.postgresURL else {
            if TestStores.postgresRequired { Issue.record("MOTCUA_TEST_POSTGRES_URL is required") }
            return
        }
        let admin = try PostgresStore(url: url, logger: Logger(label: "test"))
        for (collation, notices) in [("C", 0), ("C.UTF-8", 1)] {
            let name = "collation_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await admin.execute("CREATE DATABASE \(name) TEMPLATE template0 LC_COLLATE '\(collation)'")
            var target = try PostgresURL(url)
            target.database = name
            let log = CapturedLog()
            let store = PostgresStore(url: target, logger: log.logger())
            _ = try await store.migrate()
            try await store.close()
            try await admin.execute("DROP DATABASE \(name)")
            let advised = log.lines.withLock { $0.filter { $0.contains("LC_COLLATE 'C'") } }
            #expect(advised.count == notices, "\(collation): \(advised)")
            #expect(advised.allSatisfy { $0.hasPrefix("notice") && $0.contains(collation) })
        }
        try await admin.close()
    }
}
