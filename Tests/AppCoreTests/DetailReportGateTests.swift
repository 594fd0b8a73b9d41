import AppCore
import Synchronization
import Testing

/// The gate lets `limit` reports through at once and the others in the order they came.
struct DetailReportGateTests {
    final class Log: Sendable {
        let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// Waits until `condition` holds, a bounded number of times: false if it never did.
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<2_000 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return condition()
    }

    @Test("with a limit of one, a second report waits until the first is done, a third after it", .timeLimit(.minutes(1)), arguments: [1, 2])
    func waitsItsTurn(limit: Int) async throws {
        let gate = DetailReportGate(limit: limit)
        let order = Log()
        let (firstRelease, release) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await gate.run {
                order.add("first in")
                for await _ in firstRelease { break }
                order.add("first out")
            }
        }
        #expect(await Self.eventually { order.all == ["first in"] })
        let second = Task { try await gate.run { order.add("second in") } }
        if limit == 1 {
            #expect(await Self.eventually { gate.waiting == 1 }, "the second waits")
            let third = Task { try await gate.run { order.add("third in") } }
            #expect(await Self.eventually { gate.waiting == 2 }, "the third waits behind it")
            #expect(order.all == ["first in"])
            release.yield()
            try await first.value
            try await second.value
            try await third.value
            #expect(order.all == ["first in", "first out", "second in", "third in"])
        } else {
            // Two places: the second goes in beside the first.
            try await second.value
            #expect(order.all == ["first in", "second in"])
            release.yield()
            try await first.value
        }
        #expect(gate.waiting == 0)
        // The places were all given back: as many reports as the limit run at once again.
        let again = Log()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<limit {
                group.addTask { try await gate.run { again.add("\(index)") } }
            }
            try await group.waitForAll()
        }
        #expect(again.all.count == limit)
    }

    @Test("a report that throws gives its place back", .timeLimit(.minutes(1)))
    func throwingGivesBack() async throws {
        struct Failed: Error {}
        let gate = DetailReportGate(limit: 1)
        await #expect(throws: Failed.self) { try await gate.run { throw Failed() } }
        #expect(try await gate.run { 7 } == 7)
    }
}
