import Foundation
import Logging
import PostgresNIO
import Storage
@testable import StoragePostgres
import StorageTesting
import Synchronization
import Testing

/// A transaction's statements sent ahead of their answers (`PostgresStore.pipelined`): they run in the
/// order of the script, whether prepared, preparing on first use or unnamed, and the first failure is the
/// outcome, with nothing of the script written.
struct PostgresStatementPipelineTests {
    struct Refused: Error, Equatable {}

    /// A store of one connection, so that every script meets the statements the last one prepared.
    static func store() async throws -> (PostgresStore, String)? {
        guard let (url, schema) = try await TestStores.postgresSchema() else { return nil }
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, searchPath: schema, writeLanes: 0)
        // As after `migrate()`, without the whole schema.
        store.prepares.store(true, ordering: .relaxed)
        try await store.execute("CREATE TABLE \(schema).trail (id INTEGER PRIMARY KEY, s TEXT NOT NULL)")
        try await store.execute("INSERT INTO \(schema).trail (id, s) VALUES (1, '')")
        return (store, schema)
    }

    /// Appends `mark` to the trail in one of three texts: two prepared, one sent unnamed (a statement
    /// with `GROUP BY` is planned for its values each time).
    static func append(_ mark: Int) -> SQLStep {
        let sql = switch mark % 3 {
        case 0: "UPDATE trail SET s = s || ? WHERE id = 1"
        case 1: "UPDATE trail SET s = s || (? || '') WHERE id = 1"
        default: "UPDATE trail SET s = s || (SELECT MAX(x) FROM (VALUES (?)) AS v (x) GROUP BY ()) WHERE id = 1"
        }
        return SQLStep(SQLStatement(sql, [.text("\(mark),")]))
    }

    static func trail(_ store: PostgresStore) async throws -> String {
        try await store.query(SQLStatement("SELECT s FROM trail WHERE id = 1")).first?.first?.text ?? ""
    }

    @Test("PostgreSQL: statements sent ahead run in the script's order, prepared, preparing or unnamed")
    func order() async throws {
        guard let (store, _) = try await Self.store() else { return }
        let marks = Array(0..<150)
        let expected = marks.map { "\($0)," }.joined()
        try await store.runAlone(SQLScript(marks.map(Self.append)))
        #expect(try await Self.trail(store) == expected)
        let before = store.sentAhead.load(ordering: .relaxed)
        #expect(before == marks.count - 2, "only the first use of each prepared text waits for the answers before it")
        // Now both prepared texts are known on the connection: every statement goes ahead.
        try await store.runAlone(SQLScript(marks.map(Self.append)))
        #expect(try await Self.trail(store) == expected + expected)
        #expect(store.sentAhead.load(ordering: .relaxed) - before == marks.count)
        try await store.close()
    }

    @Test("PostgreSQL: a refused check or a failing statement sent ahead is the outcome, and nothing is written")
    func failures() async throws {
        guard let (store, _) = try await Self.store() else { return }
        // Every text below is prepared on the connection first, so that each goes ahead of the answers.
        let insert = "INSERT INTO trail (id, s) VALUES (?, 'again')"
        try await store.runAlone(SQLScript((0..<6).map(Self.append) + [SQLStep(SQLStatement(insert, [.integer(2)]))]))
        let ahead = store.sentAhead.load(ordering: .relaxed)
        // A check refuses the fourth statement; what was sent after it ran or failed, and is rolled back.
        let refused = (0..<20).map { mark in
            mark == 3 ? SQLStep(Self.append(mark).statement) { _ in throw Refused() } : Self.append(mark)
        }
        await #expect(throws: Refused.self) { try await store.runAlone(SQLScript(refused)) }
        // A statement breaks the primary key: its error is the answer, not the aborted ones' after it.
        let failing = (0..<20).map { mark in
            mark == 5 ? SQLStep(SQLStatement(insert, [.integer(1)])) : Self.append(mark)
        }
        do {
            try await store.runAlone(SQLScript(failing))
            Issue.record("a second row of key 1 was accepted")
        } catch {
            #expect(PostgresStore.serverError(error)?.serverInfo?[.sqlState] == "23505")
        }
        #expect(store.sentAhead.load(ordering: .relaxed) - ahead == 40, "both scripts went ahead whole")
        #expect(try await Self.trail(store) == (0..<6).map { "\($0)," }.joined())
        #expect(try await store.query(SQLStatement("SELECT COUNT(*) FROM trail")).first?.first?.integer == 2)
        try await store.close()
    }

    @Test("PostgreSQL: a script's `then` reads the rows of the statements sent before it")
    func then() async throws {
        guard let (store, _) = try await Self.store() else { return }
        let read = SQLStep(SQLStatement("SELECT s FROM trail WHERE id = 1"))
        let script = SQLScript((0..<10).map(Self.append) + [read]) { rows in
            [SQLStep(SQLStatement("INSERT INTO trail (id, s) VALUES (2, ?)", [.text(rows.first?.first?.text ?? "none")]))]
        }
        try await store.runAlone(script)
        let copied = try await store.query(SQLStatement("SELECT s FROM trail WHERE id = 2")).first?.first?.text
        #expect(copied == (0..<10).map { "\($0)," }.joined())
        try await store.close()
    }
}
