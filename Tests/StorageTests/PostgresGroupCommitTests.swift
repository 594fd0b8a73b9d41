import Foundation
import Logging
import Storage
@testable import StoragePostgres
import StorageTesting
import Synchronization
import Testing

/// PostgreSQL's group commit: scripts queued behind a busy lane are written in one transaction, and a
/// script of that batch that fails (its check refuses, its row breaks a constraint) is refused alone
/// while the others are written.
struct PostgresGroupCommitTests {
    struct Refused: Error, Equatable {}
    /// What each script's first statement read, by code.
    final class Seen: Sendable {
        let counts = Mutex<[String: Int]>([:])
    }

    @Test("the default lanes: one per core, from one to four, at most half the pool")
    func defaultLanes() {
        #expect(PostgresStore.defaultLanes(maximumConnections: 10, cores: 2) == 2)
        #expect(PostgresStore.defaultLanes(maximumConnections: 10, cores: 1) == 1)
        #expect(PostgresStore.defaultLanes(maximumConnections: 10, cores: 16) == 4)
        #expect(PostgresStore.defaultLanes(maximumConnections: 4, cores: 16) == 2)
        #expect(PostgresStore.defaultLanes(maximumConnections: 1, cores: 16) == 1)
    }

    @Test("PostgreSQL: queued scripts share a transaction; a refused one and a failing one fail alone, the others stand")
    func batchWithFailures() async throws {
        guard let (url, schema) = try await TestStores.postgresSchema() else { return }
        // One lane: while it writes the slow first script, the others queue behind it.
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 3, searchPath: schema, writeLanes: 1)
        try await store.execute("CREATE TABLE \(schema).probe (code TEXT PRIMARY KEY, n INTEGER NOT NULL)")
        let insert = "INSERT INTO probe (code, n) VALUES (?, ?)"
        // The slow first script waits for an advisory lock another connection holds until the ten others
        // have queued behind it: nothing here depends on how fast the machine is.
        let holder = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, searchPath: schema, writeLanes: 0)
        _ = try await holder.query(SQLStatement("SELECT pg_advisory_lock(5150)"))
        let slow = Task {
            try await store.run(SQLScript([
                SQLStep(SQLStatement("SELECT pg_advisory_xact_lock(5150)")), SQLStep(SQLStatement(insert, [.text("first"), .integer(0)])),
            ]))
        }
        try await Self.until("the slow script waits for the lock") {
            let waiting = try await store.query(SQLStatement(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 5150 AND NOT granted"
            ))
            return (waiting.first?.first?.integer ?? 0) > 0
        }
        // Each script reads the count the table had when its own insert ran (`then`), which a batch rolled
        // back must not leave behind: the script's answer is from the transaction that stood.
        let seen = Seen()
        let lanes = try #require(store.groupCommit)
        let outcomes = Task {
            await withTaskGroup(of: (String, String).self) { group in
                for index in 0..<10 {
                    group.addTask { await Self.write(index, on: store, insert: insert, seen: seen) }
                }
                return await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
            }
        }
        try await Self.until("ten scripts queue behind the busy lane") { lanes.waitingScripts == 10 }
        _ = try await holder.query(SQLStatement("SELECT pg_advisory_unlock(5150)"))
        try await holder.close()
        let outcome = await outcomes.value
        try await slow.value
        #expect(outcome["c3"] == "refused")
        #expect(outcome["first"] == "failed", "a second row of the slow script's key breaks the primary key")
        #expect(outcome.filter { $0.value == "written" }.keys.sorted() == ["c0", "c1", "c2", "c4", "c5", "c7", "c8", "c9"])
        let rows = try await store.query(SQLStatement("SELECT code, n FROM probe ORDER BY code"))
        #expect(rows.map { $0[0].text ?? "" } == ["c0", "c1", "c2", "c4", "c5", "c7", "c8", "c9", "first"])
        #expect(rows.last?[1].integer == 0, "the slow script's row is its own")
        #expect(seen.counts.withLock { $0 }.filter { $0.key != "first" }.values.allSatisfy { $0 == 0 })
        #expect(lanes.mostScriptsInOneCommit == 10, "the queued scripts shared a transaction")
        try await store.close()
    }

    /// Polls `condition` until it holds (gives up after a minute, failing the test).
    static func until(_ what: Comment, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<6_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record(what)
        throw CancellationError()
    }

    /// Script `index`: reads how many rows hold its code, then inserts one; number 3 is refused by its
    /// check and number 6 repeats the slow script's key.
    static func write(_ index: Int, on store: PostgresStore, insert: String, seen: Seen) async -> (String, String) {
        let code = index == 6 ? "first" : "c\(index)"
        let read = SQLStep(SQLStatement("SELECT COUNT(*) FROM probe WHERE code = ?", [.text(code)]))
        let script = SQLScript([read]) { rows in
            let count = rows.first?.first?.integer ?? -1
            seen.counts.withLock { $0[code] = count }
            let check: @Sendable ([[SQLValue]]) throws -> Void = { _ in if index == 3 { throw Refused() } }
            return [SQLStep(SQLStatement(insert, [.text(code), .integer(index)]), check: check)]
        }
        do {
            try await store.run(script)
            return (code, "written")
        } catch is Refused {
            return (code, "refused")
        } catch {
            return (code, "failed")
        }
    }
}
