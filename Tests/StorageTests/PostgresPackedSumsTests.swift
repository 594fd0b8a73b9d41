import Logging
import NIOCore
import PostgresNIO
import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// A report's sums travel from PostgreSQL as one `int8[]` per row (`PackedSums`): read from its binary
/// layout, NULL elements as 0, a row of nothing but NULLs as no group.
struct PostgresPackedSumsTests {
    /// PostgreSQL's binary form of a one-dimensional array of `element`s.
    static func binaryArray(_ values: [Int64?], element: PostgresDataType = .int8) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(1))
        buffer.writeInteger(Int32(values.contains(nil) ? 1 : 0))
        buffer.writeInteger(element.rawValue)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))
        for value in values {
            if let value {
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(value)
            } else {
                buffer.writeInteger(Int32(-1))
            }
        }
        return buffer
    }

    static func cell(_ buffer: ByteBuffer?, format: PostgresFormat = .binary) -> PostgresCell {
        PostgresCell(bytes: buffer, dataType: .int8Array, format: format, columnName: "sums", columnIndex: 1)
    }

    @Test("the binary int8[] of a row's sums is read exactly, NULL as 0, all NULL told")
    func binaryLayout() throws {
        let read = try PostgresStore.packedSums(Self.cell(Self.binaryArray([1, -2, nil, 3_000_000_000, 0])))
        #expect(read.sums == [1, -2, 0, 3_000_000_000, 0] && !read.allNull)
        let nulls = try PostgresStore.packedSums(Self.cell(Self.binaryArray([nil, nil])))
        #expect(nulls.sums == [0, 0] && nulls.allNull)
        #expect(try PostgresStore.packedSums(Self.cell(nil)).allNull)
        // An array of another element type is not taken for sums.
        #expect(throws: StorageError.self) { try PostgresStore.packedSums(Self.cell(Self.binaryArray([1], element: .int4))) }
        var truncated = Self.binaryArray([7, 8])
        truncated.moveWriterIndex(to: truncated.writerIndex - 3)
        #expect(throws: StorageError.self) { try PostgresStore.packedSums(Self.cell(truncated)) }
    }

    @Test("the text form of the sums reads the same")
    func textLayout() throws {
        let read = try PostgresStore.packedSums(Self.cell(ByteBuffer(string: "{4,NULL,-5}"), format: .text))
        #expect(read.sums == [4, 0, -5] && !read.allNull)
        #expect(try PostgresStore.packedSums(Self.cell(ByteBuffer(string: "{NULL}"), format: .text)).allNull)
        #expect(throws: StorageError.self) { try PostgresStore.packedSums(Self.cell(ByteBuffer(string: "{4,x}"), format: .text)) }
    }

    @Test("PostgreSQL: grouped sums through the packed column equal the sums by hand")
    func againstTheServer() async throws {
        guard let url = TestStores.postgresURL else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return
        }
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 2)
        let rows = "(VALUES ('a', 1, 10), ('b', 2, NULL), ('a', 3, 30), ('c', NULL, NULL)) AS t (g, v, w)"
        let sums = store.sumColumns(["SUM(v)", "SUM(w)", "COUNT(*)"]).joined(separator: ", ")
        let grouped = try await store.groupedSums(SQLStatement("SELECT g, \(sums) FROM \(rows) GROUP BY g ORDER BY g"), groups: 1)
        #expect(grouped == [
            GroupSums(group: ["a"], sums: [4, 40, 2]), GroupSums(group: ["b"], sums: [2, 0, 1]), GroupSums(group: ["c"], sums: [0, 0, 1]),
        ])
        // Without groups: the sums of the rows that `?` lets through, and none of no rows.
        let total = { (condition: String) in "SELECT \(store.sumColumns(["SUM(v)", "SUM(w)"]).joined(separator: ", ")) FROM \(rows) WHERE \(condition)" }
        #expect(try await store.groupedSums(SQLStatement(total("g <> ?"), [.text("b")]), groups: 0) == [GroupSums(group: [], sums: [4, 40])])
        #expect(try await store.groupedSums(SQLStatement(total("g = ?"), [.text("z")]), groups: 0) == [])
        try await store.close()
    }
}
