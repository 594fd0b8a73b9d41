import Foundation
import Storage
import StorageTesting
import Testing
@testable import StorageSQLite

/// Group commit with multi-row `INSERT OR FAIL`: a statement that fails halfway keeps the rows before
/// the failing one, so only the rollback of its script (savepoint, or transaction when alone) stands
/// between a failed request and a half-written one.
struct SQLiteGroupCommitTests {
    static func store() async throws -> SQLiteStore {
        let path = TestStores.temporaryFolder("group") + "/motcua.sqlite"
        let store = try SQLiteStore(path: path)
        try await store.transaction([SQLStatement("CREATE TABLE sample (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL)")])
        return store
    }

    /// Script `owner` inserts rows owner*10 … owner*10+3 in one multi-row statement; a failing one
    /// repeats its first id as the last row, so the statement fails after three rows are in.
    static func script(owner: Int, fails: Bool, verb: String) -> SQLScript {
        let ids = (0..<3).map { owner * 10 + $0 } + [owner * 10 + (fails ? 0 : 3)]
        let text = verb + " sample (id, owner) VALUES " + ids.map { _ in "(?, ?)" }.joined(separator: ", ")
        return SQLScript([SQLStep(SQLStatement(text, ids.flatMap { [SQLValue.integer($0), .integer(owner)] }))])
    }

    @Test("concurrent scripts, some failing on the last row of a multi-row insert: those leave nothing, the others everything")
    func failingScriptsLeaveNothing() async throws {
        let store = try await Self.store()
        #expect(store.multiRowInsert == "INSERT OR FAIL INTO")
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for owner in 1...40 {
                group.addTask {
                    do {
                        try await store.run(Self.script(owner: owner, fails: owner % 3 == 0, verb: store.multiRowInsert))
                        return (owner, true)
                    } catch {
                        return (owner, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (owner, succeeded) in group { outcomes[owner] = succeeded }
            return outcomes
        }
        #expect(outcomes.count == 40)
        let rows = try await store.query(SQLStatement("SELECT owner, COUNT(*) FROM sample GROUP BY owner ORDER BY owner"))
        let expected = (1...40).filter { $0 % 3 != 0 }
        #expect(rows == expected.map { [.integer($0), .integer(4)] })
        #expect(outcomes.filter(\.value).keys.sorted() == expected)
        try await store.close()
    }

    @Test("a script that must be alone is its own transaction; the others are batched up to the maximum around it")
    func batches() {
        #expect(SQLiteGroupCommit.batchSize([false, false, true, false], maximum: 256) == 2)
        #expect(SQLiteGroupCommit.batchSize([true, false], maximum: 256) == 1)
        #expect(SQLiteGroupCommit.batchSize([true, true], maximum: 256) == 1)
        #expect(SQLiteGroupCommit.batchSize(Array(repeating: false, count: 300), maximum: 256) == 256)
        #expect(SQLiteGroupCommit.batchSize([Bool](), maximum: 256) == 0)
    }

    @Test("a failing script alone leaves nothing and its error reaches the caller")
    func aloneLeavesNothing() async throws {
        let store = try await Self.store()
        await #expect(throws: (any Error).self) {
            try await store.run(Self.script(owner: 7, fails: true, verb: store.multiRowInsert))
        }
        #expect(try await store.query(SQLStatement("SELECT COUNT(*) FROM sample")) == [[.integer(0)]])
        try await store.run(Self.script(owner: 8, fails: false, verb: store.multiRowInsert))
        #expect(try await store.query(SQLStatement("SELECT COUNT(*) FROM sample")) == [[.integer(4)]])
        try await store.close()
    }
}
