public import Storage
import StorageSQLite
import StoragePostgres
import Foundation
import Logging
import Synchronization

/// Real stores for tests: a SQLite file in a fresh folder, or a fresh schema of the PostgreSQL server
/// named by `MOTCUA_TEST_POSTGRES_URL` (which `scripts/test` starts).
public enum TestStores {
    public enum Engine: String, Sendable, CaseIterable, CustomStringConvertible {
        case sqlite
        case postgres

        public var description: String { rawValue }
    }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["MOTCUA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The engines this run covers: SQLite always; PostgreSQL when its URL is set. `scripts/test` sets
    /// `MOTCUA_REQUIRE_POSTGRES=1`, and then a missing URL fails the run instead of shrinking it.
    public static var engines: [Engine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    public static var postgresRequired: Bool {
        ProcessInfo.processInfo.environment["MOTCUA_REQUIRE_POSTGRES"] == "1"
    }

    /// A new, empty, migrated store of the engine; `close` it at the end.
    public static func make(_ engine: Engine) async throws -> any Store {
        let store: any Store
        switch engine {
        case .sqlite:
            store = try SQLiteStore(path: temporaryFolder("motcua-test") + "/motcua.sqlite")
        case .postgres:
            guard let url = postgresURL else { throw StorageError.invalidConfiguration("MOTCUA_TEST_POSTGRES_URL is not set") }
            store = try PostgresStore(url: url, logger: Logger(label: "test"), searchPath: try await newSchema(url))
        }
        try await store.migrate()
        return store
    }

    /// The tests' PostgreSQL server and a new schema on it, for a test that makes stores of its own; nil
    /// when no server is set and none is required (a run that requires one and has none fails here).
    public static func postgresSchema() async throws -> (url: String, schema: String)? {
        guard let url = postgresURL else {
            if postgresRequired { throw StorageError.invalidConfiguration("MOTCUA_TEST_POSTGRES_URL is required") }
            return nil
        }
        return (url, try await newSchema(url))
    }

    /// A new, empty schema of the PostgreSQL server at `url`, for a store of a test's own (`searchPath`).
    public static func newSchema(_ url: String) async throws -> String {
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresStore(url: url, logger: Logger(label: "test"))
        try await admin.execute("CREATE SCHEMA \(schema)")
        try await admin.close()
        return schema
    }

    /// The path of a new folder under the temporary directory (not created), removed with everything in
    /// it when the test process exits: a run of the suite left ~700 MB of SQLite files otherwise.
    public static func temporaryFolder(_ prefix: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        _ = removedAtExit
        temporaryFolders.withLock { $0.append(folder) }
        return folder.path
    }

    /// A second connection pool on the same PostgreSQL schema: what another server process would see.
    public static func reopen(_ store: any Store) async throws -> any Store {
        guard let postgres = store as? PostgresStore else { throw StorageError.invalidConfiguration("only a PostgreSQL store can be opened twice") }
        let reopened = PostgresStore(url: postgres.url, logger: Logger(label: "test"), searchPath: postgres.searchPath)
        // As a server process does at start: nothing to apply, and from then on it prepares its statements.
        _ = try await reopened.migrate()
        return reopened
    }
}

private let temporaryFolders = Mutex<[URL]>([])

/// Registered once, on the first folder handed out.
private let removedAtExit: Void = {
    atexit {
        for folder in temporaryFolders.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
    }
}()
