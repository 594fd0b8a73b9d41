import Foundation
import Logging
import Storage
import PostgresNIO
@testable import StoragePostgres
import StorageTesting
import Testing

/// Statements prepared once per connection (`PreparedSQL`): which ones, under which name, and that a
/// prepared statement answers like an unnamed one, whatever the values, failures included.
struct PostgresPreparedStatementsTests {
    @Test("which statements are prepared, and their names")
    func shapes() {
        let lookup = SQLStatement("SELECT a FROM t WHERE code = ? AND n = ?", [.text("x"), .integer(1)])
        let shape = PreparedSQL.shape(of: lookup, text: StatementTexts.of(lookup.sql))
        #expect(shape?.sql == "SELECT a FROM t WHERE code = $1 AND n = $2")
        #expect(shape?.types == [.text, .int8])
        let again = PreparedSQL.shape(of: SQLStatement(lookup.sql, [.text("y"), .integer(2)]), text: StatementTexts.of(lookup.sql))
        #expect(again?.name == shape?.name, "the same SQL and types: one statement, whatever the values")
        let null = PreparedSQL.shape(of: SQLStatement(lookup.sql, [.null, .integer(2)]), text: StatementTexts.of(lookup.sql))
        #expect(null != nil && null?.name != shape?.name, "other parameter types: another statement")
        let other = SQLStatement("SELECT b FROM t WHERE code = ? AND n = ?", [.text("x"), .integer(1)])
        #expect(PreparedSQL.shape(of: other, text: StatementTexts.of(other.sql))?.name != shape?.name)
        for sql in ["ANALYZE t", "SELECT SUM(n) FROM t WHERE d >= ?", "SELECT d, COUNT(*) FROM t WHERE d >= ? GROUP BY d"] {
            let statement = SQLStatement(sql, [.text("2025-07-01")])
            #expect(PreparedSQL.shape(of: statement, text: StatementTexts.of(statement.sql)) == nil, "\(sql)")
        }
        for sql in ["INSERT INTO t (a) VALUES (?)", "\n    UPDATE t SET a = ?", "WITH x AS (SELECT ?) SELECT * FROM x", "DELETE FROM t WHERE a = ?"] {
            let statement = SQLStatement(sql, [.text("a")])
            #expect(PreparedSQL.shape(of: statement, text: StatementTexts.of(statement.sql)) != nil, "\(sql)")
        }
        let counters = SQLStatement("INSERT INTO t (a) VALUES " + Array(repeating: "(?)", count: 240).joined(separator: ", "),
                                    Array(repeating: .integer(1), count: 240))
        #expect(PreparedSQL.shape(of: counters, text: StatementTexts.of(counters.sql)) != nil, "a filing's multi-row counters")
        let wide = SQLStatement("INSERT INTO t (a) VALUES " + Array(repeating: "(?)", count: 600).joined(separator: ", "),
                                Array(repeating: .integer(1), count: 600))
        #expect(PreparedSQL.shape(of: wide, text: StatementTexts.of(wide.sql)) == nil, "a bulk statement stays unnamed")
    }

    @Test("a statement's text is worked out once and read back the same, long texts each time")
    func texts() {
        let sqls = (0..<50).map { "INSERT INTO t\($0 % 7) (a, b) VALUES (?, ?) ON CONFLICT (a) DO UPDATE SET b = t.b + ?" }
            + (0..<50).map { "SELECT a FROM t WHERE code = ? AND n = \($0)" }
        for sql in sqls + sqls.reversed() {
            let kept = StatementTexts.of(sql), fresh = StatementText(sql)
            #expect(kept.numbered == fresh.numbered && kept.hash == fresh.hash && kept.preparable == fresh.preparable)
            #expect(kept.target?.table == fresh.target?.table && kept.target?.locks == fresh.target?.locks)
        }
        #expect(StatementTexts.of("SELECT ? + ?").numbered == "SELECT $1 + $2")
        #expect(StatementTexts.of("SELECT a FROM t GROUP BY a").preparable == false)
        let long = "SELECT " + Array(repeating: "?", count: StatementTexts.longestKept).joined(separator: ", ")
        #expect(StatementTexts.of(long).numbered.hasSuffix("$\(StatementTexts.longestKept)"))
    }

    @Test("PostgreSQL: a migrated store prepares once per connection; values, NULLs and failures answer as unnamed")
    func preparedOnTheConnection() async throws {
        guard let (url, schema) = try await TestStores.postgresSchema() else { return }
        // One connection, so that `pg_prepared_statements` (per session) shows what this store prepared.
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, searchPath: schema)
        try await store.execute("CREATE TABLE IF NOT EXISTS \(schema).probe (code TEXT PRIMARY KEY, n INTEGER, note TEXT)")
        let before = SQLStatement("SELECT count(*) FROM probe WHERE n = ?", [.integer(1)])
        _ = try await store.query(before)
        #expect(try await preparedNames(store).isEmpty, "nothing is prepared before the schema is migrated")
        _ = try await store.migrate()

