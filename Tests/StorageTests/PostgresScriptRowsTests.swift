import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// With write lanes, PostgreSQL merges the rows of the dossier changes it writes in one transaction
/// (`PostgresStore.coalesced`): each run of scripts whose rows are to be merged becomes one script, in
/// order; any other script stays as it came, between them.
struct PostgresScriptRowsTests {
    static func insert(_ table: String, _ value: Int) -> SQLStep {
        SQLStep(SQLStatement("INSERT INTO \(table) (x) VALUES (?)", [.integer(value)]))
    }

    @Test("runs of mergeable scripts become one script each, rows merged by table in order; others stay apart")
    func runs() async throws {
        guard TestStores.engines.contains(.postgres) else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return
        }
        let store = try #require(try await TestStores.make(.postgres) as? PostgresStore)
        #expect(store.coalescesScripts)
        let check: @Sendable ([[SQLValue]]) throws -> Void = { _ in }
        let scripts = [
            SQLScript([Self.insert("a", 1), Self.insert("b", 1)], rowsToMerge: true),
            SQLScript([Self.insert("a", 2), SQLStep(SQLStatement("UPDATE c SET x = ?", [.integer(2)]), check: check), Self.insert("b", 2)], rowsToMerge: true),
            SQLScript([Self.insert("a", 3)]),
            SQLScript([Self.insert("a", 4)], rowsToMerge: true) { _ in [] },
            SQLScript([Self.insert("a", 5), Self.insert("b", 5)], rowsToMerge: true),
        ]
        let out = store.coalesced(scripts)
        #expect(out.map { $0.first.map(\.statement.sql) } == [
            // Each table's rows where its first row was; the checked step after them (a transaction is
            // written whole or not at all, and a failed batch is written again script by script).
            ["INSERT INTO a (x) VALUES (?), (?)", "INSERT INTO b (x) VALUES (?), (?)", "UPDATE c SET x = ?"],
            ["INSERT INTO a (x) VALUES (?)"],
            ["INSERT INTO a (x) VALUES (?)"],
            ["INSERT INTO a (x) VALUES (?)", "INSERT INTO b (x) VALUES (?)"],
        ])
        #expect(out.first?.first.map(\.statement.arguments) == [[.integer(1), .integer(2)], [.integer(1), .integer(2)], [.integer(2)]])
        #expect(out.first?.first.last?.check != nil, "a checked step keeps its check")
        #expect(out.dropFirst(2).first?.then != nil, "a script building on what it reads keeps its rows and its next steps")
        #expect(out.map(\.rowsToMerge) == [false, false, false, false])
        try await store.close()
    }
}
