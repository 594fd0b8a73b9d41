/// Back-off after failed logins, counted per (account, client address), so that failures from one
/// address never lock the officer out from another. After `freeAttempts` failures each further one
/// doubles the wait, up to `maximumDelay`.
public struct LoginThrottle: Sendable, Equatable {
    public var freeAttempts: Int
    /// Seconds after the first counted failure.
    public var baseDelay: Int
    public var maximumDelay: Int
    /// Failures older than this are forgotten.
    public var window: Int

    public init(freeAttempts: Int = 5, baseDelay: Int = 30, maximumDelay: Int = 3600, window: Int = 3600) {
        self.freeAttempts = freeAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.window = window
    }

    /// Seconds to wait before the next attempt may be tried, given the failure times (seconds since 1970)
    /// for this account from this address, and now. Zero when an attempt may be made now.
    public func wait(failures: [Int], now: Int) -> Int {
        let recent = failures.filter { now - $0 < window }.sorted()
        guard recent.count >= freeAttempts, let last = recent.last else { return 0 }
        let exponent = min(recent.count - freeAttempts, 20)
        let delay = min(baseDelay << exponent, maximumDelay)
        return max(0, last + delay - now)
    }
}
