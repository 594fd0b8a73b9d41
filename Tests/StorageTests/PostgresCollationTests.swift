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

    @Test("migrating says so exactly when the test server's database does not compare bytes")
    func notice() async throws {
        guard let (url, schema) = try await TestStores.postgresSchema() else { return }
        let log = Lines()
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test") { _ in Captured(log: log) }, searchPath: schema)
        _ = try await store.migrate()
        let collation = try await store.query(SQLStatement("SELECT datcollate FROM pg_database WHERE datname = current_database()"))
        try await store.close()
        let name = try #require(collation.first?.first?.text)
        let advised = log.lines.withLock { $0.filter { $0.contains("LC_COLLATE 'C'") } }
        #expect(advised.count == (name == "C" || name == "POSIX" ? 0 : 1), "\(name): \(advised)")
    }

    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct Captured: LogHandler {
        let log: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}
