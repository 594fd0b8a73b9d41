import Foundation
import GRDB
import Storage
import Synchronization

/// Group commit: scripts that arrive while a commit is being written wait, and are then written
/// together, each in its own savepoint, in one transaction with one fsync. A script that fails rolls
/// back its savepoint only; the others commit. A script alone is the transaction. With `synchronous=FULL`
/// this keeps every acknowledged write durable while paying the disk's flush once per batch instead of
/// once per request.
final class SQLiteGroupCommit: Sendable {
    let pool: DatabasePool
    let maximumBatch: Int
    private let state = Mutex<(pending: [PendingScript], writing: Bool)>(([], false))
    private let largestBatch = Atomic<Int>(0)
    /// The most scripts one commit has written so far (tests see that batches formed).
    var mostScriptsInOneCommit: Int { largestBatch.load(ordering: .relaxed) }

    init(pool: DatabasePool, maximumBatch: Int = 256) {
        self.pool = pool
        self.maximumBatch = maximumBatch
    }

    func run(_ script: SQLScript) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { state -> Bool in
                state.pending.append(PendingScript(script, continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if start { Task.detached { await self.drain() } }
        }
    }

    /// Writes batches until nothing is pending.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [PendingScript] in
                let batch = Array(state.pending.prefix(Self.batchSize(state.pending.lazy.map(\.script.alone), maximum: maximumBatch)))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            await write(batch)
        }
    }

    private func write(_ batch: [PendingScript]) async {
        let scripts = batch.map(\.script)
        largestBatch.max(scripts.count, ordering: .relaxed)
        do {
            let outcomes = try await pool.write { db -> [(any Error)?] in
                // A script alone needs no savepoint: its failure rolls the transaction back, and the
                // savepoint's journal copied every page the script touched (the bulk writers' batches
                // of a thousand dossiers are always alone, `SQLScript.alone`).
                if scripts.count == 1 {
                    try SQLiteStore.drive(scripts[0], insert: SQLiteStore.multiRowVerb) { statement in try SQLiteStore.rows(db, statement) }
                    return [nil]
                }
                // The counters of the scripts that stood, summed and written once after them: filings of
                // one morning add to the same province, field and procedure rows. Outside any savepoint,
                // so a failure there fails the batch.
                var counters: CounterDeltas?
                let outcomes = try scripts.map { script -> (any Error)? in
                    var own = script
                    own.counters = nil
                    do {
                        try db.inSavepoint {
                            try SQLiteStore.drive(own, insert: SQLiteStore.multiRowVerb) { statement in try SQLiteStore.rows(db, statement) }
                            return .commit
                        }
                        if let added = script.counters {
                            if counters == nil { counters = added } else { counters?.add(added) }
                        }
                        return nil
                    } catch let error as DatabaseError where Self.failsTheBatch(error) {
                        // SQLite may have rolled back the whole transaction, not just this savepoint: the
                        // batch is abandoned whole, so no script is acknowledged over a write that is gone.
                        throw error
                    } catch {
                        return error
                    }
                }
                if let counters {
                    try SQLiteStore.drive(SQLScript([], counters: counters), insert: SQLiteStore.multiRowVerb) { statement in
                        try SQLiteStore.rows(db, statement)
                    }
                }
                return outcomes
            }
            for (job, outcome) in zip(batch, outcomes) {
                if let outcome { job.continuation.resume(throwing: outcome) } else { job.continuation.resume() }
            }
        } catch {
            // The commit itself failed (disk full, I/O error), or a script alone did: nothing of the batch
            // was written.
            for job in batch { job.continuation.resume(throwing: error) }
        }
    }

    /// How many of the pending scripts, in order, the next transaction writes: up to `maximum`, and a
    /// script that must be `alone` by itself (those before it go first, without it).
    static func batchSize(_ alone: some Sequence<Bool>, maximum: Int) -> Int {
        var count = 0
        for isAlone in alone {
            if isAlone { return count == 0 ? 1 : count }
            count += 1
            if count == maximum { break }
        }
        return count
    }

    /// The errors after which SQLite may roll back more than the failing statement.
    static func failsTheBatch(_ error: DatabaseError) -> Bool {
        [.SQLITE_FULL, .SQLITE_IOERR, .SQLITE_NOMEM, .SQLITE_CORRUPT, .SQLITE_BUSY].contains(error.resultCode)
    }
}
