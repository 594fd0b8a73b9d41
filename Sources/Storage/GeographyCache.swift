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
        if let units = copy.withLock({ $0?.stamp == stamp ? $0?.units : nil }) { return units }
        let units = try await read()
        update(stamp) { $0.units = units }
        return units
    }

    func lineage(stamp: String, read: () async throws -> [LineageEdge]) async throws -> [LineageEdge] {
        if let lineage = copy.withLock({ $0?.stamp == stamp ? $0?.lineage : nil }) { return lineage }
        let lineage = try await read()
        update(stamp) { $0.lineage = lineage }
        return lineage
    }

    /// Keeps the other half when it was read under the same stamp.
    private func update(_ stamp: String, _ change: (inout Copy) -> Void) {
        copy.withLock { current in
            var next = current?.stamp == stamp ? current! : Copy(stamp: stamp)
            change(&next)
            current = next
        }
    }
}
