@testable import Storage
import Testing

/// The multi-row statements the bulk path and every filing write: the single-row text's VALUES group
/// repeated, the rest of the text kept, and only for texts that can take more rows.
struct InsertShapeTests {
    @Test("an INSERT with a conflict clause: its group repeated, head and tail kept, the same text each time")
    func repeatsTheGroup() throws {
        let sql = "INSERT INTO daily_counters (day, unit, received) VALUES (?, ?, ?) ON CONFLICT (day, unit) DO UPDATE SET received = daily_counters.received + excluded.received"
        let shape = try #require(InsertShape.of(sql))
        #expect(shape.text(rows: 1) == sql)
        #expect(shape.text(rows: 3) == "INSERT INTO daily_counters (day, unit, received) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?) ON CONFLICT (day, unit) DO UPDATE SET received = daily_counters.received + excluded.received")
        #expect(InsertShape.of(sql) === shape)
        #expect(shape.text(rows: 3) == shape.text(rows: 3))
    }

    @Test("texts that cannot take more rows: not an INSERT, no placeholder group, no VALUES at all")
    func refuses() {
        #expect(InsertShape.of("UPDATE dossiers SET status = ? WHERE code = ?") == nil)
        #expect(InsertShape.of("INSERT INTO t (a) VALUES (1)") == nil)
        // Already several rows: repeating its first group would not match its arguments.
        #expect(InsertShape.of("INSERT INTO t (a, b) VALUES (?, ?), (?, ?) ON CONFLICT (a) DO NOTHING") == nil)
        #expect(InsertShape.of("INSERT INTO t (a) VALUES (?)\n, (?)") == nil)
        #expect(InsertShape.of("INSERT INTO t (a) SELECT a FROM u") == nil)
        #expect(InsertShape.of("INSERT INTO") == nil)
        #expect(InsertShape.of("") == nil)
    }

    @Test("rows coalesced in chunks of powers of two, the last of up to 16 rows whole, arguments in row order")
    func chunks() {
        let sql = "INSERT INTO t (a, b) VALUES (?, ?)"
        let rows: [[SQLValue]] = (0..<7).map { [.integer($0), .text("r\($0)")] }
        let steps = SQLDossierRepository.multiRow(sql, rows)
        #expect(steps.map { $0.statement.arguments.count } == [14])
        #expect(steps.flatMap(\.statement.arguments) == rows.flatMap { $0 })
        #expect(SQLDossierRepository.multiRow(sql, Array(rows.prefix(2)))[0].statement.sql == "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)")
        let many: [[SQLValue]] = (0..<(64 + 32 + 16 + 5)).map { [.integer($0), .text("r\($0)")] }
        let cut = SQLDossierRepository.multiRow(sql, many)
        #expect(cut.map { $0.statement.arguments.count / 2 } == [64, 32, 16, 5])
        #expect(cut.flatMap(\.statement.arguments) == many.flatMap { $0 })
        #expect(SQLDossierRepository.multiRow(sql, Array(many.prefix(17))).map { $0.statement.arguments.count / 2 } == [16, 1])
    }

    @Test("an engine's verb begins the text; each verb's texts are kept apart")
    func verb() throws {
        let sql = "INSERT INTO t (a, b) VALUES (?, ?)"
        let rows: [[SQLValue]] = (0..<2).map { [.integer($0), .text("r\($0)")] }
        #expect(SQLDossierRepository.multiRow(sql, rows, insert: "INSERT OR FAIL INTO").map(\.statement.sql)
            == ["INSERT OR FAIL INTO t (a, b) VALUES (?, ?), (?, ?)"])
        #expect(SQLDossierRepository.multiRow(sql, rows).map(\.statement.sql) == ["INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"])
        let steps = [SQLStep(SQLStatement(sql, rows[0])), SQLStep(SQLStatement("DELETE FROM u")), SQLStep(SQLStatement(sql, rows[1]))]
        #expect(SQLDossierRepository.coalesced(steps, insert: "INSERT OR FAIL INTO").map(\.statement.sql)
            == ["INSERT OR FAIL INTO t (a, b) VALUES (?, ?), (?, ?)", "DELETE FROM u"])
    }

    @Test("each text's rows merged where its first row was; checked steps and other statements kept in place")
    func interleaved() {
        let first = "INSERT INTO t (a) VALUES (?)", second = "INSERT INTO u (b, c) VALUES (?, ?)"
        // Equal texts that do not share storage, as texts built at run time would not.
        let copy = String(decoding: Array(first.utf8), as: UTF8.self)
        let steps = [
            SQLStep(SQLStatement(first, [.integer(1)])),
            SQLStep(SQLStatement(second, [.integer(2), .text("x")])),
            SQLStep(SQLStatement("INSERT INTO v (d) VALUES (?) RETURNING d", [.integer(3)])) { _ in },
            SQLStep(SQLStatement(copy, [.integer(4)])),
            SQLStep(SQLStatement("DELETE FROM w WHERE e = ?", [.integer(5)])),
            SQLStep(SQLStatement(second, [.integer(6), .text("y")])),
            SQLStep(SQLStatement(first, [.integer(7)])),
            SQLStep(SQLStatement("DELETE FROM w WHERE e = ?", [.integer(8)])),
        ]
        let merged = SQLDossierRepository.coalesced(steps)
        #expect(merged.map(\.statement.sql) == [
            "INSERT INTO t (a) VALUES (?), (?), (?)", "INSERT INTO u (b, c) VALUES (?, ?), (?, ?)",
            "INSERT INTO v (d) VALUES (?) RETURNING d", "DELETE FROM w WHERE e = ?", "DELETE FROM w WHERE e = ?",
        ])
        #expect(merged.map(\.statement.arguments) == [
            [.integer(1), .integer(4), .integer(7)], [.integer(2), .text("x"), .integer(6), .text("y")], [.integer(3)],
            [.integer(5)], [.integer(8)],
        ])
        #expect(merged.map { $0.check != nil } == [false, false, true, false, false])
    }
}
