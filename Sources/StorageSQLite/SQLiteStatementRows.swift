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
        try bind(prepared, statement, failure: failure)
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

    /// `SQLExecutor.groupedSums` over the rows as SQLite steps through them: a row of a group already
    /// seen is found by its texts' bytes where SQLite keeps them and its integers added, with nothing
    /// allocated. Materialised as values, the 47,000 granule-rollup rows of a nationwide report by agency
    /// (scale 0.1) were half of its time (perf): an array and a string or two per row, made and freed.
    static func groupedSums(
        _ prepared: OpaquePointer, _ statement: SQLStatement, groups: Int, failure: (Int32) -> any Error
    ) throws -> [GroupSums] {
        defer {
            sqlite3_reset(prepared)
            sqlite3_clear_bindings(prepared)
        }
        try bind(prepared, statement, failure: failure)
        let columns = Int(sqlite3_column_count(prepared))
        let width = columns - groups
        var texts: [[String]] = []
        var keys: [[UInt8]] = []
        // The sums side by side, `width` per group; the first group of each hash, and each group's next
        // of the same hash (-1: none).
        var totals: [Int] = []
        var firsts: [UInt64: Int] = [:]
        var nexts: [Int] = []
        var key: [UInt8] = []
        while true {
            let stepped = sqlite3_step(prepared)
            if stepped == SQLITE_DONE { break }
            guard stepped == SQLITE_ROW else { throw failure(stepped) }
            if groups == 0, (0..<columns).allSatisfy({ sqlite3_column_type(prepared, Int32($0)) == SQLITE_NULL }) { continue }
            // The group's texts, each followed by a byte no UTF-8 text holds (as `CounterRow` hashes them).
            key.removeAll(keepingCapacity: true)
            for column in 0..<Int32(groups) {
                if let text = sqlite3_column_text(prepared, column) {
                    key.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(prepared, column))))
                }
                key.append(0xFF)
            }
            var hash = FNV1a()
            key.withUnsafeBufferPointer { for byte in $0 { hash.add(byte) } }
            var position = firsts[hash.value] ?? -1
            while position >= 0, keys[position] != key { position = nexts[position] }
            if position < 0 {
                position = keys.count
                texts.append((0..<Int32(groups)).map { column in
                    sqlite3_column_text(prepared, column).map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(sqlite3_column_bytes(prepared, column))), as: UTF8.self)
                    } ?? ""
                })
                keys.append(key)
                nexts.append(firsts[hash.value] ?? -1)
                firsts[hash.value] = position
                totals += repeatElement(0, count: width)
            }
            let base = position * width
            totals.withUnsafeMutableBufferPointer { totals in
                for index in 0..<width { totals[base + index] += Int(sqlite3_column_int64(prepared, Int32(groups + index))) }
            }
        }
        return texts.enumerated().map { position, group in
            GroupSums(group: group, sums: Array(totals[(position * width)..<((position + 1) * width)]))
        }
    }

    private static func bind(_ prepared: OpaquePointer, _ statement: SQLStatement, failure: (Int32) -> any Error) throws {
        for (offset, value) in statement.arguments.enumerated() {
            let index = Int32(offset + 1)
            let bound: Int32
            switch value {
            // The bytes where the string keeps them: passed as a `String`, the text was first copied into
            // a new C string (`utf8CString`, 3 % of the writer's time in `motcua generate`, perf).
            case .text(let text):
                bound = text.utf8.withContiguousStorageIfAvailable { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { bytes in
                        // No address (an empty text) would bind NULL.
                        guard let address = bytes.baseAddress else { return sqlite3_bind_text(prepared, index, "", 0, transient) }
                        return sqlite3_bind_text(prepared, index, address, Int32(bytes.count), transient)
                    }
                } ?? sqlite3_bind_text(prepared, index, text, Int32(text.utf8.count), transient)
            case .integer(let integer): bound = sqlite3_bind_int64(prepared, index, Int64(integer))
            // An empty array may have no address, and a blob bound from none is NULL: bound as a zero-length blob.
            case .bytes(let bytes) where bytes.isEmpty: bound = sqlite3_bind_zeroblob(prepared, index, 0)
            case .bytes(let bytes): bound = bytes.withUnsafeBytes { sqlite3_bind_blob(prepared, index, $0.baseAddress, Int32($0.count), transient) }
            case .null: bound = sqlite3_bind_null(prepared, index)
            }
            guard bound == SQLITE_OK else { throw failure(bound) }
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
