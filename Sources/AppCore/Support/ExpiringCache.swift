import Synchronization

/// A small in-memory cache whose entries expire: for reference data read on every request. Bounded:
/// when full, expired entries go first, then everything (a cold start, never unbounded growth).
final class ExpiringCache<Value: Sendable>: Sendable {
    private let state = Mutex<(entries: [String: (value: Value, until: Double)], forgotten: Int)>(([:], 0))
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func value(_ key: String, now: Double) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.until > now else { return nil }
            return entry.value
        }
    }

    /// How many times entries were forgotten (`remove`, `removeAll`): a value read before one of them may
    /// be stale, and `store(…, readAt:)` then leaves it out.
    var forgotten: Int { state.withLock { $0.forgotten } }

    func store(_ key: String, _ value: Value, now: Double, lifetime: Double, readAt forgotten: Int? = nil) {
        state.withLock { state in
            if let forgotten, forgotten != state.forgotten { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.until > now }
                if state.entries.count >= capacity { state.entries.removeAll() }
            }
            state.entries[key] = (value, now + lifetime)
        }
    }

    func remove(_ key: String) {
        state.withLock {
            $0.entries.removeValue(forKey: key)
            $0.forgotten += 1
        }
    }

    func removeAll() {
        state.withLock {
            $0.entries.removeAll()
            $0.forgotten += 1
        }
    }
}
