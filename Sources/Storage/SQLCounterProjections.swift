import Domain
import Synchronization

/// The counters a change adds to, as statements of its transaction: daily and cohort counters, their
/// province rollups and the step counters. Every table is written in key order, as in every other
/// transaction, so that two writers never wait on each other's rows in opposite orders.
extension SQLDossierRepository {
    static func counters(_ change: DossierChange, rollupSlot: Int) -> CounterDeltas {
        var deltas = CounterDeltas(rollupSlot: rollupSlot)
        deltas.add(change)
        return deltas
    }

    /// Upserts that add `values` to each keyed row, in key order. With `deletingEmptyRows`, a row whose
    /// values all fell to 0 is deleted, so that the table holds only what reports sum.
    /// With a `slot`, the rows are those of that slot of the key (the province rollups, see `rollupSlots`).
    static func adding(
        _ rows: [([String], [Int])], to table: String, _ dimensions: String, _ names: [String], deletingEmptyRows: Bool = false,
        slot: Int? = nil
    ) -> [SQLStep] {
        guard !rows.isEmpty else { return [] }
        let (upsert, delete) = CounterTexts.texts(table, dimensions, names, slotted: slot != nil)
        var steps: [SQLStep] = []
        for (key, values) in rows.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
            let arguments = key.map(SQLValue.text) + (slot.map { [SQLValue.integer($0)] } ?? [])
            steps.append(SQLStep(SQLStatement(upsert, arguments + values.map(SQLValue.integer))))
            if deletingEmptyRows, values.contains(where: { $0 < 0 }) {
                steps.append(SQLStep(SQLStatement(delete, arguments)))
            }
        }
        return steps
    }

    static func columns(_ key: CounterKey) -> [String] {
        [
            key.provinceCode, key.day.description, key.competentUnit, key.receivingUnit, key.agencyCode, key.field, key.procedureCode,
            key.procedureValidFrom.description, key.level.rawValue, key.channel.rawValue,
        ]
    }

    static func columns(_ key: CohortKey) -> [String] {
        let dimensions = key.dimensions
        return [
            dimensions.provinceCode, key.receiveDay.description, dimensions.competentUnit, dimensions.receivingUnit, dimensions.agencyCode,
            dimensions.field, dimensions.procedureCode, dimensions.procedureValidFrom.description, dimensions.level.rawValue,
            dimensions.channel.rawValue, key.closeDay.description, key.dueDay.description,
        ]
    }

    static func columns(_ key: StepKey) -> [String] {
        [
            key.provinceCode, key.day.description, key.agencyCode, key.unitCode, key.kind.rawValue, key.procedureCode, key.field,
            key.level.rawValue,
        ]
    }
}

/// The upsert and delete texts of a counter table, made once: every filing writes five counter tables,
/// and building their texts (joins of some twenty column names) was 8 % of a reception's CPU (perf).
enum CounterTexts {
    struct Key: Hashable {
        var table: String
        var dimensions: String
        var names: [String]
        var slotted: Bool
    }

    private static let made = Mutex<[Key: (upsert: String, delete: String)]>([:])

    static func texts(_ table: String, _ dimensions: String, _ names: [String], slotted: Bool) -> (upsert: String, delete: String) {
        let key = Key(table: table, dimensions: dimensions, names: names, slotted: slotted)
        if let texts = made.withLock({ $0[key] }) { return texts }
        let dimensions = slotted ? dimensions + ", slot" : dimensions
        let width = dimensions.split(separator: ",").count + names.count
        let upsert = """
            INSERT INTO \(table) (\(dimensions), \(names.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))
            ON CONFLICT (\(dimensions)) DO UPDATE SET \(names.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", "))
            """
        let delete = "DELETE FROM \(table) WHERE "
            + dimensions.split(separator: ",").map { "\($0.drop { $0 == " " }) = ?" }.joined(separator: " AND ")
            + names.map { " AND \($0) = 0" }.joined()
        made.withLock { $0[key] = (upsert, delete) }
        return (upsert, delete)
    }
}

/// What changes add to the counters, summed by key: one change's for a filing, many changes' for the
/// bulk path and for a batch of SQLite's group commit, where dossiers of the same day and unit share rows
/// and each row is written once.
public struct CounterDeltas: Sendable {
    /// The slot of the province rollups these deltas go to.
    var rollupSlot = 0
    var daily: [CounterKey: CounterValues] = [:]
    var ended: [StepKey: StepValues] = [:]
    var cohort: [CohortKey: CohortValues] = [:]

