import Foundation
import Logging
import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// PostgreSQL breaks a deadlock by rolling one transaction back: the store runs it again, and both
/// writes stand.
struct PostgresConflictRetryTests {
    @Test("PostgreSQL: of two transactions that deadlock, the one rolled back is run again and both stand")
    func deadlockVictimRunsAgain() async throws {
        guard let (url, schema) = try await TestStores.postgresSchema() else { return }
        let store = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 4, searchPath: schema)
        try await store.execute("CREATE TABLE \(schema).pair (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        try await store.execute("INSERT INTO \(schema).pair VALUES (1, 0), (2, 0)")
        // Each script adds to one row, waits for the barrier (an advisory lock the test holds), then adds
        // to the other: once both wait there, letting them go makes a deadlock.
        let holder = PostgresStore(url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, searchPath: schema, writeLanes: 0)
        _ = try await holder.query(SQLStatement("SELECT pg_advisory_lock(5151)"))
        func crossing(_ first: Int, _ second: Int) -> SQLScript {
            SQLScript([
                SQLStep(SQLStatement("UPDATE pair SET n = n + 1 WHERE id = ?", [.integer(first)])),
                SQLStep(SQLStatement("SELECT pg_advisory_xact_lock_shared(5151)")),
                SQLStep(SQLStatement("UPDATE pair SET n = n + 1 WHERE id = ?", [.integer(second)])),
            ], alone: true)
        }
        let one = Task { try await store.run(crossing(1, 2)) }
        let two = Task { try await store.run(crossing(2, 1)) }
        try await PostgresGroupCommitTests.until("both scripts wait at the barrier") {
            let waiting = try await holder.query(SQLStatement(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0 AND objid = 5151 AND NOT granted"
            ))
            return waiting.first?.first?.integer == 2
        }
        _ = try await holder.query(SQLStatement("SELECT pg_advisory_unlock(5151)"))
        try await holder.close()
        try await one.value
        try await two.value
        let rows = try await store.query(SQLStatement("SELECT n FROM pair ORDER BY id"))
        #expect(rows.map { $0[0].integer } == [2, 2])
        try await store.close()
    }
}
