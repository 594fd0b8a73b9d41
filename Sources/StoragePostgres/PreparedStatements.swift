import Foundation
import PostgresNIO
import Storage
import Synchronization

/// Statements prepared once per connection and then only bound and executed: parsing and planning every
/// statement was half of the machine's CPU under load on PostgreSQL. PostgresNIO prepares by type (its
/// `PostgresPreparedStatement` names the SQL in static properties, the connection keeps one prepared
/// statement per name), and MotCua's SQL is built at run time, so one type reads its name, SQL and
/// parameter types from a task-local value bound around each call. The connection reads them before
/// its first suspension, on the calling task.
struct PreparedSQL: PostgresPreparedStatement {
    struct Shape: Sendable {
        var name = ""
        var sql = ""
        var types: [PostgresDataType] = []
    }

    @TaskLocal static var shape = Shape()

    static var name: String { shape.name }
    static var sql: String { shape.sql }
    static var bindingDataTypes: [PostgresDataType] { shape.types }

    typealias Row = PostgresRow

    let bindings: PostgresBindings

    func makeBindings() -> PostgresBindings { bindings }

    func decodeRow(_ row: PostgresRow) -> PostgresRow { row }

    /// The shape of `statement` when it is worth preparing: a plain query or change of modest size. Large
    /// multi-row statements (bulk paths) vary in their row count; each would stay prepared on every
    /// connection, and their parsing is small beside their rows. A filing's multi-row counter upserts
    /// (the day granules: ~230 parameters) are within the limit: left unnamed, PostgreSQL parsed and
    /// planned them for every filing. Reports (grouped sums) are planned
    /// for their values each time: a generic plan, blind to the date range, could scan the wrong way,
    /// and their planning is nothing beside their scans.
    /// Joined changes (`MergedChanges`) are prepared too: their shapes are as few as the scripts'.
    static func shape(of statement: SQLStatement, text: StatementText) -> Shape? {
        let sql = text.numbered
        let joined = sql.hasPrefix(MergedChanges.prefix)
        guard joined || (statement.arguments.count <= 512 && sql.utf8.count <= 8_192), text.preparable else { return nil }
        return shape(sql, hash: text.hash, types: statement.arguments.map(type(of:)))
    }

    static func shape(_ sql: String, hash: UInt64, types: [PostgresDataType]) -> Shape {
        // The parameter types are part of the name: PostgreSQL fixes them when it prepares.
        var hash = hash
        for type in types { hash = (hash ^ UInt64(type.rawValue)) &* 0x100_0000_01b3 }
        return Shape(name: "m" + String(hash, radix: 36), sql: sql, types: types)
    }

    /// Over the UTF-8 bytes: `String.contains` compared by characters, 5 % of a look-up's CPU.
    static func isReport(_ sql: String) -> Bool {
        var sql = sql
        return sql.withUTF8 { bytes in contains(bytes, "SUM(") || contains(bytes, " GROUP BY ") }
    }

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        let first = needle.utf8Start[0]
        for start in 0...(bytes.count - count) where bytes[start] == first {
            if memcmp(bytes.baseAddress! + start, needle.utf8Start, count) == 0 { return true }
        }
        return false
    }

    static func type(of value: SQLValue) -> PostgresDataType {
        switch value {
        case .text: .text
        case .integer: .int8
        case .bytes: .bytea
        case .null: .null
        }
    }

    /// Whether the statement is one PostgreSQL plans (not a utility statement such as `ANALYZE`).
    static func isPlannable(_ sql: String) -> Bool {
        let word = sql.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }
            .prefix { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { word.elementsEqual($0.utf8) }
    }
}

/// The names of the batch variants a store prepares (`StatementText.batchVariant`): at most `capacity`
/// distinct ones, each prepared on every connection that runs it and kept there with its plan for the
/// connection's life. Batched writes join and merge rows, so their texts vary with the batch (a 20-second
/// counter morning sent ~570 distinct texts), and in a six-minute soak every backend's private memory grew
/// by ~3 MB a minute, past 60 MB; with 200 names (every statement counted then) it stayed at 43 MB, the receptions' CPU unchanged
/// (BENCHMARKS.md, issue 5). Past the limit a new variant is sent unnamed (parsed and planned each time);
/// the names go to the first variants met and stay theirs (not chosen by use). Every other statement is always
/// prepared: with them in the limit, the outbox's statements, first sent after the filings had filled
/// it, went unnamed and a drain after an outage took 49–52 s instead of 28–40 s.
final class PreparedNames: Sendable {
    let capacity: Int
    private let names = Mutex<Set<String>>([])
    private let full = Atomic<Bool>(false)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Whether `name` is prepared: known, or new with room for it.
    func admits(_ name: String) -> Bool {
        names.withLock { names in
            if names.contains(name) { return true }
            guard names.count < capacity else { return false }
            names.insert(name)
            return true
        }
    }

    /// True the first time the limit turns a name away (logged once).
    func reachedLimit() -> Bool {
        !full.exchange(true, ordering: .relaxed)
    }
}
