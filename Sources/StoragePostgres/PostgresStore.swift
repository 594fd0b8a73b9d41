import Domain
public import Storage
public import Logging
import Foundation
import PostgresNIO
import Synchronization

/// PostgreSQL through postgres-nio's pooled client. The client's run loop is owned by the store, so the
/// store works the same in the server, the command line and tests.
public final class PostgresStore: Store, SQLScriptRunner {
    public let url: PostgresURL
    /// The schema the tables live in, when not the default.
    public let searchPath: String?
    let client: PostgresClient
    /// A streaming replica for reads that may lag a little (citizen look-ups, reports), when configured.
    let replica: PostgresClient?
    let logger: Logger
    private let runner: Task<Void, Never>
    private let replicaRunner: Task<Void, Never>?

    /// Connects lazily; `ping()` tells whether the server answers. `searchPath` puts every table in a
    /// schema of its own (tests use one schema per test).
    public init(
        url: PostgresURL, logger: Logger, maximumConnections: Int = 10, searchPath: String? = nil, replica: PostgresURL? = nil,
        replicaSearchPath: String? = nil, leaseTimeout: Duration? = nil, leaseQueueLimit: Duration? = nil, writeLanes: Int? = nil,
        gaplessCodes: Bool? = nil, codeNumbers: CodeNumbers? = nil, preparedLimit: Int? = nil
    ) {
        let environment = ProcessInfo.processInfo.environment
        preparedNames = PreparedNames(capacity: preparedLimit ?? EnvironmentSetting.preparedLimit.integer(in: environment) ?? 200)
        self.leaseTimeout = leaseTimeout ?? .seconds(EnvironmentSetting.leaseTimeout.seconds(in: environment) ?? 5)
        self.leaseQueueLimit = leaseQueueLimit ?? .seconds(EnvironmentSetting.leaseQueueLimit.seconds(in: environment) ?? 30)
        watch = LeaseWatch(activity: LeaseActivity(), limit: self.leaseTimeout, queueLimit: self.leaseQueueLimit)
        replicaWatch = LeaseWatch(activity: LeaseActivity(), limit: self.leaseTimeout, queueLimit: self.leaseQueueLimit)
        self.url = url
        self.searchPath = searchPath
        let lanes = writeLanes ?? EnvironmentSetting.writeLanes.integer(in: environment) ?? Self.defaultLanes(maximumConnections: maximumConnections)
        // Gapless codes are drawn inside the filing's transaction: in batches, two lanes drew two agencies'
        // numbers in opposite orders and deadlocked (186 filings/s, p95 1 s, BENCHMARKS.md).
        let gapless = gaplessCodes ?? EnvironmentSetting.gaplessCodes.flag(in: environment) ?? false
        self.gaplessCodes = gapless
        self.codeNumbers = codeNumbers ?? CodeNumbers(largestBlock: EnvironmentSetting.codeBlock.integer(in: environment) ?? 16)
        groupCommit = lanes > 0 && !gapless ? PostgresGroupCommit(lanes: lanes) : nil
        self.logger = logger
        let client = PostgresClient(
            configuration: Self.configuration(url, maximumConnections: maximumConnections, searchPath: searchPath), backgroundLogger: logger
        )
        self.client = client
        runner = Self.running(client)
        if let replica {
            let reader = PostgresClient(
                configuration: Self.configuration(replica, maximumConnections: maximumConnections, searchPath: replicaSearchPath ?? searchPath),
                backgroundLogger: logger
            )
            self.replica = reader
            replicaRunner = Self.running(reader)
        } else {
            self.replica = nil
            replicaRunner = nil
        }
    }

    /// As many write lanes as the server has cores, from one to four, and at most half the pool. Fewer
    /// lanes make larger batches, and each batch's statements and round trips are shared by its filings:
    /// on the 2-core VM, filings alone at 48 connections went from 1,790–1,933 /s (p99 45–52 ms) with
    /// four lanes to 1,965–2,020 /s (p99 40–42 ms) with two, at 11 % less CPU per filing; six and eight
    /// lanes were slower, and one lane left the cores idle waiting for its flushes (BENCHMARKS.md, issue 5).
    static func defaultLanes(maximumConnections: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        min(4, max(1, min(cores, maximumConnections / 2)))
    }

