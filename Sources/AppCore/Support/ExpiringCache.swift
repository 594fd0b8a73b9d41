import Synchronization

/// A small in-memory cache whose entries expire: for reference data read on every request. Bounded:
/// when full, expired entries go first, then everything (a cold start, never unbounded growth).
final class ExpiringCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: (value: Value, until: Double)]>([:])
    let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func value(_ key: String, now: Double) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.value
        }
    }

    func store(_ key: String, _ value: Value, now: Double, lifetime: Double) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.until > now }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[key] = (value, now + lifetime)
        }
    }

    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
