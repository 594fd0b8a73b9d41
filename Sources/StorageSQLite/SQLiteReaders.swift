import GRDBSQLite
import Storage
import Synchronization

/// Read-only connections of our own for the keyed reads every request makes (its session, its user, a
/// unit, an agency, a procedure, a dossier by code), run on the calling thread with cached statements.
/// GRDB's pool sends each read to a dispatch queue and back and asks the schema version first: for a
/// read of one row by key that was most of the request (a citizen's look-up: 80 µs of CPU; measured in
/// BENCHMARKS.md). Long reads (reports, lists, exports) stay on GRDB's queues, off the request threads.
final class SQLiteReaders: Sendable {
    let path: String
    /// Connections kept idle at most; more are opened while many requests read at once, then closed.
    let keep: Int
    private let idle = Mutex<(generation: Int, readers: [SQLiteReader])>((0, []))

    init(path: String, keep: Int = 8) {
        self.path = path
        self.keep = keep
    }

    func rows(_ statement: SQLStatement) throws -> [[SQLValue]] {
        let reader = try take()
        // A connection that failed mid-statement is not reused: its state is not known.
        let rows = try reader.rows(statement)
        idle.withLock { state in
            if reader.generation == state.generation, state.readers.count < keep { state.readers.append(reader) }
        }
        return rows
    }

    /// Closes the idle connections and makes those in use close when they are given back: after ANALYZE,
    /// since a connection keeps the statistics it loaded when it opened.
    func invalidate() {
        idle.withLock { state in
            state.generation += 1
            state.readers.removeAll()
        }
    }

    private func take() throws -> SQLiteReader {
        let (generation, reader) = idle.withLock { state in (state.generation, state.readers.popLast()) }
        if let reader { return reader }
        return try SQLiteReader(path: path, generation: generation)
    }
}

/// One read-only connection and its prepared statements. Used by one thread at a time: it is taken out
/// of `SQLiteReaders` for the length of a read, so nothing else can reach it meanwhile.
final class SQLiteReader: @unchecked Sendable {
    let connection: OpaquePointer
    let generation: Int
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, generation: Int) throws {
        let handle = try Self.open(path, flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX)
        connection = handle
        self.generation = generation
        sqlite3_busy_timeout(handle, 10_000)
    }

    /// A connection of our own beside GRDB's, for one thread at a time.
    static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(opened)"
            sqlite3_close_v2(handle)
            throw StorageError.unavailable("SQLite \(path): \(message)")
        }
        return handle
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(connection)
    }

    func rows(_ statement: SQLStatement) throws -> [[SQLValue]] {
        try SQLiteStatementRows.rows(try prepare(statement.sql), statement, failure: failure)
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard code == SQLITE_OK, let prepared else { throw failure(code) }
        statements[sql] = prepared
        return prepared
    }

    private func failure(_ code: Int32) -> StorageError {
        .unavailable("SQLite read (\(code)): \(String(cString: sqlite3_errmsg(connection)))")
    }
}
