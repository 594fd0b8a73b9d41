import GRDBSQLite
import Storage

/// One statement run on a prepared SQLite statement through SQLite's own calls: bound, stepped, its rows
/// read, then reset. Shared by the writer's transactions and our read-only connections. Going through
/// GRDB's `StatementArguments` and `Row.fetchAll` instead cost the single writer ~30 % of its CPU in a
/// burst of receptions (boxing every value as an existential, a row cursor per statement; perf in
/// BENCHMARKS.md), and the writer's time is what bounds the rate of filings.
enum SQLiteStatementRows {
    static func rows(_ prepared: OpaquePointer, _ statement: SQLStatement, failure: (Int32) -> any Error) throws -> [[SQLValue]] {
        defer {
            sqlite3_reset(prepared)
            sqlite3_clear_bindings(prepared)
        }
        for (offset, value) in statement.arguments.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch value {
            case .text(let text): bound = sqlite3_bind_text(prepared, index, text, Int32(text.utf8.count), transient)
            case .integer(let integer): bound = sqlite3_bind_int64(prepared, index, Int64(integer))
            case .bytes(let bytes): bound = bytes.withUnsafeBytes { sqlite3_bind_blob(prepared, index, $0.baseAddress, Int32($0.count), transient) }
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

    /// As GRDB's rows were read: a double as its text.
    private static func value(_ prepared: OpaquePointer, _ column: Int32) -> SQLValue {
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

    /// SQLite copies the value before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
