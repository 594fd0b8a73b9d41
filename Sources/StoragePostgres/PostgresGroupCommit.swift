import Storage
import Synchronization

/// Group commit on PostgreSQL: scripts that arrive while the store's writing lanes are busy wait, and a
/// lane then writes several in one transaction, their counters summed and written once at its end.
/// Each filing was a transaction of twelve round trips, seven of them counter upserts of the same
/// province, field and procedure rows as its neighbours'; the server's share of each round trip (the
/// connection's channel, the hops between the event loop and the pool) was most of its CPU, and every
/// backend planned and executed its own upserts (BENCHMARKS.md, issue 5).
///
/// Unlike SQLite's batches there are no savepoints (each would be two more round trips): when any script
/// of a batch fails, the batch is rolled back and its scripts are written again one by one, each in a
/// transaction of its own, so that a refused script (a stale version, a used key) is refused alone and
/// the others stand. A failed commit fails every script of the batch: nothing of it was written. Lanes
/// lock counter rows in the one order every writer uses, at the end of their transactions, and each
/// active lane adds to its own slot of the rollups, so concurrent lanes of one process never wait for
/// each other's counter rows. Bulk writes (`SQLScript.alone`) do not come here.
final class PostgresGroupCommit: Sendable {
    let maximumBatch: Int
    private let state: Mutex<(pending: [PendingScript], freeLanes: [Int])>
    private let largestBatch = Atomic<Int>(0)
    /// The most scripts one commit has written so far (tests see that batches formed).
    var mostScriptsInOneCommit: Int { largestBatch.load(ordering: .relaxed) }
    /// Scripts waiting for a lane (tests queue scripts behind a busy lane before letting it go).
    var waitingScripts: Int { state.withLock { $0.pending.count } }

    init(lanes: Int, maximumBatch: Int = 32) {
        self.maximumBatch = maximumBatch
        state = Mutex(([], Array((0..<max(1, lanes)).reversed())))
    }

    func run(_ script: SQLScript, on store: PostgresStore) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let lane = state.withLock { state -> Int? in
                state.pending.append(PendingScript(script, continuation))
                return state.freeLanes.popLast()
            }
            if let lane { Task.detached { await self.drain(lane, on: store) } }
        }
    }

    /// Writes batches on `lane` until nothing is pending.
    private func drain(_ lane: Int, on store: PostgresStore) async {
        while true {
            let jobs = state.withLock { state -> [PendingScript] in
                let count = min(state.pending.count, maximumBatch)
                let jobs = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                if jobs.isEmpty { state.freeLanes.append(lane) }
                return jobs
            }
            if jobs.isEmpty { return }
            await write(jobs, lane: lane, on: store)
        }
    }

    private func write(_ jobs: [PendingScript], lane: Int, on store: PostgresStore) async {
        if jobs.count == 1 {
            do { try await store.runAlone(jobs[0].script); jobs[0].continuation.resume() } catch { jobs[0].continuation.resume(throwing: error) }
            return
        }
        largestBatch.max(jobs.count, ordering: .relaxed)
        do {
            try await store.runBatch(jobs.map(\.script), slot: lane)
            for job in jobs { job.continuation.resume() }
        } catch is BatchStatementFailed {
            // A statement failed (a refusal, a constraint, a deadlock between lanes) and the transaction was
            // rolled back: each script is written again alone and gets its own answer.
            for job in jobs {
                do { try await store.runAlone(job.script); job.continuation.resume() } catch { job.continuation.resume(throwing: error) }
            }
        } catch {
            // No connection, or the commit failed: nothing of the batch was written, or nobody can tell;
            // written again, a script could be written twice.
            for job in jobs { job.continuation.resume(throwing: error) }
        }
    }
}

/// A statement of a batch failed (`error`) and its transaction was rolled back: its scripts may be
/// written again.
struct BatchStatementFailed: Error {
    var error: any Error
}
