public import Domain

/// Sums of the counters for reports: never a dossier row. Groups are keyed by the values of the
/// dimensions asked for, in their order (`version` as `CODE@YYYY-MM-DD`, `day` as `YYYY-MM-DD`).
public protocol MonitoringRepository: Sendable {
    /// Cohort figures of the dossiers received between `from` and `to`, observed at the end of `to`.
    /// Only dimensions with a column are accepted: not `class`, `week` or `month`.
    func cohortSums(_ request: ReportRequest) async throws -> [[String]: CohortSums]
    /// Flow figures (daily counters) of the events between `from` and `to`.
    func flowSums(_ request: ReportRequest) async throws -> [[String]: CounterValues]
    /// Whether the sums of `request` come from the detailed counters (no rollup holds its dimensions
    /// together, as in a breakdown by procedure and commune): seconds and hundreds of megabytes nationwide.
    func readsDetail(_ request: ReportRequest) -> Bool
    /// Steps that ended between `from` and `to`, grouped by agency, unit and kind of step (`by` is ignored).
    func stepSums(_ request: ReportRequest) async throws -> [[String]: StepValues]
    /// Every step row of a province (or all), for `verify`.
    func stepRows(provinceCode: String?) async throws -> [StepKey: StepValues]
    /// Rows where a province rollup differs from the sum of the detailed counters, for `verify`.
    func rollupDifferences() async throws -> [String]
    /// Every cohort row of a province (or all), for `verify`.
    func cohorts(provinceCode: String?) async throws -> [CohortKey: CohortValues]
    /// Adds the rollups' rows of the months before `month` (`YYYY-MM`) kept in other slots than 0 into
    /// slot 0 (`RollupSlotFolding`); nothing to do where every row is in slot 0 (SQLite).
    func foldSlots(before month: String) async throws
    /// After a bulk load whose slots were folded (`motcua generate`): the slotted rollups rewritten without
    /// the room of the rows the fold deleted, which every scan of them still read (at scale 1.0 the province
    /// cohort rollup kept 340 MB of pages for 36 MB of rows; `RollupSlotFolding.compaction`). On PostgreSQL
    /// this locks each table while it is rewritten (10.6 s for the four at scale 1.0): never on a database
    /// being served. Nothing to do on SQLite.
    func compactRollups() async throws
    /// A stored monthly report, and storing one (replacing an earlier one of the same month and scope).
    func monthlyReport(month: String, scope: String) async throws -> String?
    func saveMonthlyReport(month: String, scope: String, body: String, at: Instant) async throws
    func monthlyReports() async throws -> [(month: String, scope: String, generatedAt: Instant)]
}

/// A report asked a store for something only the service can fold (class, week, month).
public struct UnsupportedDimension: Error, Sendable {
    public var dimension: ReportDimension
    public init(_ dimension: ReportDimension) { self.dimension = dimension }
}