    init(rollupSlot: Int = 0) {
        self.rollupSlot = rollupSlot
    }

    public var isEmpty: Bool { daily.isEmpty && ended.isEmpty && cohort.isEmpty }

    /// Another transaction's deltas added to these (their rollup slot is this one's: a slot only
    /// spreads row locks, it never changes a sum).
    public mutating func add(_ other: CounterDeltas) {
        daily.merge(other.daily, uniquingKeysWith: +)
        ended.merge(other.ended, uniquingKeysWith: +)
        cohort.merge(other.cohort, uniquingKeysWith: +)
    }

    /// The upserts in multi-row statements beginning with `verb`.
    func steps(insert verb: String) -> [SQLStep] {
        SQLDossierRepository.coalesced(steps, insert: verb)
    }

    mutating func add(_ change: DossierChange) {
        var dossier = change.before
        for event in change.events {
            guard let current = dossier ?? Dossier.opened(by: event) else { continue }
            let next = current.applying(event)
            let delta = CounterValues.of(event, before: dossier, after: next)
            if !delta.isZero {
                let key = CounterKey(day: event.at.vietnamDate, opening: next.opening)
                daily[key] = (daily[key] ?? CounterValues()) + delta
            }
            for (key, values) in StepValues.of(event, before: dossier, after: next) { ended[key] = (ended[key] ?? StepValues()) + values }
            dossier = next
        }
        for (key, delta) in CohortValues.deltas(before: change.before, after: change.after) {
            cohort[key] = (cohort[key] ?? CohortValues()) + delta
        }
    }

    /// The upserts, daily and cohort counters with their province rollups, the step counters with their
    /// rollup, and the unit, field and procedure rollups.
    var steps: [SQLStep] {
        typealias Repository = SQLDossierRepository
        var dailyRollup: [CounterRow: [Int]] = [:]
        for (key, delta) in daily {
            dailyRollup.add(delta.values, to: CounterRow([key.provinceCode, key.day.description, key.level.rawValue, key.channel.rawValue]))
        }
        // Observed once per cohort row: the province rollup and the granule rollups add the same days.
        let observed = cohort.map { (key: $0.key, days: ObservedValues.days($0.key, $0.value)) }
        var dayGranules = DayGranuleTexts()
        let granules = GranuleRollups.rows(observed: observed, daily: daily, granules: &dayGranules)
        let stepRows = StepGranules.rows(ended, granules: &dayGranules)
        let provinceRows = ProvinceCohortGranules.rows(observed: observed, granules: &dayGranules)
        // The order every writer locks counter rows in (so that no two deadlock). The rollups spread
        // over `rollupSlot` first; the rows of one unit's day, which every filing and transition there
        // writes, last, so that they stay locked for the fewest round trips before the commit: written
        // first, a filing kept its unit's `daily_counters` row through seven more, and 32 counters of one
        // agency on PostgreSQL took turns for them.
        let granuleSlot = { (spread: Bool) in spread ? rollupSlot % 4 : 0 }
        return granules.flatMap {
            Repository.adding($0.cohort, to: "cohort_granules", GranuleRollups.cohortDimensions,
                              GranuleRollups.cohortNames, slot: granuleSlot($0.spreadOverSlots))
        }
            + granules.flatMap {
                Repository.adding($0.daily, to: "daily_granules", GranuleRollups.dailyDimensions,
                                  CounterValues.names, slot: granuleSlot($0.spreadOverSlots))
            }
            + Repository.adding(stepRows, to: StepGranules.table, StepGranules.dimensions, StepValues.names)
            + Repository.adding(dailyRollup.map { ($0.key.columns, $0.value) }, to: "daily_province", Migrations.dailyProvinceDimensions,
                                CounterValues.names, slot: rollupSlot)
            + Repository.adding(provinceRows, to: ProvinceCohortGranules.table,
                                ProvinceCohortGranules.dimensions, ObservedValues.names, deletingEmptyRows: true, slot: rollupSlot)
            + Repository.adding(ended.map { (Repository.columns($0.key), $0.value.values) }, to: "step_counters",
                                Migrations.stepDimensions, StepValues.names)
            + Repository.adding(cohort.filter { !$0.value.isZero }.map { (Repository.columns($0.key), $0.value.values) },
                                to: "cohort_counters", Migrations.cohortDimensions, CohortValues.names, deletingEmptyRows: true)
            + Repository.adding(daily.map { (Repository.columns($0.key), $0.value.values) }, to: "daily_counters",
                                Repository.counterDimensions, CounterValues.names)
    }
}
