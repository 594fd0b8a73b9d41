import Synchronization

/// A fixed-window counter per client: at most `limit` requests a minute. Kept in memory per instance;
/// behind several instances the effective limit is that many times higher (documented).
final class RateLimiter: Sendable {
    let limit: Int
    private let windows = Mutex<(minute: Int, counts: [String: Int])>((0, [:]))

    init(perMinute limit: Int) {
        self.limit = limit
    }

    /// Counts one request; false when the client is over its limit for this minute.
    func allow(_ client: String, nowSeconds: Int) -> Bool {
        let minute = nowSeconds / 60
        return windows.withLock { state in
            if state.minute != minute { state = (minute, [:]) }
            let count = (state.counts[client] ?? 0) + 1
            state.counts[client] = count
            return count <= limit
        }
    }

    /// Seconds until the window resets.
    func retryAfter(nowSeconds: Int) -> Int { 60 - nowSeconds % 60 }
}