        let insert = "INSERT INTO probe (code, n, note) VALUES (?, ?, ?)"
        for index in 0..<12 {
            // Past PostgreSQL's five custom plans, with text and NULL notes in turn.
            try await store.transaction([SQLStatement(insert, [.text("c\(index)"), .integer(index % 3), index % 2 == 0 ? .text("x") : .null])])
        }
        await #expect(throws: (any Error).self, "a duplicate key fails as it would unprepared") {
            try await store.transaction([SQLStatement(insert, [.text("c1"), .integer(9), .text("x")])])
        }
        try await store.transaction([SQLStatement(insert, [.text("c99"), .integer(9), .text("y")])])
        let select = "SELECT code, n, note FROM probe WHERE n = ? ORDER BY code"
        for n in 0..<3 {
            let rows = try await store.query(SQLStatement(select, [.integer(n)]))
            let expected = (0..<12).filter { $0 % 3 == n }.map { "c\($0)" }.sorted()
            #expect(rows.map { $0[0].text ?? "" } == expected)
            #expect(rows.allSatisfy { $0[1].integer == n })
            #expect(rows.map { $0[2] } == expected.map { Int($0.dropFirst())! % 2 == 0 ? SQLValue.text("x") : .null })
        }
        #expect(try await store.query(SQLStatement(select, [.integer(9)])).map { $0[0].text } == ["c99"],
                "the statement that failed on a value still runs with others")
        let names = try await preparedNames(store)
        #expect(names.count == 3, "the inserts (text and NULL notes) and the select are prepared: \(names)")
        #expect(names.allSatisfy { $0.hasPrefix("m") })
        try await store.close()
    }

    @Test("past the limit of prepared batch variants, new ones are sent unnamed and answer the same; other statements are always prepared")
    func preparedLimit() async throws {
        let names = PreparedNames(capacity: 2)
        #expect(names.admits("a") && names.admits("b") && names.admits("a"))
        #expect(!names.admits("c"), "a third name past a limit of two")
        #expect(names.reachedLimit() && !names.reachedLimit(), "told once")
        #expect(names.admits("b"), "the names already prepared stay")
        #expect(StatementTexts.of("INSERT INTO t (a, b) VALUES (?, ?), (?, ?)").batchVariant)
        #expect(StatementTexts.of(MergedChanges.prefix + "INSERT INTO t (a) VALUES (?) RETURNING 1) SELECT 1").batchVariant)
        #expect(!StatementTexts.of("INSERT INTO t (a, b) VALUES (?, ?)").batchVariant)
        #expect(!StatementTexts.of("UPDATE t SET a = ? WHERE id IN (?, ?, ?)").batchVariant)

        guard let (url, schema) = try await TestStores.postgresSchema() else { return }
        let store = PostgresStore(
            url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, searchPath: schema, preparedLimit: 2
        )
        _ = try await store.migrate()
        try await store.execute("CREATE TABLE \(schema).probe (code TEXT PRIMARY KEY, n INTEGER)")
        var filed = 0
        // Joined inserts of two, three and four rows: three variants of a batch.
        for round in 0..<2 {
            for rows in 2...4 {
                let inserts = (0..<rows).map { row in
                    SQLStatement("INSERT INTO probe (code, n) VALUES (?, ?)", [.text("r\(round)-\(rows)-\(row)"), .integer(rows)])
                }
                try await store.transaction([MergedChanges.joined(inserts)])
                filed += rows
            }
        }
        for rows in 2...4 {
            let found = try await store.query(SQLStatement("SELECT code FROM probe WHERE n = ? ORDER BY code", [.integer(rows)]))
            #expect(found.map { $0[0].text ?? "" } == (0..<2).flatMap { round in (0..<rows).map { "r\(round)-\(rows)-\($0)" } }.sorted())
        }
        #expect(try await store.query(SQLStatement("SELECT code FROM probe WHERE n >= ?", [.integer(0)])).count == filed)
        #expect(try await preparedNames(store).count == 4, "two of the three joined inserts, and the two selects")
        // Multi-row inserts go as arrays (`ColumnarInsert`): one text whatever their rows, no variant.
        for rows in 2...4 {
            let values = Array(repeating: "(?, ?)", count: rows).joined(separator: ", ")
            let arguments = (0..<rows).flatMap { row -> [SQLValue] in [.text("m-\(rows)-\(row)"), .integer(-rows)] }
            try await store.transaction([SQLStatement("INSERT INTO probe (code, n) VALUES \(values)", arguments)])
        }
        #expect(try await store.query(SQLStatement("SELECT code FROM probe WHERE n >= ?", [.integer(-4)])).count == filed + 9)
        #expect(try await preparedNames(store).count == 5, "one more: the multi-row inserts' columnar text")
        try await store.close()
    }

    func preparedNames(_ store: PostgresStore) async throws -> [String] {
        // A sum: itself never prepared, so it does not count itself.
        try await store.query(SQLStatement("SELECT name, SUM(1) FROM pg_prepared_statements GROUP BY name")).compactMap { $0[0].text }
    }
}
