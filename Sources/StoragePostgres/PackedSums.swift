import NIOCore
import PostgresNIO
public import Storage

/// A report's sums as one `int8[]` per row instead of a column each. A nationwide breakdown by commune
/// reads ~3,400 groups from each of two rollups, two dozen sums a row: decoding them cell by cell
/// (a `PostgresCell` each, its buffer and column name retained and released, a generic decode) was a
/// third of the server's CPU for the report (63 → 42 ms, BENCHMARKS, issue 7), more than PostgreSQL's own
/// aggregation took. An array is one cell, read here straight from PostgreSQL's binary layout.
extension PostgresStore {
    public func sumColumns(_ sums: [String]) -> [String] {
        ["ARRAY[\(sums.map { "(\($0))::int8" }.joined(separator: ", "))]"]
    }

    public func groupedSums(_ statement: SQLStatement, groups: Int) async throws -> [GroupSums] {
        // Reports are planned for their values each time (`PreparedSQL.shape`), so never prepared.
        let read = { @Sendable (connection: PostgresConnection) async throws -> [GroupSums] in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: StatementTexts.of(statement.sql).numbered, binds: Self.bindings(statement)), logger: self.logger
            )
            var summer = GroupSummer()
            for try await row in rows {
                var group: [String] = []
                group.reserveCapacity(groups)
                var sums: [Int] = []
                var anyValue = false
                for cell in row {
                    if group.count < groups {
                        group.append(try Self.groupText(cell))
                    } else if cell.dataType == .int8Array {
                        let packed = try Self.packedSums(cell)
                        sums += packed.sums
                        anyValue = anyValue || !packed.allNull
                    } else if cell.bytes == nil {
                        sums.append(0)
                    } else {
                        // A statement that did not pack its sums (`sumColumns`): a column each.
                        sums.append(try cell.decode(Int.self))
                        anyValue = true
                    }
                }
                // The sums of no rows (a read without groups) are all NULL: no group.
                if groups == 0, !anyValue { continue }
                summer.add(group, sums)
            }
            return summer.groups
        }
        return try await readLeased(read)
    }

    /// A group column's text, as `groupedSums` reads any other engine's: a number or NULL is empty.
    static func groupText(_ cell: PostgresCell) throws -> String {
        guard cell.bytes != nil else { return "" }
        switch cell.dataType {
        case .int2, .int4, .int8, .bool, .bytea: return ""
        default: return try cell.decode(String.self)
        }
    }

    /// The integers of an `int8[]` cell, NULL elements as 0, and whether every element was NULL.
    static func packedSums(_ cell: PostgresCell) throws -> (sums: [Int], allNull: Bool) {
        guard var buffer = cell.bytes else { return ([], true) }
        if cell.format == .text { return try textSums(buffer.readString(length: buffer.readableBytes) ?? "") }
        // ndim, has-nulls flag, element type; then per dimension its length and lower bound; then each
        // element as a length (-1 for NULL) and, for int8, eight big-endian bytes.
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              let element = buffer.readInteger(as: UInt32.self) else { throw Self.malformedSums }
        guard dimensions == 1 else {
            if dimensions == 0 { return ([], true) }
            throw Self.malformedSums
        }
        guard element == PostgresDataType.int8.rawValue, let count = buffer.readInteger(as: Int32.self), count >= 0,
              buffer.readInteger(as: Int32.self) != nil else { throw Self.malformedSums }
        var sums = [Int](repeating: 0, count: Int(count))
        var nulls = 0
        for index in sums.indices {
            guard let length = buffer.readInteger(as: Int32.self) else { throw Self.malformedSums }
            if length == -1 {
                nulls += 1
                continue
            }
            guard length == 8, let value = buffer.readInteger(as: Int64.self) else { throw Self.malformedSums }
            sums[index] = Int(value)
        }
        return (sums, nulls == sums.count)
    }

    /// The same from the text form `{1,2,NULL}`, should the server send it.
    static func textSums(_ text: String) throws -> (sums: [Int], allNull: Bool) {
        guard text.hasPrefix("{"), text.hasSuffix("}") else { throw Self.malformedSums }
        let parts = text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
        if parts == [""] { return ([], true) }
        var nulls = 0
        let sums = try parts.map { part -> Int in
            if part == "NULL" {
                nulls += 1
                return 0
            }
            guard let value = Int(part) else { throw Self.malformedSums }
            return value
        }
        return (sums, nulls == sums.count)
    }

    static var malformedSums: StorageError { .corrupt("a report's sums came back in an unexpected form") }
}
