import Synchronization

/// The requests of one pool waiting for a connection, looked at by one task every half lease timeout
/// while any wait. Each request used to be raced against a timer of its own (a task group, a second
/// child task sleeping, its cancellation): ~5 % of the server's CPU per citizen look-up (`perf`,
/// lookup storm), where a request nearly always gets its connection at once.
final class LeaseWatch: Sendable {
    /// One request's wait: it either gets its connection or is given up on, whichever comes first.
    final class Ticket: Sendable {
        static let waiting: UInt8 = 0, leased: UInt8 = 1, givenUp: UInt8 = 2
        let state = Atomic<UInt8>(Ticket.waiting)
        /// When the request asked the pool, and when the watch last found the pool up for it.
        let times = Mutex((started: ContinuousClock.now, looked: ContinuousClock.now))
        private let cancel = Mutex<(@Sendable () -> Void)?>(nil)

        /// Called with a connection in hand: false when the watch gave up first, and the request must not run.
        func lease() -> Bool {
            state.compareExchange(expected: Self.waiting, desired: Self.leased, ordering: .acquiringAndReleasing).exchanged
        }

        var gaveUp: Bool { state.load(ordering: .acquiring) == Self.givenUp }

        /// How to stop the wait; run at once if the watch gave up before it was known.
        func cancelling(with stop: @escaping @Sendable () -> Void) {
            cancel.withLock { $0 = stop }
            if gaveUp { stop() }
        }

        func giveUp() {
            guard state.compareExchange(expected: Self.waiting, desired: Self.givenUp, ordering: .acquiringAndReleasing).exchanged else {
                return
            }
            cancel.withLock { $0 }?()
        }
    }

    private struct Waiting {
        var tickets: [ObjectIdentifier: Ticket] = [:]
        var watching = false
    }

    let activity: LeaseActivity
    /// `leaseTimeout` and `leaseQueueLimit` of the store.
    let limit: Duration, queueLimit: Duration
    private let waiting = Mutex(Waiting())

    init(activity: LeaseActivity, limit: Duration, queueLimit: Duration) {
        self.activity = activity
        self.limit = limit
        self.queueLimit = queueLimit
    }

    /// Watches `ticket` from now on. Called by the task that asks the pool, just before it does: on a
    /// starved machine that task may start well after the request, and a request watched from its
    /// creation was given up on before it had even joined the pool's queue (a full test run).
    func watch(_ ticket: Ticket) {
        let now = ContinuousClock.now
        ticket.times.withLock { $0 = (now, now) }
        let start = waiting.withLock { waiting in
            waiting.tickets[ObjectIdentifier(ticket)] = ticket
            defer { waiting.watching = true }
            return !waiting.watching
        }
        if start { Task { await watching() } }
    }

    func remove(_ ticket: Ticket) {
        _ = waiting.withLock { $0.tickets.removeValue(forKey: ObjectIdentifier(ticket)) }
    }

    /// Until nobody waits: a request is given up on when nothing was leased since the watch last looked
    /// (however late it woke: a starved process is not a down database), or past the queue limit; so
    /// between one and one and a half lease timeouts after the pool stopped handing connections out.
    private func watching() async {
        while true {
            try? await Task.sleep(for: limit / 2)
            let tickets: [Ticket] = waiting.withLock { waiting in
                if waiting.tickets.isEmpty { waiting.watching = false }
                return Array(waiting.tickets.values)
            }
            if tickets.isEmpty { return }
            let now = ContinuousClock.now
            var doomed: [Ticket] = []
            for ticket in tickets where ticket.state.load(ordering: .acquiring) == Ticket.waiting {
                let (started, looked) = ticket.times.withLock { $0 }
                guard now - looked >= limit else { continue }
                if now - started >= queueLimit || !activity.healthy(since: looked) {
                    doomed.append(ticket)
                } else {
                    ticket.times.withLock { $0.looked = now }
                }
            }
            guard !doomed.isEmpty else { continue }
            // Behind whatever the executor already holds: a connection given back goes to the next request
            // in line, whose task may wait its turn for a while on a starved machine; if it was handed one,
            // it takes it first.
            await Task.yield()
            for ticket in doomed { ticket.giveUp() }
        }
    }
}
