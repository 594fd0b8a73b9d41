import Synchronization

/// The officers' view of dossiers work queues listed, as JSON, by code and version. A page of 20 decoded
/// 20 stored states with Foundation's `JSONDecoder` and encoded 20 views: 2.4 ms of server CPU (perf,
/// BENCHMARKS.md), and officers re-read the same head of their queue all day. Only queue reads fill it:
/// filings land at the tail of a queue, and storing each (1,000 a second) emptied it every few seconds.
/// Keyed by version, so a dossier changed since (by any process) is simply a miss. Bounded: when full it
/// starts again empty.
final class DossierViewCache: Sendable {
    private let views = Mutex<[String: (version: Int, json: [UInt8])]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func view(code: String, version: Int) -> [UInt8]? {
        views.withLock { views in
            guard let entry = views[code], entry.version == version else { return nil }
            return entry.json
        }
    }

    func store(code: String, version: Int, json: [UInt8]) {
        guard capacity > 0 else { return }
        views.withLock { views in
            // An older version never replaces a newer one (two requests racing).
            if let entry = views[code], entry.version > version { return }
            if views.count >= capacity, views[code] == nil { views.removeAll(keepingCapacity: true) }
            views[code] = (version, json)
        }
    }
}