    /// The pool's `run()` started before the initialiser returns: it marks the pool running before it
    /// first suspends, and a lease before that logged PostgresNIO's "run() hasn't been called yet"
    /// warning at every command's start.
    static func running(_ client: PostgresClient) -> Task<Void, Never> {
        if #available(macOS 26, *) { return Task.immediate { await client.run() } }
        return Task { await client.run() }
    }

    static func configuration(_ url: PostgresURL, maximumConnections: Int, searchPath: String?) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socket = url.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socket)/.s.PGSQL.\(url.port)", username: url.user, password: url.password,
                database: url.database
            )
        } else {
            configuration = .init(
                host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
                tls: url.requireTLS ? .require(.makeClientConfiguration()) : .disable
            )
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        if let searchPath { configuration.options.additionalStartupParameters = [("search_path", searchPath)] }
        return configuration
    }

    /// `replica`: a read-only standby (`MOTCUA_READ_DATABASE_URL`) for `readQuery`.
    public convenience init(url: String, logger: Logger, searchPath: String? = nil, replica: String? = nil) throws(StorageError) {
        let replicaURL: PostgresURL? = if let replica { try PostgresURL(replica) } else { nil }
        self.init(url: try PostgresURL(url), logger: logger, searchPath: searchPath, replica: replicaURL)
    }

    /// How long a request waits for a pooled connection, none handed out meanwhile, before it is told
    /// the database is unavailable.
    let leaseTimeout: Duration
    /// How long a request may queue for a connection while the pool is busy but up.
    let leaseQueueLimit: Duration
    /// The requests waiting for a connection of the pool, and of the replica's.
    let watch: LeaseWatch, replicaWatch: LeaseWatch
    let geographyCache = GeographyCache()
    let agencyProvinces = AgencyProvinces()
    /// `MOTCUA_GAPLESS_CODES=1`: a filing draws its number inside its transaction, so that no number is
    /// ever left unused, and the filings of one agency take turns (see `SQLDossierRepository.codesApart`).
    let gaplessCodes: Bool
    /// The numbers this server reserved ahead where codes are drawn apart (`MOTCUA_CODE_BLOCK`).
    let codeNumbers: CodeNumbers
    /// Scripts written several to a transaction (`PostgresGroupCommit`) on this many lanes at once (4,
    /// the granule rollups' slots, or fewer with a small pool); `MOTCUA_PG_WRITE_LANES=0`, or gapless
    /// codes, write each in its own transaction.
    let groupCommit: PostgresGroupCommit?


    public var description: String {
        "PostgreSQL \(url.description)" + (replica == nil ? "" : " (reads that may lag: a replica)")
    }
    public var geography: any GeographyRepository { SQLGeographyRepository(executor: self, cache: geographyCache) }
    public var calendar: any CalendarRepository { SQLCalendarRepository(executor: self) }
    public var identity: any IdentityRepository { SQLIdentityRepository(executor: self) }
    public var catalog: any CatalogRepository { SQLCatalogRepository(executor: self) }
    public var dossiers: any DossierRepository { SQLDossierRepository(
        executor: self, partitioned: true, codesApart: !gaplessCodes, agencyProvinces: agencyProvinces,
        codeNumbers: codeNumbers.largestBlock > 1 ? codeNumbers : nil
    ) }
    public var documents: any DocumentRepository { SQLDocumentRepository(executor: self) }
    public var keys: any KeyRepository { SQLKeyRepository(executor: self) }
    public var outbox: any OutboxRepository { SQLOutboxRepository(executor: self, skipLocked: true) }
    public var monitoring: any MonitoringRepository { SQLMonitoringRepository(executor: self, slotted: true) }
    public var bookkeeping: any BookkeepingRepository { SQLBookkeepingRepository(executor: self) }

    public func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await leased { connection in
            try await self.rows(statement, on: connection)
        }
    }

    public var readsMayLag: Bool { replica != nil }

    /// `->` on a `json` value: the columns are `TEXT`, so cast, and the result back to text.
    public func jsonText(_ column: String, path: [String]) -> String {
        "(\(column)::json\(path.map { " -> '\($0)'" }.joined()))::text"
    }

    /// From the replica when there is one and it answers, else from the primary.
    public func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await readLeased { connection in try await self.rows(statement, on: connection) }
    }

    /// `body` on a connection of the replica when there is one and it answers, else of the primary.
    func readLeased<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        guard let replica else { return try await leased(body) }
        do {
            return try await leased(on: replica, body)
        } catch {
            logger.warning("replica read failed; reading the primary", metadata: ["error": "\(error)"])
            return try await leased(body)
        }
    }

    public func transaction(_ statements: [SQLStatement]) async throws {
        if statements.count == 1 {
            _ = try await change(statements[0])
            return
        }
        do {
            try await retryingConflicts {
                try await self.leased { connection in
                    try await connection.withTransaction(logger: self.logger) { connection in
                        for statement in statements {
                            _ = try await self.rows(statement, on: connection)
                        }
                    }
                }
            }
        } catch let error as PostgresTransactionError {
            throw Self.translated(error)
        }
    }

    public func run(_ script: SQLScript) async throws {
        // A bulk write (`alone`) goes straight to a connection of its own, as many at once as the pool has.
        if let groupCommit, !script.alone { try await groupCommit.run(script, on: self) } else { try await runAlone(script) }
    }

    /// `script` in a transaction of its own.
    func runAlone(_ script: SQLScript) async throws {
        do {
            try await retryingConflicts {
                try await self.leased { connection in
                    try await connection.withTransaction(logger: self.logger) { connection in
                        let script = self.coalesced([script]).first.map {
                            SQLScript($0.first, alone: script.alone, counters: script.counters, then: $0.then)
                        } ?? script
                        try await self.pipelined([MergedChanges.merged(script)], on: connection)
                    }
                }
            }
        } catch let error as PostgresTransactionError {
            // A check that refused the change (stale version, used key) is the answer, once rolled back.
            if let refusal = error.closureError, error.rollbackError == nil, !(refusal is PSQLError) { throw refusal }
            throw Self.translated(error)
        }
    }

    /// `scripts` in one transaction, their counters summed into `slot` and written after them all.
    func runBatch(_ scripts: [SQLScript], slot: Int) async throws {
        var summed: CounterDeltas?
        for script in scripts {
            guard let added = script.counters else { continue }
            if summed == nil { summed = added } else { summed?.add(added) }
        }
        summed?.rollupSlot = slot
        let counters = summed
        try await leased { connection in
            var coalesced = self.coalesced(scripts)
            if let counters { coalesced.append(SQLScript([], counters: counters)) }
            try await self.pipelinedTransaction(coalesced, on: connection)
        }
    }

    /// With write lanes, a dossier change's script comes with a statement per row (`rowsToMerge`), and
    /// the rows of all the scripts of one transaction are merged here: a filing's dossier, events, steps
    /// and outbox messages go in the same statements as its neighbours'.
    public var coalescesScripts: Bool { groupCommit != nil }

    /// The statements of `scripts`, in their order, each run of scripts whose rows are to be merged
    /// (and that build on no rows they read, `then`) as one script.
    func coalesced(_ scripts: [SQLScript]) -> [SQLScript] {
        var out: [SQLScript] = []
        var run: [SQLStep] = []
        func flush() {
            if !run.isEmpty { out.append(SQLScript(SQLScript.coalesced(run, insert: multiRowInsert))) }
            run = []
        }
        for script in scripts {
            if script.rowsToMerge, script.then == nil {
                run += script.first
            } else {
                flush()
                out.append(SQLScript(script.first, alone: script.alone, then: script.then))
            }
        }
        flush()
        return out
    }

    /// Without `BEGIN` and `COMMIT`: one statement is a transaction of its own.
    public func change(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        do {
            return try await retryingConflicts {
                try await self.leased { connection in
                    try await self.rows(statement, on: connection)
                }
            }
        } catch {
            throw Self.translated(error)
        }
    }

    /// How many times a transaction PostgreSQL rolled back as a deadlock's victim (or a serialization
    /// failure) is run again before its error is the answer.
    static let conflictAttempts = 4

    /// `body`, run again after a short random pause when PostgreSQL rolled it back to break a deadlock or
    /// a serialization failure: nothing of it was written, and the other side has since gone on. Slot
    /// folding deletes and re-adds rollup rows in its scan's order while bulk writers (an import) add to
    /// them in key order: the victim, after a second's detection, failed its caller. (A lane's batch that
    /// loses is written again script by script by `PostgresGroupCommit`, each of them coming here.)
    func retryingConflicts<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch where attempt < Self.conflictAttempts && Self.isConflict(error) {
                logger.warning("PostgreSQL rolled a transaction back to break a conflict; running it again", metadata: ["attempt": "\(attempt)"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * attempt))
                attempt += 1
            }
        }
    }

    /// Whether PostgreSQL rolled the work back as a deadlock's victim or for a serialization failure.
    static func isConflict(_ error: any Error) -> Bool {
        guard let state = serverError(error)?.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Runs `body` on a pooled connection, waiting for one no longer than `leaseTimeout` (up to half as
    /// long again: `LeaseWatch`) while no connection has been handed out meanwhile. While the server is
    /// down the pool keeps reconnecting and a lease would wait until it is back: requests hung instead of
    /// answering 503 (found by `scripts/faults`). A pool that is only busy still hands connections out,
    /// so a request queued behind others keeps waiting, up to `leaseQueueLimit` (a loaded 2-core CI
    /// machine queued past 5 s and answered 503 with the database up). Once leased, the work itself is
    /// not timed.
    func leased<T: Sendable>(
        on pool: PostgresClient? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let client = pool ?? self.client, watch = pool == nil ? self.watch : replicaWatch
        let ticket = LeaseWatch.Ticket(), started = ContinuousClock.now
        // After the task below has run, which always runs and is watched from its start.
        defer { watch.remove(ticket) }
        let activity = watch.activity
        // A task of its own, so that the watch can stop its wait without cancelling the request.
        let work = Task {
            watch.watch(ticket)
            do {
                return try await client.withConnection { connection in
                    guard ticket.lease() else { throw CancellationError() }
                    let held = activity.leased()
                    defer { activity.released(held) }
                    return try await body(connection)
                }
            } catch {
                if Self.isBrokenConnection(error) { activity.broke() }
                throw error
            }
        }
        ticket.cancelling { work.cancel() }
        do {
            return try await withTaskCancellationHandler { try await work.value } onCancel: { work.cancel() }
        } catch where ticket.gaveUp {
            throw StorageError.unavailable("no PostgreSQL connection within \(ContinuousClock.now - started); \(activity.holding())")
        }
    }

    /// An error that is no answer of the server (it has no SQLSTATE): the connection broke, the server may
    /// be down.
    static func isBrokenConnection(_ error: any Error) -> Bool {
        let failure = (error as? PostgresTransactionError).map { $0.closureError ?? $0.commitError ?? $0.beginError } ?? error
        guard let psql = failure as? PSQLError else { return false }
        return psql.serverInfo == nil
    }

    /// Class 53 (insufficient resources: disk full, out of memory) as the engine-neutral `.full`.
    static func translated(_ error: any Error) -> any Error {
        if let psql = serverError(error), let state = psql.serverInfo?[.sqlState], state == "53100" {
            return StorageError.full("PostgreSQL: \(psql.serverInfo?[.message] ?? "disk full") (SQLSTATE \(state))")
        }
        return error
    }

    /// The server's error behind `error`, if any (a transaction's is its statement's or its commit's).
    static func serverError(_ error: any Error) -> PSQLError? {
        ((error as? PostgresTransactionError).map { $0.closureError ?? $0.commitError } ?? error) as? PSQLError
    }

    /// Advisory lock number that serialises migrations across every instance.
    static let migrationLock = 0x4D6F_7443_7561

    public func migrate() async throws -> [Int] {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
            do {
                let applied = try await self.applyMigrations(connection)
                try await self.readColumnTypes(connection)
                try await self.adviseOnCollation(connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                self.prepares.store(self.mayPrepare, ordering: .relaxed)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                throw error
            }
        }
    }

    /// Reads the tables' column types (`ColumnTypes`) from the catalogue.
    func readColumnTypes(_ connection: PostgresConnection) async throws {
        let columns = try await connection.query(PostgresQuery(unsafeSQL: ColumnTypes.query), logger: logger)
        var rows: [(table: String, column: String, type: String)] = []
        for try await (table, column, type) in columns.decode((String, String, String).self) { rows.append((table, column, type)) }
        columnTypes.load(rows)
    }

    /// Says so when the database compares text by a locale's rules rather than by bytes: every key MotCua
    /// writes (codes, days, counter members) is compared at each index insert and upsert, through
    /// `strcoll` unless the collation is `C` (the backends' CPU per filing ~7 % lower under `C`,
    /// BENCHMARKS.md, issue 5). Only said: a database's collation is chosen when it is created.
    func adviseOnCollation(_ connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT datcollate FROM pg_database WHERE datname = current_database()", logger: logger)
        for try await collation in rows.decode(String.self) {
            if let advice = Self.collationAdvice(collation) { logger.notice("\(advice)") }
        }
    }

    static func collationAdvice(_ collation: String) -> String? {
        guard collation != "C", collation != "POSIX" else { return nil }
        return "the database compares text under the collation \(collation); created with LC_COLLATE 'C' it would compare "
            + "keys as bytes, as SQLite does, for less CPU per write (README, PostgreSQL)"
    }

    private func applyMigrations(_ connection: PostgresConnection) async throws -> [Int] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
            """, logger: logger)
        var done: Set<Int> = []
        for try await id in try await connection.query("SELECT id FROM schema_migrations", logger: logger).decode(Int.self) {
            done.insert(id)
        }
        let unknown = done.subtracting(Migrations.all.map(\.id))
        guard unknown.isEmpty else { throw StorageError.unknownMigrations(unknown.sorted()) }
        var applied: [Int] = []
        for migration in Migrations.all where !done.contains(migration.id) {
            try await connection.withTransaction(logger: logger) { connection in
                for sql in migration.postgres {
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                }
                let now = ISO8601DateFormatter().string(from: Date())
                try await connection.query(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (\(migration.id), \(migration.name), \(now))",
                    logger: logger
                )
            }
            applied.append(migration.id)
        }
        return applied
    }

    public func appliedMigrations() async throws -> [Int] {
        let exists = try await query(SQLStatement("SELECT to_regclass('schema_migrations') IS NOT NULL"))
        guard exists.first?.first?.text == "true" else { return [] }
        return try await query(SQLStatement("SELECT id FROM schema_migrations ORDER BY id")).compactMap { $0.first?.integer }
    }

    public func ping() async throws {
        _ = try await query(SQLStatement("SELECT 1"))
    }

    public func close() async throws {
        await releaseUnusedNumbers()
        runner.cancel()
        replicaRunner?.cancel()
        await runner.value
        await replicaRunner?.value
    }

    /// The code numbers this server reserved and did not hand out, given back where nobody drew after
    /// them (`CodeNumbers.releaseUnused`), so that a clean stop leaves no gap in an agency's day. A
    /// failure leaves the gaps, as a stop without this would; the first one ends it, so that a stop with
    /// the database out of reach does not wait for a connection once per agency.
    func releaseUnusedNumbers() async {
        let released = codeNumbers.releaseUnused()
        for (index, unused) in released.enumerated() {
            do {
                _ = try await change(SQLStatement("""
                    UPDATE dossier_code_counters SET last = ? WHERE province_code = ? AND agency_code = ? AND day = ? AND last = ?
                    """, [
                        .integer(unused.numbers.lowerBound - 1), .text(unused.provinceCode), .text(unused.agencyCode),
                        .text(unused.day.description), .integer(unused.numbers.upperBound),
                    ]))
            } catch {
                logger.notice(
                    "code numbers of \(released.count - index) agencies' days not given back (\(unused.agencyCode) on \(unused.day) first): \(error)"
                )
                return
            }
        }
    }

    /// Runs one statement outside the repositories (schemas for tests, administration).
    public func execute(_ sql: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// Once the schema is migrated, statements are prepared per connection (`PreparedSQL`); not before,
    /// because a connection keeps a statement that failed to prepare (a table not there yet) failed.
    /// `MOTCUA_PG_PREPARED=0` turns it off.
    let prepares = Atomic<Bool>(false)
    /// The array type of each table's columns, read once the schema is migrated (`ColumnarInsert`).
    let columnTypes = ColumnTypes()
    let mayPrepare = EnvironmentSetting.preparedStatements.flag(in: ProcessInfo.processInfo.environment) ?? true

    /// `MOTCUA_PG_PREPARED_LIMIT`: the most distinct batch variants prepared (`PreparedNames`).
    let preparedNames: PreparedNames
    /// The prepared statements each connection of the pool holds (`pipelined`).
    let preparedOnConnections = PreparedOnConnections()
    /// How many statements went ahead of the answers before them (tests see that they did).
    let sentAhead = Atomic<Int>(0)

    func rows(_ statement: SQLStatement, on connection: PostgresConnection) async throws -> [[SQLValue]] {
        try await rows(statement, sent: sending(statement), on: connection)
    }

    /// How `statement` goes to the server: its `$n` text, the shape it is prepared under or nil when it
    /// is sent unnamed, and the column arrays' types when its rows go as arrays (`ColumnarInsert`).
    func sending(_ statement: SQLStatement) -> Sending {
        let text = StatementTexts.of(statement.sql)
        if let columnar = text.columnar, let types = columnar.form.types(of: statement.arguments, catalog: columnTypes) {
            // One text per table whatever the rows: prepared like any plain statement, never a batch variant.
            let shape = prepares.load(ordering: .relaxed) ? PreparedSQL.shape(columnar.numbered, hash: columnar.hash, types: types) : nil
            return Sending(text: text, shape: shape, arrays: types)
        }
        guard prepares.load(ordering: .relaxed), let shape = PreparedSQL.shape(of: statement, text: text),
              !text.batchVariant || admitted(shape) else { return Sending(text: text, shape: nil, arrays: nil) }
        return Sending(text: text, shape: shape, arrays: nil)
    }

    /// A join's text (`sql`, made once by `OrderedJoin.joining`) and bindings. Its text varies with the
    /// batch's kinds of statement, not their rows; it counts among the prepared batch variants all the same.
    func sending(_ join: OrderedJoin, sql: String) -> Sending {
        let text = StatementTexts.of(sql)
        let shape = prepares.load(ordering: .relaxed) ? PreparedSQL.shape(text.numbered, hash: text.hash, types: join.types) : nil
        return Sending(text: text, shape: shape.flatMap { admitted($0) ? $0 : nil }, arrays: nil, join: join)
    }

    struct Sending {
        let text: StatementText
        let shape: PreparedSQL.Shape?
        let arrays: [PostgresDataType]?
        var join: OrderedJoin? = nil

        var sql: String {
            guard arrays != nil, let columnar = text.columnar else { return text.numbered }
            return columnar.numbered
        }

        func bindings(_ statement: SQLStatement) -> PostgresBindings {
            if let join { return join.bindings() }
            guard let arrays, let columnar = text.columnar else { return PostgresStore.bindings(statement) }
            return columnar.form.bindings(statement.arguments, types: arrays)
        }
    }

    /// Writes the statement to the connection before its first suspension (`pipelined` relies on it).
    func rows(_ statement: SQLStatement, sent: Sending, on connection: PostgresConnection) async throws -> [[SQLValue]] {
        guard let shape = sent.shape else {
            return try await Self.collect(
                try await connection.query(PostgresQuery(unsafeSQL: sent.sql, binds: sent.bindings(statement)), logger: logger)
            )
        }
        return try await PreparedSQL.$shape.withValue(shape) {
            try await Self.collect(try await connection.execute(PreparedSQL(bindings: sent.bindings(statement)), logger: logger))
        }
    }

    private func admitted(_ shape: PreparedSQL.Shape) -> Bool {
        if preparedNames.admits(shape.name) { return true }
        if preparedNames.reachedLimit() {
            logger.notice("prepared statements: \(preparedNames.capacity) distinct texts prepared; new ones are sent unnamed (MOTCUA_PG_PREPARED_LIMIT)")
        }
        return false
    }

    static func bindings(_ statement: SQLStatement) -> PostgresBindings {
        var binds = PostgresBindings(capacity: statement.arguments.count)
        append(statement.arguments, to: &binds)
        return binds
    }

    static func append(_ arguments: [SQLValue], to binds: inout PostgresBindings) {
        for argument in arguments {
            switch argument {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            case .bytes(let bytes): binds.append(ByteBuffer(bytes: bytes))
            case .null: binds.appendNull()
            }
        }
    }

    static func collect<Rows: AsyncSequence>(_ rows: Rows) async throws -> [[SQLValue]] where Rows.Element == PostgresRow {
        var result: [[SQLValue]] = []
        for try await row in rows {
            var values: [SQLValue] = []
            for cell in row {
                guard cell.bytes != nil else {
                    values.append(.null)
                    continue
                }
                switch cell.dataType {
                case .int2, .int4, .int8:
                    values.append(.integer(try cell.decode(Int.self)))
                case .bool:
                    values.append(.text(try cell.decode(Bool.self) ? "true" : "false"))
                case .bytea:
                    values.append(.bytes(Array(try cell.decode(ByteBuffer.self).readableBytesView)))
                default:
                    values.append(.text(try cell.decode(String.self)))
                }
            }
            result.append(values)
        }
        return result
    }
}

/// How the pool has been doing: connections in use, when it last handed one out or got one back, when
/// one last broke. A pool that hands connections out, gets them back or has them in use, none broken
/// since, is up, however long its queue.
final class LeaseActivity: Sendable {
    private struct State {
        /// The connections in use, by lease, with when each was handed out.
        var held: [Int: ContinuousClock.Instant] = [:]
        var leases = 0
        /// The last connection handed out or given back. A connection given back goes to the next request
        /// in line, whose task may not run for a while on a starved machine: in that gap nothing is in use
        /// and nothing was leased, and a full test run saw a request queued behind it refused (503).
        var seen: ContinuousClock.Instant?
        var broken: ContinuousClock.Instant?
    }
    private let state = Mutex(State())

    /// A connection handed out; the number to give back with it.
    func leased() -> Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.leases &+= 1
            state.held[state.leases] = now
            state.seen = now
            return state.leases
        }
    }

    func released(_ lease: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.held[lease] = nil
            state.seen = now
        }
    }

    /// For a request given up on: whether the pool's connections were stuck (each held since long before)
    /// or going round behind a long queue.
    func holding() -> String {
        let now = ContinuousClock.now
        let (count, oldest) = state.withLock { ($0.held.count, $0.held.values.min()) }
        guard let oldest else { return "none in use" }
        return "\(count) in use, the longest for \(now - oldest)"
    }

    /// Called after `released` for a connection that broke, so the break is the later news.
    func broke() { state.withLock { $0.broken = ContinuousClock.now } }

    func healthy(since instant: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            guard let seen = state.seen, !state.held.isEmpty || seen >= instant else { return false }
            return state.broken.map { $0 < seen } ?? true
        }
    }
}
