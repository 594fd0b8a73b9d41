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

    /// Upserts that add each row's values to its keyed row of a table: the parts' rows one after the
    /// other, each part in key order, in multi-row statements beginning with `verb` and cut as `multiRow`
    /// cuts them; then, with `deletingEmptyRows`, a delete of each row that a negative value may have
    /// emptied, if its values all fell to 0, so that the table holds only what reports sum.
    ///
    /// The statements are made straight from the rows: made one per row and then coalesced, their
    /// arguments' arrays, the texts' comparisons and the sort's Unicode-aware string comparisons were
    /// about an eighth of the CPU `motcua generate` spent deciding and encoding (perf).
    static func adding(_ table: CounterTableRows, insert verb: String) -> [SQLStep] {
        let count = table.parts.reduce(0) { $0 + $1.rows.count }
        guard count > 0 else { return [] }
        let (upsert, delete) = CounterTexts.texts(table.table, table.dimensions, table.names, slotted: table.slotted)
        guard let shape = InsertShape.of(upsert) else { preconditionFailure("a counter upsert has one VALUES group") }
        var rows: [(key: [String], slot: Int?, values: [Int])] = []
        rows.reserveCapacity(count)
        for part in table.parts {
            precondition((part.slot != nil) == table.slotted, "a table's parts all have a slot or none")
            for index in Self.keyOrder(part.rows.map(\.0)) { rows.append((part.rows[index].0, part.slot, part.rows[index].1)) }
        }
        var steps: [SQLStep] = []
        var start = 0
        for size in multiRowSizes(rows.count) {
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(size * ((rows.first?.key.count ?? 0) + (table.slotted ? 1 : 0) + table.names.count))
            for row in rows[start..<(start + size)] {
                for column in row.key { arguments.append(.text(column)) }
                if let slot = row.slot { arguments.append(.integer(slot)) }
                for value in row.values { arguments.append(.integer(value)) }
            }
            steps.append(SQLStep(SQLStatement(shape.text(rows: size, insert: verb), arguments)))
            start += size
        }
        if table.deletingEmptyRows {
            for row in rows where row.values.contains(where: { $0 < 0 }) {
                steps.append(SQLStep(SQLStatement(delete, row.key.map(SQLValue.text) + (row.slot.map { [.integer($0)] } ?? []))))
            }
        }
        return steps
    }

    /// The positions of `keys` in the order of their columns, each column by its UTF-8 bytes: for our
    /// NFC texts the order of `String`'s `<`, which compares Unicode-aware (the field names are
    /// Vietnamese). The keys are laid end to end, each column followed by a 0 byte, which no text holds
    /// and which sorts before every other: sorting the arrays of strings themselves, the retains and
    /// releases of each comparison's copies were most of the sort (perf).
    static func keyOrder(_ keys: [[String]]) -> [Int] {
        var bytes: [UInt8] = []
        var bounds = [0]
        bounds.reserveCapacity(keys.count + 1)
        for key in keys {
            for column in key {
                bytes += column.utf8
                bytes.append(0)
            }
            bounds.append(bytes.count)
        }
        return bytes.withUnsafeBufferPointer { bytes in
            bounds.withUnsafeBufferPointer { bounds in
                (0..<keys.count).sorted { left, right in
                    var (l, r) = (bounds[left], bounds[right])
                    while l < bounds[left + 1], r < bounds[right + 1] {
                        if bytes[l] != bytes[r] { return bytes[l] < bytes[r] }
                        l += 1
                        r += 1
                    }
                    return l == bounds[left + 1] && r < bounds[right + 1]
                }
            }
        }
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

    /// The `SET` list of an upsert that adds the inserted values to the row's.
    static func adding(_ table: String, _ names: [String]) -> String {
        names.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
    }

    static func texts(_ table: String, _ dimensions: String, _ names: [String], slotted: Bool) -> (upsert: String, delete: String) {
        let key = Key(table: table, dimensions: dimensions, names: names, slotted: slotted)
        if let texts = made.withLock({ $0[key] }) { return texts }
        let dimensions = slotted ? dimensions + ", slot" : dimensions
        let width = dimensions.split(separator: ",").count + names.count
        let upsert = """
            INSERT INTO \(table) (\(dimensions), \(names.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: width).joined(separator: ", ")))
            ON CONFLICT (\(dimensions)) DO UPDATE SET \(adding(table, names))
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
    /// The slot of the province rollups these deltas go to (an engine that sums several transactions'
    /// deltas may choose another: a slot only spreads row locks, it never changes a sum).
    public var rollupSlot = 0
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

    mutating func add(_ change: DossierChange) {
        var dossier = change.before
        for event in change.events {
            guard let current = dossier ?? Dossier.opened(by: event) else { continue }
            let next = current.applying(event)
            let delta = CounterValues.of(event, before: dossier, after: next)
            if !delta.isZero {
                let key = CounterKey(day: event.at.vietnamDate, opening: next.opening)
                daily[key, default: CounterValues()] += delta
            }
            for (key, values) in StepValues.of(event, before: dossier, after: next) { ended[key, default: StepValues()] += values }
            dossier = next
        }
        for (key, delta) in CohortValues.deltas(before: change.before, after: change.after) {
            cohort[key, default: CohortValues()] += delta
        }
    }

    /// The upserts in multi-row statements beginning with `verb`, table by table.
    func steps(insert verb: String) -> [SQLStep] {
        tables.flatMap { SQLDossierRepository.adding($0, insert: verb) }
    }

    /// The rows to add, table by table: the unit, field and procedure rollups, the step counters'
    /// rollup, the daily and cohort counters' province rollups, the step counters, the cohort and daily
    /// counters.
    var tables: [CounterTableRows] {
        typealias Repository = SQLDossierRepository
        var dailyRollup: [CounterRow: [Int]] = [:]
        for (key, delta) in daily {
            dailyRollup.add(delta.values, to: CounterRow([key.provinceCode, key.day.description, key.level.rawValue, key.channel.rawValue]))
        }
        // Observed once per cohort row: the province rollup and the granule rollups add the same days.
        let observed = cohort.map { (key: $0.key, days: ObservedValues.days($0.key, $0.value)) }
        var dayGranules = DayGranuleTexts()
        var texts = TextNumbers()
        let granules = GranuleRollups.rows(observed: observed, daily: daily, granules: &dayGranules, texts: &texts)
        let stepRows = StepGranules.rows(ended, granules: &dayGranules, texts: &texts)
        let provinceRows = ProvinceCohortGranules.rows(observed: observed, granules: &dayGranules, texts: &texts)
        // The order every writer locks counter rows in (so that no two deadlock). The rollups spread
        // over `rollupSlot` first; the rows of one unit's day, which every filing and transition there
        // writes, last, so that they stay locked for the fewest round trips before the commit: written
        // first, a filing kept its unit's `daily_counters` row through seven more, and 32 counters of one
        // agency on PostgreSQL took turns for them.
        // Every granule rollup over four slots: those of a field or procedure take every filing of their
        // province, and a unit's took every filing of that commune, whose counters filed in two write lanes
        // at once (PostgreSQL's `Lock:transactionid` waits on `cohort_granules`, BENCHMARKS.md issue 5).
        let granuleSlot = rollupSlot % 4
        return [
            CounterTableRows("cohort_granules", GranuleRollups.cohortDimensions, GranuleRollups.cohortNames,
                             granules.map { ($0.cohort, granuleSlot) }),
            CounterTableRows("daily_granules", GranuleRollups.dailyDimensions, CounterValues.names,
                             granules.map { ($0.daily, granuleSlot) }),
            CounterTableRows(StepGranules.table, StepGranules.dimensions, StepValues.names, [(stepRows, nil)]),
            CounterTableRows("daily_province", Migrations.dailyProvinceDimensions, CounterValues.names,
                             [(dailyRollup.map { ($0.key.columns, $0.value) }, rollupSlot)]),
            CounterTableRows(ProvinceCohortGranules.table, ProvinceCohortGranules.dimensions, ObservedValues.names,
                             [(provinceRows, rollupSlot)], deletingEmptyRows: true),
            CounterTableRows("step_counters", Migrations.stepDimensions, StepValues.names,
                             [(ended.map { (Repository.columns($0.key), $0.value.values) }, nil)]),
            CounterTableRows("cohort_counters", Migrations.cohortDimensions, CohortValues.names,
                             [(cohort.filter { !$0.value.isZero }.map { (Repository.columns($0.key), $0.value.values) }, nil)],
                             deletingEmptyRows: true),
            CounterTableRows("daily_counters", Repository.counterDimensions, CounterValues.names,
                             [(daily.map { (Repository.columns($0.key), $0.value.values) }, nil)]),
        ]
    }
}

/// One counter table's rows to add: its key columns (`dimensions`) and value columns (`names`), and the
/// rows in parts, each with the slot of the key its rows go to (the rollups, see `rollupSlots`) or none,
/// the same for every part of a table.
struct CounterTableRows {
    var table: String
    var dimensions: String
    var names: [String]
    var parts: [(rows: [([String], [Int])], slot: Int?)]
    var deletingEmptyRows: Bool

    init(_ table: String, _ dimensions: String, _ names: [String], _ parts: [(rows: [([String], [Int])], slot: Int?)], deletingEmptyRows: Bool = false) {
        self.table = table
        self.dimensions = dimensions
        self.names = names
        self.parts = parts
        self.deletingEmptyRows = deletingEmptyRows
    }

    var slotted: Bool { parts.first?.slot != nil }
}
