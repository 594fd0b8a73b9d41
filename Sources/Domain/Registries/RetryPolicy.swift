/// When to try a failed delivery again: exponential back-off with full jitter, so that many senders
/// recovering from one outage do not knock together; after `maxAttempts` the message is parked.
public struct RetryPolicy: Hashable, Sendable {
    public var baseSeconds: Double
    public var maxSeconds: Double
    public var maxAttempts: Int

    public init(baseSeconds: Double = 1, maxSeconds: Double = 300, maxAttempts: Int = 25) {
        self.baseSeconds = baseSeconds
        self.maxSeconds = maxSeconds
        self.maxAttempts = maxAttempts
    }

    /// Seconds to wait after the `attempt`-th failure (1-based); `unit` is a random number in [0, 1).
    public func delay(afterAttempt attempt: Int, unit: Double) -> Double {
        let ceiling = min(maxSeconds, baseSeconds * Double(1 << min(max(attempt - 1, 0), 30)))
        // Half fixed, half random: never zero (no hot loop), never in step with other senders.
        return ceiling / 2 + ceiling / 2 * min(max(unit, 0), 1)
    }

    /// Whether a message that failed `attempts` times is a dead letter now.
    public func isExhausted(_ attempts: Int) -> Bool { attempts >= maxAttempts }
}

/// A circuit breaker per system: after `threshold` failures in a row it opens and calls fail at once
/// for `coolDownSeconds`; then one trial call (half-open) closes it again or re-opens it.
public struct CircuitBreaker: Hashable, Sendable {
    public enum State: Hashable, Sendable { case closed(failures: Int), open(until: Double), halfOpen }

    public var threshold: Int
    public var coolDownSeconds: Double
    public private(set) var state: State = .closed(failures: 0)

    public init(threshold: Int = 5, coolDownSeconds: Double = 5) {
        self.threshold = threshold
        self.coolDownSeconds = coolDownSeconds
    }

    /// Whether a call may go out at `now` (seconds); moves an open breaker whose time is up to half-open.
    public mutating func allows(at now: Double) -> Bool {
        switch state {
        case .closed: return true
        case .halfOpen: return false
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public mutating func succeeded() { state = .closed(failures: 0) }

    public mutating func failed(at now: Double) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= threshold ? .open(until: now + coolDownSeconds) : .closed(failures: failures + 1)
        case .halfOpen, .open:
            state = .open(until: now + coolDownSeconds)
        }
    }

    public var isOpen: Bool {
        if case .open = state { return true }
        return false
    }

    /// When an open breaker lets its trial call through (seconds), or nil while calls may go out or a
    /// trial is under way.
    public func opensAgain(after now: Double) -> Double? {
        if case .open(let until) = state, until > now { return until }
        return nil
    }
}
