public import Domain

/// The geography repository of both SQL engines: their dialects agree on everything it needs.
public struct SQLGeographyRepository: GeographyRepository {
    let executor: any SQLExecutor
    let cache: GeographyCache?

    public init(executor: any SQLExecutor, cache: GeographyCache? = nil) {
        self.executor = executor
        self.cache = cache
    }

    /// What the loaded reference data sets are: the cache's copy is current while this is unchanged.
    func stamp() async throws -> String {
        try await executor.query(GeographySQL.referenceStamp).map { row in row.map { $0.text ?? "" }.joined(separator: " ") }
            .joined(separator: "\n")
    }

    public func referenceChecksum(name: String) async throws -> String? {
        try await executor.query(GeographySQL.referenceChecksum(name: name)).first?.first?.text
    }

    public func loadReference(_ dataset: GeographyDataset, name: String, checksum: String, at instant: String) async throws {
        try await executor.transaction(
            GeographySQL.upserts(dataset) + [GeographySQL.recordReference(name: name, checksum: checksum, at: instant)]
        )
    }

    public func units(_ query: UnitQuery) async throws -> [AdministrativeUnit] {
        try await executor.query(GeographySQL.units(query)).map(GeographySQL.unit)
    }

    public func units(code: String, level: AdministrativeLevel?, at date: LocalDate) async throws -> [AdministrativeUnit] {
        try await executor.keyedQuery(GeographySQL.units(code: code, level: level, at: date)).map(GeographySQL.unit)
    }

    public func versions(code: String, level: AdministrativeLevel?) async throws -> [AdministrativeUnit] {
        try await executor.query(GeographySQL.versions(code: code, level: level)).map(GeographySQL.unit)
    }

    public func successors(oldCode: String) async throws -> [LineageEdge] {
        try await executor.keyedQuery(GeographySQL.successors(oldCode: oldCode)).map(GeographySQL.edge)
    }

    public func predecessors(newCode: String) async throws -> [LineageEdge] {
        try await executor.keyedQuery(GeographySQL.predecessors(newCode: newCode)).map(GeographySQL.edge)
    }

    public func allUnits() async throws -> [AdministrativeUnit] {
        let read = { try await executor.query(GeographySQL.allUnits).map(GeographySQL.unit) }
        guard let cache else { return try await read() }
        return try await cache.units(stamp: try await stamp(), read: read)
    }

    public func allLineage() async throws -> [LineageEdge] {
        let read = { try await executor.query(GeographySQL.allLineage).map(GeographySQL.edge) }
        guard let cache else { return try await read() }
        return try await cache.lineage(stamp: try await stamp(), read: read)
    }

    public func unitCounts(at date: LocalDate) async throws -> [UnitCount] {
        try await executor.query(GeographySQL.unitCounts(at: date)).map(GeographySQL.count)
    }

    public func recordClasses(_ assignments: [UnitClassAssignment], recordedAt instant: String) async throws {
        try await executor.transaction(assignments.map { GeographySQL.recordClass($0, recordedAt: instant) })
    }

    public func classHistory(_ unit: UnitKey) async throws -> [UnitClassAssignment] {
        try await executor.query(GeographySQL.classHistory(unit)).map { row throws(StorageError) in
            try GeographySQL.classAssignment(row, unit: unit)
        }
    }
}
