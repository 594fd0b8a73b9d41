public import Domain

/// The reform's bookkeeping: the redundancy pipeline, staffing, secondments, facilities, obstacles and
/// public service units.
public protocol BookkeepingRepository: Sendable {
    /// Inserts or replaces cases by id, all in one transaction.
    func saveRedundancyCases(_ cases: [RedundancyCase], source: String, at: Instant) async throws
    func redundancyCases(ids: [String]) async throws -> [RedundancyCase]
    /// Cases of a province and unit (either may be nil for all), optionally at one stage, by id.
    func redundancyCases(provinceCode: String?, unitCode: String?, stage: RedundancyCase.Stage?, offset: Int, limit: Int) async throws
        -> [RedundancyCase]
    /// Cases counted by group (province or unit code; "" when ungrouped), stage and the day the stage
    /// began, with their amounts summed: what `RedundancyTally` ages and totals.
    func redundancyCounts(provinceCode: String?, unitCode: String?, groupBy: RedundancyGrouping) async throws -> [RedundancyCount]
    /// The province and unit stored for these ids in a register (`positions`, `facilities`), by id.
    func places(in register: BookkeepingRegister, ids: [String]) async throws -> [String: (province: String, unit: String)]
    /// Inserts or replaces positions by id, and replaces the roster counts of every unit, skill and
    /// category the counts name (whatever agency the stored ones had: a roster file is the whole of its
    /// groups), in one transaction.
    func saveStaffing(positions: [Position], staff: [StaffCount], at: Instant) async throws
    /// The positions and roster counts of a province and unit (either nil for all).
    func staffing(provinceCode: String?, unitCode: String?) async throws -> (positions: [Position], staff: [StaffCount])
    /// Inserts requests and offers (replacing by id) and adds assignments (adding people to a pair
    /// already assigned), in one transaction.
    func saveSecondments(requests: [SupportRequest], offers: [StaffOffer], assignments: [Assignment], at: Instant) async throws
    /// The requests of a province (or all), every offer, and the assignments to those requests.
    func secondments(provinceCode: String?) async throws -> (requests: [SupportRequest], offers: [StaffOffer], assignments: [Assignment])
    /// Inserts or replaces facilities by id and equipment counts by unit and kind, in one transaction.
    func saveFacilities(_ facilities: [Facility], equipment: [EquipmentCount], at: Instant) async throws
    /// The facilities and equipment counts of a province and unit (either nil for all).
    func facilities(provinceCode: String?, unitCode: String?) async throws -> (facilities: [Facility], equipment: [EquipmentCount])
    /// Inserts or replaces an obstacle by id; with `expected`, only if the stored one still equals it
    /// (two officers escalating at once: one wins, the other is told).
    func saveObstacle(_ obstacle: Obstacle, replacing expected: Obstacle?, at: Instant) async throws
    func obstacles(provinceCode: String?, unitCode: String?) async throws -> [Obstacle]
    func obstacle(id: String) async throws -> Obstacle?
    /// Inserts or replaces public service units by id, in one transaction.
    func savePublicServiceUnits(_ units: [PublicServiceUnit], at: Instant) async throws
    /// The public service units of a province and unit (either nil for all), by id.
    func publicServiceUnits(provinceCode: String?, unitCode: String?) async throws -> [PublicServiceUnit]
    func publicServiceUnits(ids: [String]) async throws -> [PublicServiceUnit]
}

/// The registers whose records are keyed by an id of the importer's choosing.
public enum BookkeepingRegister: String, Sendable {
    case positions, facilities
}

public enum RedundancyGrouping: String, Sendable, CaseIterable {
    case none, province, unit
}

public struct RedundancyCount: Hashable, Sendable {
    public var group: String
    public var stage: RedundancyCase.Stage
    public var since: LocalDate
    public var cases: Int
    public var requestedDong: Int
    public var approvedDong: Int
    public var paidDong: Int

    public init(group: String, stage: RedundancyCase.Stage, since: LocalDate, cases: Int, requestedDong: Int, approvedDong: Int, paidDong: Int) {
        self.group = group
        self.stage = stage
        self.since = since
        self.cases = cases
        self.requestedDong = requestedDong
        self.approvedDong = approvedDong
        self.paidDong = paidDong
    }
}

/// Why a bookkeeping write was refused.
public enum BookkeepingWriteError: Error, Equatable, Sendable {
    /// The record changed since it was read: read it again and decide again.
    case changedMeanwhile(String)
}
