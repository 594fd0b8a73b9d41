public import Domain

/// The administrative units, their lineage and their classes.
public protocol GeographyRepository: Sendable {
    /// The checksum of the reference data set loaded under `name`, if any.
    func referenceChecksum(name: String) async throws -> String?
    /// Inserts or updates every unit and edge of the data set and records its checksum, in one transaction.
    func loadReference(_ dataset: GeographyDataset, name: String, checksum: String, at instant: String) async throws
    /// Units valid at the query's date, filtered and ranked, one page.
    func units(_ query: UnitQuery) async throws -> [AdministrativeUnit]
    /// The versions of a code valid at a date (at most one per level).
    func units(code: String, level: AdministrativeLevel?, at date: LocalDate) async throws -> [AdministrativeUnit]
    /// Every version of a code, oldest first.
    func versions(code: String, level: AdministrativeLevel?) async throws -> [AdministrativeUnit]
    /// Edges from an old unit.
    func successors(oldCode: String) async throws -> [LineageEdge]
    /// Edges into a current unit.
    func predecessors(newCode: String) async throws -> [LineageEdge]
    func allUnits() async throws -> [AdministrativeUnit]
    func allLineage() async throws -> [LineageEdge]
    func unitCounts(at date: LocalDate) async throws -> [UnitCount]
    /// Records classes of unit versions from dates on, all or none (a later record for the same unit and
    /// date replaces the earlier).
    func recordClasses(_ assignments: [UnitClassAssignment], recordedAt instant: String) async throws
    func classHistory(_ unit: UnitKey) async throws -> [UnitClassAssignment]
}

/// How many units of one level and type are valid at a date.
public struct UnitCount: Hashable, Sendable {
    public var level: AdministrativeLevel
    public var type: UnitType
    public var count: Int

    public init(level: AdministrativeLevel, type: UnitType, count: Int) {
        self.level = level
        self.type = type
        self.count = count
    }
}

/// A filtered, ranked page of units.
public struct UnitQuery: Sendable, Equatable {
    public var level: AdministrativeLevel?
    public var provinceCode: String?
    /// Already folded with `FoldKey`; matches names from their start or from a word's start.
    public var foldedText: String?
    public var at: LocalDate
    public var offset: Int
    public var limit: Int

    public init(
        level: AdministrativeLevel? = nil, provinceCode: String? = nil, foldedText: String? = nil, at: LocalDate,
        offset: Int = 0, limit: Int = 50
    ) {
        self.level = level
        self.provinceCode = provinceCode
        self.foldedText = foldedText
        self.at = at
        self.offset = offset
        self.limit = limit
    }
}
