import PostgresNIO
import Storage
@testable import StoragePostgres
import Testing

/// Multi-row inserts sent to PostgreSQL as one array per column (`ColumnarInsert`): which texts take
/// that form, and that the rows written, their order and the upserts' sums are those of `VALUES`.
struct ColumnarInsertTests {
    static let upsert = """
        INSERT INTO counts (id, s, n, b, note)
        VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET n = counts.n + excluded.n RETURNING id, n
        """

    @Test("the columnar form of a multi-row insert: one text whatever the rows, `?` per column")
    func form() throws {
        let form = try #require(ColumnarInsert(Self.upsert))
        #expect(form.columns == 5 && form.rows == 3)
        #expect(form.sql == """
            INSERT INTO counts (id, s, n, b, note) SELECT * FROM unnest(?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET n = counts.n + excluded.n RETURNING id, n
            """)
        let two = try #require(ColumnarInsert("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"))
        #expect(two.sql == "INSERT INTO t (a, b) SELECT * FROM unnest(?, ?)" && two.rows == 2)
        // Texts that keep their VALUES: one row, a constant among the parameters, rows that differ, a
        // parameter outside the rows, a joined statement.
        for sql in [
            "INSERT INTO t (a, b) VALUES (?, ?)",
            "INSERT INTO t (a, b) VALUES (?, 0), (?, 0)",
            "INSERT INTO t (a, b) VALUES (?, ?), (?, 0)",
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT (a) DO UPDATE SET b = ?",
            "WITH merged0 AS (INSERT INTO u (a) VALUES (?), (?)) INSERT INTO t (a) VALUES (?), (?)",
            "UPDATE t SET a = ? WHERE b IN (VALUES (?), (?))",
        ] {
            #expect(ColumnarInsert(sql) == nil, "\(sql)")
        }
    }

    @Test("a column's array type: one kind of value and at least one value, or the rows stay as they are")
    func types() throws {
        let form = try #require(ColumnarInsert("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"))
        #expect(form.types(of: [.integer(1), .text("x"), .integer(2), .null]) == [.int8Array, .textArray])
        #expect(form.types(of: [.bytes([1]), .null, .bytes([]), .text("y")]) == [.byteaArray, .textArray])
        #expect(form.types(of: [.integer(1), .null, .integer(2), .null]) == nil, "a column of NULLs only")
        #expect(form.types(of: [.integer(1), .text("x"), .text("2"), .text("y")]) == nil, "two kinds in a column")
        #expect(form.types(of: [.integer(1), .text("x")]) == nil, "fewer arguments than the text's rows")
    }

    static func rows(_ id: [Int], note: [String?], n: Int) -> [SQLValue] {
        id.enumerated().flatMap { index, id -> [SQLValue] in
            [.integer(id), .text("Phường Bến Thành \(id)"), .integer(n * id), .bytes([UInt8(id), 0, 255]), note[index].map(SQLValue.text) ?? .null]
        }
    }

    @Test("PostgreSQL: rows sent as arrays are written, returned and summed as their VALUES would be")
    func written() async throws {
        guard let (store, schema) = try await PostgresStatementPipelineTests.store() else { return }
        try await store.execute("CREATE TABLE \(schema).counts (id INTEGER PRIMARY KEY, s TEXT NOT NULL, n BIGINT NOT NULL, b BYTEA, note TEXT)")
        let first = SQLStatement(Self.upsert, Self.rows([3, 1, 2], note: [nil, "một", nil], n: -4_000_000_000))
        #expect(store.sending(first).arrays == [.int8Array, .textArray, .int8Array, .byteaArray, .textArray])
        #expect(store.sending(first).sql.contains("unnest($1, $2, $3, $4, $5)"))
        // The rows come back in the order sent: counter rows are locked in the order of the script.
        #expect(try await store.query(first).map { $0.map(\.integer) } == [[3, -12_000_000_000], [1, -4_000_000_000], [2, -8_000_000_000]])
        // Again, over the rows now there, and a third time with a column of NULLs only, sent as VALUES.
        let again = SQLStatement(Self.upsert, Self.rows([2, 4, 3], note: [nil, nil, "ba"], n: 5))
        let nulls = SQLStatement(Self.upsert, Self.rows([5, 6, 1], note: [nil, nil, nil], n: 1))
        #expect(store.sending(nulls).arrays == nil)
        try await store.runAlone(SQLScript([SQLStep(again), SQLStep(nulls), SQLStep(again)]))
        let table = try await store.query(SQLStatement("SELECT id, s, n, b, note FROM counts ORDER BY id"))
        let expected: [[SQLValue]] = [
            [.integer(1), .text("Phường Bến Thành 1"), .integer(-4_000_000_000 + 1), .bytes([1, 0, 255]), .text("một")],
            [.integer(2), .text("Phường Bến Thành 2"), .integer(-8_000_000_000 + 20), .bytes([2, 0, 255]), .null],
            [.integer(3), .text("Phường Bến Thành 3"), .integer(-12_000_000_000 + 30), .bytes([3, 0, 255]), .null],
            [.integer(4), .text("Phường Bến Thành 4"), .integer(40), .bytes([4, 0, 255]), .null],
            [.integer(5), .text("Phường Bến Thành 5"), .integer(5), .bytes([5, 0, 255]), .null],
            [.integer(6), .text("Phường Bến Thành 6"), .integer(6), .bytes([6, 0, 255]), .null],
        ]
        #expect(table == expected)
        try await store.close()
    }
}
