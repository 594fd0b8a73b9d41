import Domain
import Synchronization

/// Every unit and every lineage edge as last read, under the stamp of the reference data sets they were
/// read with. Units and lineage change only when a data set is loaded (`loadReference` records its
/// checksum and time in the same transaction), so one small read tells whether the copy is current.
/// Imports, address updates, the data-quality report and the bookkeeping read the whole geography
/// (14,000 units, 12,000 edges) on each call: a second on PostgreSQL in a debug build, and again at the
/// next call.
public final class GeographyCache: Sendable {
    private struct Copy {
        var stamp: String
        var units: [AdministrativeUnit]?
        var lineage: [LineageEdge]?
    }

    private let copy = Mutex<Copy?>(nil)

    public init() {}

    func units(stamp: String, read: () async throws -> [AdministrativeUnit]) async throws -> [AdministrativeUnit] {
        try await cached(\.units, stamp, read)
    }

    func lineage(stamp: String, read: () async throws -> [LineageEdge]) async throws -> [LineageEdge] {
        try await cached(\.lineage, stamp, read)
    }

    /// The half at `part` read under `stamp`, read now if there is none; the other half is kept when it
    /// was read under the same stamp.
    private func cached<T: Sendable>(_ part: WritableKeyPath<Copy, T?>, _ stamp: String, _ read: () async throws -> T) async throws -> T {
        if let value = copy.withLock({ $0?.stamp == stamp ? $0?[keyPath: part] : nil }) { return value }
        let value = try await read()
        copy.withLock { current in
            var next = current?.stamp == stamp ? current! : Copy(stamp: stamp)
            next[keyPath: part] = value
            current = next
        }
        return value
    }
}
