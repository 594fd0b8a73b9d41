import Domain
public import Storage
import Foundation
import GRDB
import Synchronization

/// The embedded default: one SQLite file in WAL mode, many readers, one writer with `synchronous=FULL`
/// so that a committed dossier survives a power cut.
public final class SQLiteStore: Store, SQLScriptRunner {
    public let path: String
    let pool: DatabasePool
    let groupCommit: SQLiteGroupCommit
    let readers: SQLiteReaders
    let checkpointer: SQLiteCheckpointer
    /// The file's size in pages when its statistics were last gathered (0: never, by this process).
    let analyzedPages = Mutex(0)
    let geographyCache = GeographyCache()

    /// Opens (creating it and its folder if needed) the database at `path`. Waits up to `busyTimeout`
    /// seconds for another process's write instead of failing with SQLITE_BUSY.
    public init(path: String, busyTimeout: Double = 10) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.label = "motcua"
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL for WAL; the writer needs FULL for durable commits.
            let analyzed = try pool.writeWithoutTransaction { db -> Int in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA foreign_keys = ON")
                // Each script of a group commit runs in a savepoint, whose journal copies every page the
                // script touches before changing it: in memory, not through a temporary file's writes.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // Checkpoints run on a thread of their own (`SQLiteCheckpointer`), this one only far behind.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(SQLiteCheckpointer.writerMark)")
                // Statistics for the planner, sampled (a few ms even on a national file): without them it
                // reads whole counter tables through a day index that selects every row (reports ×1.3–1.5).
                // Not for a small file: statistics of near-empty tables would mislead it once they fill.
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                guard pages > Self.statisticsAtOpen else { return 0 }
                try Self.analyze(db)
                return pages
            }
            groupCommit = SQLiteGroupCommit(pool: pool)
            readers = SQLiteReaders(path: path)
            checkpointer = try SQLiteCheckpointer(path: path)
            analyzedPages.withLock { $0 = analyzed }
        } catch let error as DatabaseError {
            throw StorageError.unavailable("SQLite \(path): \(error.message ?? error.description)")
        } catch {
            throw StorageError.unavailable("SQLite \(path): \(error)")
        }
    }

    /// At open, statistics are gathered only for a file of this many pages (100 MB) or more: those of
    /// near-empty tables would mislead the planner once they fill. A server refreshes them as the file
    /// grows (`refreshStatistics`), from 10 MB on and at every doubling.
    static let statisticsAtOpen = 25_000
    static let statisticsFloor = 2_500

    static func analyze(_ db: Database) throws {
        try db.execute(sql: "PRAGMA analysis_limit = 1000")
        try db.execute(sql: "ANALYZE")
    }

    /// A server started on a small file never gathered statistics (init), and one whose file has
    /// doubled since has stale ones: the planner then reads whole counter tables through a day index
    /// (the dashboard ×3–6 on 14,000 dossiers filed since start). ANALYZE is sampled (a few ms); the
    /// readers are then reopened, since a connection keeps the statistics it loaded.
    public func refreshStatistics() async throws -> Bool {
        let refreshed = try await pool.writeWithoutTransaction { db -> Bool in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            guard pages > Self.statisticsFloor, pages >= 2 * analyzedPages.withLock({ $0 }) else { return false }
            try Self.analyze(db)
            analyzedPages.withLock { $0 = pages }
            return true
        }
        if refreshed {
            pool.invalidateReadOnlyConnections()
            readers.invalidate()
        }
        return refreshed
    }

    public var description: String { "SQLite \(path)" }
    public var geography: any GeographyRepository { SQLGeographyRepository(executor: self, cache: geographyCache) }
    public var calendar: any CalendarRepository { SQLCalendarRepository(executor: self) }
    public var identity: any IdentityRepository { SQLIdentityRepository(executor: self) }
    public var catalog: any CatalogRepository { SQLCatalogRepository(executor: self) }
    public var dossiers: any DossierRepository { SQLDossierRepository(executor: self, partitioned: false) }
    public var documents: any DocumentRepository { FileDocumentRepository(folder: path + ".documents", executor: self) }
    public var keys: any KeyRepository { SQLKeyRepository(executor: self) }
    public var outbox: any OutboxRepository { SQLOutboxRepository(executor: self, skipLocked: false, tallied: true) }
    public var monitoring: any MonitoringRepository { SQLMonitoringRepository(executor: self) }
    public var bookkeeping: any BookkeepingRepository { SQLBookkeepingRepository(executor: self) }

    /// One statement reads one consistent snapshot by itself (autocommit): no BEGIN/COMMIT around it.
    public func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await pool.unsafeRead { db in try Self.rows(db, statement) }
    }

    public func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try readers.rows(statement)
    }

    /// SQLite's `GROUP BY` sorts its input in a temporary b-tree: the granule rollups' rows of
    /// `by=commune` nationwide (scale 0.1, 27,800 rows for 3,355 groups) took 40–65 ms grouped against
    /// 24 ms for the same sums ungrouped (sqlite3 shell; BENCHMARKS.md).
    public var sumsInProcess: Bool { true }

    public func groupedSums(_ statement: SQLStatement, groups: Int) async throws -> [GroupSums] {
        try await pool.unsafeRead { db in
            let prepared = try db.cachedStatement(sql: statement.sql)
            return try SQLiteStatementRows.groupedSums(prepared.sqliteStatement, statement, groups: groups, failure: Self.failure(db, statement))
        }
    }

    /// SQLite's `->` (3.38 on) answers JSON text of a `TEXT` column as it is.
    public func jsonText(_ column: String, path: [String]) -> String {
        column + path.map { " -> '\($0)'" }.joined()
    }

    /// SQLite's planner uses no index for a column under a unary `+`.
    public func unindexed(_ column: String) -> String {
        "+" + column
    }

    public func transaction(_ statements: [SQLStatement]) async throws {
        try await Self.translatingFull {
            try await pool.write { db in
                // Each distinct text prepared once for the transaction and bound by hand: GRDB's
                // `execute(sql:)` parsed and authorised every statement anew, half the time of a
                // thousand-row save (the bookkeeping set-up of `motcua generate`, perf). Not GRDB's
                // statement cache: these texts are not all the store's constants.
                var prepared: [String: Statement] = [:]
                for statement in statements {
                    let compiled: Statement
                    if let known = prepared[statement.sql] {
                        compiled = known
                    } else {
                        compiled = try db.makeStatement(sql: statement.sql)
                        prepared[statement.sql] = compiled
                    }
                    _ = try SQLiteStatementRows.rows(compiled.sqliteStatement, statement, failure: Self.failure(db, statement))
                }
            }
        }
    }

    /// Without `OR FAIL` a multi-row INSERT keeps a statement journal, a copy of every page it touches
    /// so that it can undo itself alone: 40 % of the generator's writes (strace), and needless, since a
    /// script that fails is rolled back whole (its savepoint or its transaction). `BulkWriteContractTests`
    /// holds that: a batch failing on its last row leaves nothing.
    public var multiRowInsert: String { Self.multiRowVerb }
    static let multiRowVerb = "INSERT OR FAIL INTO"

    /// Dossier writes go through group commit (one fsync per batch of concurrent writes).
    public func run(_ script: SQLScript) async throws {
        try await Self.translatingFull { try await groupCommit.run(script) }
    }

    /// SQLITE_FULL (no disk left, or the `max_page_count` limit) as the engine-neutral `.full`; SQLite
    /// has rolled the transaction back by then.
    static func translatingFull(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StorageError.full("SQLite: \(error.message ?? "database or disk is full")")
        }
    }

    public func migrate() async throws -> [Int] {
        try await pool.writeWithoutTransaction { db in
            var applied: [Int] = []
            // IMMEDIATE takes the write lock first, so two processes never apply the same migration.
            try db.inTransaction(.immediate) {
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                    """)
                let done = Set(try Int.fetchAll(db, sql: "SELECT id FROM schema_migrations"))
                let unknown = done.subtracting(Migrations.all.map(\.id))
                guard unknown.isEmpty else { throw StorageError.unknownMigrations(unknown.sorted()) }
                for migration in Migrations.all where !done.contains(migration.id) {
                    for sql in migration.sqlite { try db.execute(sql: sql) }
                    try db.execute(
                        sql: "INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)",
                        arguments: [migration.id, migration.name, ISO8601DateFormatter().string(from: Date())]
                    )
                    applied.append(migration.id)
                }
                return .commit
            }
            return applied
        }
    }

    public func appliedMigrations() async throws -> [Int] {
        try await pool.read { db in
            guard try db.tableExists("schema_migrations") else { return [] }
            return try Int.fetchAll(db, sql: "SELECT id FROM schema_migrations ORDER BY id")
        }
    }

    public func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// A store dropped without `close` still ends its checkpointer's thread.
    deinit { checkpointer.stop() }

    public func close() async throws {
        checkpointer.stop()
        readers.invalidate()
        try pool.close()
    }

    /// Runs one statement with a cached prepared statement: the repositories' SQL is a small fixed set,
    /// and preparing (parsing, authorising) was a large part of each request.
    static func rows(_ db: Database, _ statement: SQLStatement) throws -> [[SQLValue]] {
        let prepared = try db.cachedStatement(sql: statement.sql)
        return try SQLiteStatementRows.rows(prepared.sqliteStatement, statement, failure: failure(db, statement))
    }

    static func failure(_ db: Database, _ statement: SQLStatement) -> (Int32) -> any Error {
        { code in DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql) }
    }
}
