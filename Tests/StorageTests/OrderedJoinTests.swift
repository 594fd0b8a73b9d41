import PostgresNIO
import Storage
@testable import StoragePostgres
import Testing

/// A lane's inserts joined into one statement (`OrderedJoin`): which steps join, and on PostgreSQL that
/// the parts run in the script's order and write what their own statements would.
struct OrderedJoinTests {
    static func insert(_ table: String, _ rows: [[SQLValue]]) -> SQLStep {
        let group = "(" + Array(repeating: "?", count: rows[0].count).joined(separator: ", ") + ")"
        let columns = ["a", "b", "c"].prefix(rows[0].count).joined(separator: ", ")
        return SQLStep(SQLStatement(
            "INSERT INTO \(table) (\(columns)) VALUES " + Array(repeating: group, count: rows.count).joined(separator: ", "),
            rows.flatMap { $0 }
        ))
    }

    @Test("inserts join, rows cut in several statements go back into one; a check, a delete or a repeated table keeps apart")
    func joining() throws {
        let catalog = ColumnTypes()
        catalog.load([("first", "b", "int8")])
        let steps = [
            Self.insert("first", [[.text("x"), .null], [.text("y"), .null]]),
            Self.insert("first", [[.text("z"), .integer(1)], [.text("w"), .null]]),
            Self.insert("second", [[.integer(1)]]),
            SQLStep(SQLStatement("DELETE FROM second WHERE a = ?", [.integer(2)])),
            Self.insert("third", [[.integer(1)], [.integer(2)]]),
            Self.insert("third", [[.text("mixed")], [.integer(2)]]),
            SQLStep(SQLStatement("INSERT INTO fourth (a) VALUES (?)", [.integer(3)])) { _ in },
        ]
        let out = OrderedJoin.joining(steps, catalog: catalog)
        #expect(out.count == 5)
        let join = try #require(out[0].join)
        #expect(join.parts.count == 2 && join.parts[0].columnar?.rows == 4)
        #expect(join.types == [.textArray, .int8Array, .int8])
        #expect(join.sql == """
            WITH joined0 AS (INSERT INTO first (a, b) SELECT * FROM unnest(?, ?) RETURNING 1), \
            joined1 AS (INSERT INTO second (a) VALUES (?) RETURNING 1) \
            SELECT (SELECT count(*) FROM joined0), (SELECT count(*) FROM joined1)
            """)
        #expect(out[1].join == nil && out[1].step.statement.sql.hasPrefix("DELETE"))
        // One part alone goes as its own statement; rows of two kinds in a column, and a check, stay apart.
        #expect(out[2].join == nil && out[2].step.statement.sql.hasPrefix("INSERT INTO third"))
        #expect(out[3].join == nil && out[3].step.statement.arguments.first == .text("mixed"))
        #expect(out[4].join == nil && out[4].step.check != nil)
        // Without the catalogue, a column of NULLs only keeps the first rows apart, as VALUES.
        #expect(OrderedJoin.joining(Array(steps.prefix(3)), catalog: ColumnTypes()).map { $0.join == nil } == [true, false])
    }

    @Test("PostgreSQL: a lane's inserts in one statement run in the script's order and write every row")
    func ordered() async throws {
        guard let (store, schema) = try await PostgresStatementPipelineTests.store() else { return }
        try await store.execute("CREATE SEQUENCE \(schema).turn")
        for table in ["first", "second", "third"] {
            try await store.execute("""
                CREATE TABLE \(schema).\(table) (a TEXT PRIMARY KEY, b BIGINT, c BYTEA, turn BIGINT NOT NULL DEFAULT nextval('\(schema).turn'))
                """)
        }
        try await store.leased { try await store.readColumnTypes($0) }
        let rows = (0..<40).map { [SQLValue.text("Xã Đông Anh \($0)"), .null, .bytes([UInt8($0)])] }
        // Several times over, so that each order is seen run after run (the text is prepared after the first).
        for round in 0..<4 {
            let scripts = [SQLScript(["third", "first", "second"].map { table in
                Self.insert(table, rows.map { [.text("\(round) " + $0[0].text!), $0[1], $0[2]] })
            })]
            try await store.leased { try await store.pipelinedTransaction(scripts, on: $0) }
        }
        let joined = try #require(OrderedJoin.joining(Self.insertsOfThreeTables(), catalog: store.columnTypes).first)
        #expect(store.sending(try #require(joined.join), sql: joined.step.statement.sql).shape != nil)
        let turns = try await store.query(SQLStatement("""
            SELECT t, count(*), min(turn), max(turn), count(b), sum(length(c)) FROM (SELECT 'first' AS t, * FROM first
            UNION ALL SELECT 'second', * FROM second UNION ALL SELECT 'third', * FROM third) x GROUP BY t ORDER BY min(turn)
            """))
        #expect(turns.map { $0[0] } == [.text("third"), .text("first"), .text("second")])
        #expect(turns.allSatisfy { $0[1] == .integer(160) && $0[4] == .integer(0) && $0[5] == .integer(160) })
        // Within each round, every row of one table before any of the next.
        let rounds = try await store.query(SQLStatement("""
            SELECT count(*) FROM third x, first y WHERE split_part(x.a, ' ', 1) = split_part(y.a, ' ', 1) AND x.turn > y.turn
            """))
        #expect(rounds == [[.integer(0)]])
        try await store.close()
    }

    static func insertsOfThreeTables() -> [SQLStep] {
        ["third", "first", "second"].map { insert($0, [[.text("p"), .null, .bytes([1])], [.text("q"), .null, .bytes([2])]]) }
    }

    @Test("PostgreSQL: a failed part fails the whole statement and nothing of it is written")
    func failed() async throws {
        guard let (store, schema) = try await PostgresStatementPipelineTests.store() else { return }
        try await store.execute("CREATE TABLE \(schema).first (a TEXT PRIMARY KEY, b BIGINT)")
        try await store.execute("CREATE TABLE \(schema).second (a TEXT PRIMARY KEY, b BIGINT NOT NULL)")
        try await store.leased { try await store.readColumnTypes($0) }
        let script = SQLScript([
            Self.insert("first", [[.text("một"), .integer(1)], [.text("hai"), .integer(2)]]),
            Self.insert("second", [[.text("ba"), .integer(3)], [.text("bốn"), .null]]),
        ])
        await #expect(throws: BatchStatementFailed.self) {
            try await store.leased { try await store.pipelinedTransaction([script], on: $0) }
        }
        #expect(try await store.query(SQLStatement("SELECT count(*) FROM first")) == [[.integer(0)]])
        // The connection is left outside any transaction: the next batch commits.
        try await store.leased { try await store.pipelinedTransaction([SQLScript([Self.insert("first", [[.text("năm"), .integer(5)], [.text("sáu"), .null]])])], on: $0) }
        #expect(try await store.query(SQLStatement("SELECT count(*) FROM first")) == [[.integer(2)]])
        try await store.close()
    }
}
