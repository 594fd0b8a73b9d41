import Foundation
import Synchronization
import Logging
import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// A request waiting for a pooled connection: queued behind others on a pool that is up, it waits its
/// turn; with the server unreachable, it is told so within the lease timeout (a 503 at the edge).
struct PostgresLeaseTests {
    @Test("PostgreSQL: a busy pool queues a request past the lease timeout; an unreachable one refuses it")
    func queueingIsNotAnOutage() async throws {
        guard let url = TestStores.postgresURL else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return
        }
        // One connection, a 0.3 s lease timeout, three 0.4 s statements at once: the last waits 0.8 s.
        // The queue limit is far: the test process runs every suite at once, and CPU-bound suites have
        // held its two threads for over 30 s (a full run failed so, at a 30 s limit).
        let busy = PostgresStore(
            url: try PostgresURL(url), logger: Logger(label: "test"), maximumConnections: 1, leaseTimeout: .milliseconds(300),
            leaseQueueLimit: .seconds(600)
        )
        // The pool is up once it has connected: on a loaded machine that may take longer than 0.3 s.
        var connected = false
        for _ in 0..<100 where !connected {
            connected = (try? await busy.query(SQLStatement("SELECT 1"))) != nil
        }
        #expect(connected)
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 {
                group.addTask { try await busy.query(SQLStatement("SELECT 7 FROM pg_sleep(0.4)")).first?.first?.integer ?? 0 }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == [7, 7, 7])
        try await busy.close()

        // A port nothing listens on: the pool keeps trying to connect; the request does not wait for it.
        var parts = URLComponents(string: url)!
        parts.host = "127.0.0.1"
        parts.port = 9
        parts.queryItems = nil
        let down = PostgresStore(
            url: try PostgresURL(parts.string!), logger: Logger(label: "test"), leaseTimeout: .milliseconds(300),
            leaseQueueLimit: .seconds(30)
        )
        await #expect(throws: StorageError.self) { _ = try await down.query(SQLStatement("SELECT 1")) }
        try? await down.close()
    }

    /// The rule itself, without timing: a pool is up while it hands connections out or has one in use,
    /// and down from a broken connection until the next lease. The end-to-end test above cannot tell a
    /// pool wrongly judged up from a slow refusal (both end in an error), this one can.
    @Test("a pool is up while it leases, gets a connection back or has one in use; a broken connection makes it down")
    func leaseActivityRule() {
        let activity = LeaseActivity()
        let start = ContinuousClock.now
        #expect(!activity.healthy(since: start), "nothing ever leased")
        #expect(activity.holding() == "none in use")
        let first = activity.leased()
        #expect(activity.healthy(since: start))
        let later = ContinuousClock.now.advanced(by: .seconds(1))
        #expect(activity.healthy(since: later), "a connection in use keeps it up")
        #expect(activity.holding().hasPrefix("1 in use, the longest for "))
        activity.released(first)
        #expect(!activity.healthy(since: later), "nothing in use and nothing leased since")
        #expect(activity.healthy(since: start), "leased since then")
        let second = activity.leased()
        activity.broke()
        #expect(!activity.healthy(since: start), "broken after the last lease, even with one in use")
        activity.released(second)
        let third = activity.leased(), fourth = activity.leased()
        #expect(activity.healthy(since: start), "leased again after the break")
        #expect(activity.holding().hasPrefix("2 in use"))
        let looked = ContinuousClock.now
        activity.released(third)
        #expect(activity.healthy(since: looked), "a connection given back since: its next holder may not have run yet")
        activity.released(fourth)
        #expect(activity.holding() == "none in use")
        activity.broke()
        #expect(!activity.healthy(since: looked), "given back broken")
    }

    /// The watch applies that rule to the requests still waiting, and stops a request's wait only before it
    /// holds a connection. Nothing here depends on how fast the machine is: a wait is only ever awaited.
    @Test("the lease watch gives up a waiting request once the pool hands nothing out, never one that holds a connection")
    func leaseWatchRule() async throws {
        let activity = LeaseActivity()
        let watch = LeaseWatch(activity: activity, limit: .milliseconds(50), queueLimit: .seconds(600))
        let stopped = Mutex(0)

        // A request that got its connection is never given up on, however down the pool looks.
        let holding = LeaseWatch.Ticket()
        watch.watch(holding)
        #expect(holding.lease())
        // A request waiting while another holds a connection: the pool is up.
        let held = activity.leased()
        let waiting = LeaseWatch.Ticket()
        waiting.cancelling { stopped.withLock { $0 += 1 } }
        watch.watch(waiting)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!waiting.gaveUp, "given up while a connection was in use")
        // Given back, and nothing leased since: the next looks find the pool down.
        activity.released(held)
        for _ in 0..<600 where !waiting.gaveUp { try await Task.sleep(for: .milliseconds(50)) }
        #expect(waiting.gaveUp)
        #expect(stopped.withLock { $0 } == 1, "its wait stopped once")
        #expect(!waiting.lease(), "a connection that comes after is not used")
        #expect(!holding.gaveUp)
        watch.remove(holding)
        watch.remove(waiting)

        // Stopped at once if the watch gave up before the wait could be stopped.
        let late = LeaseWatch.Ticket()
        watch.watch(late)
        for _ in 0..<600 where !late.gaveUp { try await Task.sleep(for: .milliseconds(50)) }
        let stoppedLate = Mutex(false)
        late.cancelling { stoppedLate.withLock { $0 = true } }
        #expect(stoppedLate.withLock { $0 })
        watch.remove(late)
    }
}
