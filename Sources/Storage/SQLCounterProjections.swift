import Domain

/// The counters a change adds to, as statements of its transaction: daily and cohort counters, their
/// province rollups and the step counters. Every table is written in key order, as in every other
/// transaction, so that two writers never wait on each other's rows in opposite orders.
extension SQLDossierRepository {
    static func counterSteps(_ change: DossierChange) -> [SQLStep] {
        var daily: [CounterKey: CounterValues] = [:]
        var ended: [StepKey: StepValues] = [:]
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
        let cohort = CohortValues.deltas(before: change.before, after: change.after)
        var dailyRollup: [[String]: CounterValues] = [:]
        for (key, delta) in daily {
            let projected = [key.provinceCode, key.day.description, key.level.rawValue, key.channel.rawValue]
            dailyRollup[projected] = (dailyRollup[projected] ?? CounterValues()) + delta
        }
        var cohortRollup: [[String]: CohortValues] = [:]
        for (key, delta) in cohort {
            let projected = [
                key.dimensions.provinceCode, key.receiveDay.description, key.dimensions.level.rawValue, key.dimensions.channel.rawValue,
                key.closeDay.description, key.dueDay.description,
            ]
            cohortRollup[projected] = (cohortRollup[projected] ?? CohortValues()) + delta
        }
        return adding(daily.map { (columns($0.key), $0.value.values) }, to: "daily_counters", SQLDossierRepository.counterDimensions, CounterValues.names)
            + adding(dailyRollup.map { ($0.key, $0.value.values) }, to: "daily_province", Migrations.dailyProvinceDimensions, CounterValues.names)
            + adding(cohort.map { (columns($0.key), $0.value.values) }, to: "cohort_counters", Migrations.cohortDimensions, CohortValues.names,
                     deletingEmptyRows: true)
            + adding(cohortRollup.filter { !$0.value.isZero }.map { ($0.key, $0.value.values) }, to: "cohort_province",
                     Migrations.cohortProvinceDimensions, CohortValues.names, deletingEmptyRows: true)
            + adding(ended.map { (columns($0.key), $0.value.values) }, to: "step_counters", Migrations.stepDimensions, StepValues.names)
    }

    /// Upserts that add `values` to each keyed row, in key order. With `deletingEmptyRows`, a row whose
    /// first value (the dossiers in it) fell to 0 is deleted, so that the table holds only what reports sum.
    static func adding(
        _ rows: [([String], [Int])], to table: String, _ dimensions: String, _ names: [String], deletingEmptyRows: Bool = false
    ) -> [SQLStep] {
        var steps: [SQLStep] = []
        for (key, values) in rows.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
            let arguments = key.map(SQLValue.text)
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO \(table) (\(dimensions), \(names.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: key.count + names.count).joined(separator: ", ")))
                ON CONFLICT (\(dimensions)) DO UPDATE SET \(names.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", "))
                """, arguments + values.map(SQLValue.integer))))
            if deletingEmptyRows, let first = values.first, first < 0 {
                let condition = dimensions.split(separator: ",").map { "\($0.drop { $0 == " " }) = ?" }.joined(separator: " AND ")
                steps.append(SQLStep(SQLStatement("DELETE FROM \(table) WHERE \(condition) AND \(names[0]) = 0", arguments)))
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
