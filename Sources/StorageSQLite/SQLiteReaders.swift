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
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(opened)"
            sqlite3_close_v2(handle)
            throw StorageError.unavailable("SQLite \(path): \(message)")
        }
        connection = handle
        self.generation = generation
        sqlite3_busy_timeout(handle, 10_000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(connection)
    }

    func rows(_ statement: SQLStatement) throws -> [[SQLValue]] {
        let prepared = try prepare(statement.sql)
        defer {
            sqlite3_reset(prepared)
            sqlite3_clear_bindings(prepared)
        }
        for (offset, value) in statement.arguments.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch value {
            case .text(let text): bound = sqlite3_bind_text(prepared, index, text, Int32(text.utf8.count), Self.transient)
            case .integer(let integer): bound = sqlite3_bind_int64(prepared, index, Int64(integer))
            case .bytes(let bytes): bound = bytes.withUnsafeBytes { sqlite3_bind_blob(prepared, index, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: bound = sqlite3_bind_null(prepared, index)
            }
            guard bound == SQLITE_OK else { throw failure(bound) }
        }
        let columns = sqlite3_column_count(prepared)
        var rows: [[SQLValue]] = []
        while true {
            let stepped = sqlite3_step(prepared)
            if stepped == SQLITE_DONE { return rows }
            guard stepped == SQLITE_ROW else { throw failure(stepped) }
            var row: [SQLValue] = []
            row.reserveCapacity(Int(columns))
            for column in 0..<columns { row.append(value(prepared, column)) }
            rows.append(row)
        }
    }

    /// As GRDB's rows were read (`SQLiteStore.values`): a double as its text.
    private func value(_ prepared: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(prepared, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite3_column_int64(prepared, column)))
        case SQLITE_FLOAT:
            return .text(String(sqlite3_column_double(prepared, column)))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(prepared, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(prepared, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(prepared, column))
            guard count > 0, let blob = sqlite3_column_blob(prepared, column) else { return .bytes([]) }
            return .bytes(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default:
            return .null
        }
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

    /// SQLite copies the value before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
