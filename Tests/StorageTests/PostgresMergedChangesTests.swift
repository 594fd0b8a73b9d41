import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// Neighbouring changes of a script joined into one PostgreSQL statement (`MergedChanges`): which ones,
/// and that a joined script writes what its statements one by one write, and nothing when any part fails.
struct PostgresMergedChangesTests {
    struct Refused: Error {}

    static func step(_ sql: String, _ values: [SQLValue], checked: Bool = false) -> SQLStep {
        let check: @Sendable ([[SQLValue]]) throws -> Void = { _ in }
        return SQLStep(SQLStatement(sql, values), check: checked ? check : nil)
    }

    @Test("plain changes of distinct tables are joined; checked, reading or repeated-table steps stay apart")
    func grouping() throws {
        let steps = [
            Self.step("INSERT INTO a (x) VALUES (?)", [.integer(1)]),
            Self.step("\n    insert into b (x) VALUES (?) ON CONFLICT (x) DO UPDATE SET x = b.x + excluded.x", [.integer(2)]),
            Self.step("UPDATE c SET x = ? WHERE id = ?", [.integer(3), .text("k")]),
            Self.step("INSERT INTO a (x) VALUES (?)", [.integer(4)]),
            Self.step("UPDATE d SET x = ? WHERE version = ?", [.integer(5), .integer(1)], checked: true),
            Self.step("INSERT INTO e (x) SELECT x FROM a WHERE x = ?", [.integer(6)]),
            Self.step("DELETE FROM f WHERE x = ?", [.integer(7)]),
            Self.step("INSERT INTO g (x) VALUES (?) RETURNING x", [.integer(8)]),
            Self.step("INSERT INTO h (x) VALUES (?)", [.integer(9)]),
        ]
        let merged = MergedChanges.merged(steps, keepingLast: false)
        #expect(merged.map(\.statement.sql) == [
            "WITH merged0 AS (INSERT INTO a (x) VALUES (?)) \n    insert into b (x) VALUES (?) ON CONFLICT (x) DO UPDATE SET x = b.x + excluded.x",
            "WITH merged0 AS (UPDATE c SET x = ? WHERE id = ?) INSERT INTO a (x) VALUES (?)",
            "UPDATE d SET x = ? WHERE version = ?",
            "INSERT INTO e (x) SELECT x FROM a WHERE x = ?",
            "DELETE FROM f WHERE x = ?",
            "INSERT INTO g (x) VALUES (?) RETURNING x",
            "INSERT INTO h (x) VALUES (?)",
        ])
        #expect(merged[0].statement.arguments == [.integer(1), .integer(2)])
        #expect(merged[1].statement.arguments == [.integer(3), .text("k"), .integer(4)], "arguments keep their order")
        #expect(merged[1].statement.numberedSQL.contains("WHERE id = $2) INSERT INTO a (x) VALUES ($3)"))
        #expect(merged[2].check != nil, "a checked step keeps its check")
        #expect(MergedChanges.target(of: "INSERT INTO a (x) VALUES (?); DROP TABLE a") == nil)
        #expect(MergedChanges.target(of: "WITH q AS (DELETE FROM a) INSERT INTO b VALUES (1)") == nil)
        // Row locks are taken in the script's order: never two locking changes in one join.
        let upserts = ["t1", "t2", "t3"].map { Self.step("INSERT INTO \($0) (k, n) VALUES (?, 1)\nON CONFLICT (k) DO UPDATE SET n = \($0).n + 1", [.text("k")]) }
        #expect(MergedChanges.merged(upserts, keepingLast: false).count == 3)
        let inserts = [upserts[0]] + ["t2", "t3"].map { Self.step("INSERT INTO \($0) (k) VALUES (?) ON CONFLICT (k) DO NOTHING", [.text("k")]) }
        #expect(MergedChanges.merged(inserts, keepingLast: false).count == 1, "new rows lock nothing others hold")
        #expect(MergedChanges.target(of: "INSERT INTO t (k, updated_at) VALUES (?, ?)")?.locks == false)
        #expect(MergedChanges.target(of: "INSERT INTO t (k) VALUES (?)\nON CONFLICT (k) DO\n        UPDATE SET n = 1")?.locks == true,
                "an upsert however it is spaced")

        let pair = [Self.step("INSERT INTO a (x) VALUES (?)", [.integer(1)]), Self.step("INSERT INTO b (x) VALUES (?)", [.integer(2)])]
        #expect(MergedChanges.merged(pair, keepingLast: true).count == 2, "the last step stays apart when its rows are read")
        #expect(MergedChanges.merged(pair, keepingLast: false).count == 1)
        let wide = (0..<3).map { table in
            Self.step("INSERT INTO t\(table) (x) VALUES " + Array(repeating: "(?)", count: 400).joined(separator: ", "),
                      Array(repeating: .integer(1), count: 400))
        }
        #expect(MergedChanges.merged(wide, keepingLast: false).map(\.statement.arguments.count) == [800, 400],
                "a join holds at most \(MergedChanges.maxArguments) parameters")
    }

    @Test("PostgreSQL: a joined script writes what one statement at a time writes, and nothing when a part fails")
    func joinedOnTheServer() async throws {
        guard TestStores.postgresURL != nil else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return
        }
        // A migrated store in a schema of its own; the probe tables are the test's.
        let store = try #require(try await TestStores.make(.postgres) as? PostgresStore)
        try await store.execute("CREATE TABLE probe_items (code TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        try await store.execute("CREATE TABLE probe_tallies (name TEXT PRIMARY KEY, total INTEGER NOT NULL)")
        try await store.execute("CREATE TABLE probe_notes (code TEXT PRIMARY KEY, text TEXT NOT NULL)")
        try await store.execute("INSERT INTO probe_tallies VALUES ('all', 10)")
        try await store.execute("INSERT INTO probe_notes VALUES ('old', 'x')")
        func script(_ code: String, note: String, failing: Bool = false) -> SQLScript {
            SQLScript([
                Self.step("UPDATE probe_tallies SET total = total + ? WHERE name = 'all'", [.integer(1)]),
                Self.step("INSERT INTO probe_items (code, n) VALUES (?, ?)", [.text(code), .integer(code.count)]),
                Self.step("DELETE FROM probe_notes WHERE code = ?", [.text("old")]),
                Self.step("INSERT INTO probe_notes (code, text) VALUES (?, ?)", [.text(failing ? "c1" : code), .text(note)]),
            ])
        }
        #expect(MergedChanges.merged(script("c1", note: "a")).first.count == 3, "the update and the insert joined, then the delete, then the insert")
        try await store.run(script("c1", note: "a"))
        try await store.run(script("c22", note: "b"))
        let items = try await store.query(SQLStatement("SELECT code, n FROM probe_items ORDER BY code", []))
        #expect(items == [[.text("c1"), .integer(2)], [.text("c22"), .integer(3)]])
        #expect(try await store.query(SQLStatement("SELECT total FROM probe_tallies", [])) == [[.integer(12)]])
        #expect(try await store.query(SQLStatement("SELECT code FROM probe_notes ORDER BY code", [])) == [[.text("c1")], [.text("c22")]])

        // The last part fails on a duplicate key: the joined statement before it is rolled back too.
        await #expect(throws: (any Error).self) { try await store.run(script("c333", note: "c", failing: true)) }
        // A check that refuses after a join rolls it back as well.
        let refused = SQLScript([
            Self.step("INSERT INTO probe_items (code, n) VALUES (?, ?)", [.text("c4444"), .integer(5)]),
            Self.step("UPDATE probe_tallies SET total = total + ? WHERE name = 'all'", [.integer(100)]),
            SQLStep(SQLStatement("SELECT total FROM probe_tallies", [])) { _ in throw Refused() },
        ])
        await #expect(throws: Refused.self) { try await store.run(refused) }
        #expect(try await store.query(SQLStatement("SELECT count(*) FROM probe_items", [])) == [[.integer(2)]])
        #expect(try await store.query(SQLStatement("SELECT total FROM probe_tallies", [])) == [[.integer(12)]])
        try await store.close()
    }
}
