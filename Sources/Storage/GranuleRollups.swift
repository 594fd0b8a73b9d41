import Domain

/// The unit rollups (issue 7's "unit × month"): cohort and daily counters by competent unit and level,
/// each value kept in the three granules of its day (`DayGranules`), receipts by month. A report over a period
/// reads one row per unit and whole month, a few per partial month — a few tens of thousands of rows
/// nationwide whatever the number of dossiers — where the detailed counters hold about one row per
/// dossier. Kept by the same statements as the other counters, in the same transaction.
///
/// The `rollup` column names what `member` holds, so that a further rollup (receiving unit, field)
/// can share the tables; there is one now.
enum GranuleRollups {
    static let unit = "unit"
    static let cohortDimensions = "rollup, granule, receive_month, province_code, member, level"
    static let dailyDimensions = "rollup, granule, province_code, member, level"
    /// The cohort values by observation day, with the dossiers received online beside them (the
    /// province rollup keys by channel instead).
    static let cohortNames = ["online"] + ObservedValues.names
    static let onlineDossiers = "CASE WHEN channel IN ('online', 'online-portal') THEN dossiers ELSE 0 END"

    static let migration = Migration(
        id: 25, name: "unit rollups by day granule",
        sqlite: statements(options: " WITHOUT ROWID"), postgres: statements(options: "")
    )

    /// Clustered by granule first (SQLite's `WITHOUT ROWID`): a report reads a few granules' ranges.
    static func statements(options: String) -> [String] {
        func columns(_ names: [String]) -> String { names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ") }
        return [
            """
            CREATE TABLE cohort_granules (
                rollup TEXT NOT NULL, granule TEXT NOT NULL, receive_month TEXT NOT NULL, province_code TEXT NOT NULL,
                member TEXT NOT NULL, level TEXT NOT NULL, \(columns(cohortNames)), PRIMARY KEY (\(cohortDimensions)))\(options)
            """,
            """
            CREATE TABLE daily_granules (
                rollup TEXT NOT NULL, granule TEXT NOT NULL, province_code TEXT NOT NULL, member TEXT NOT NULL, level TEXT NOT NULL,
                \(columns(CounterValues.names)), PRIMARY KEY (\(dailyDimensions)))\(options)
            """,
            "INSERT INTO cohort_granules (\(cohortDimensions), \(cohortNames.joined(separator: ", "))) \(expectedCohorts)",
            "INSERT INTO daily_granules (\(dailyDimensions), \(CounterValues.names.joined(separator: ", "))) \(expectedDaily)",
        ]
    }

    /// The detailed cohort counters summed into the rollup's rows: what migration 25 fills it with and
    /// what `verify` compares it to.
    static var expectedCohorts: String {
        let observed = Migrations.observedCohortRows(
            keys: "province_code, competent_unit AS member, level, substr(receive_day, 1, 7) AS receive_month", names: cohortNames,
            receipt: ["online": onlineDossiers]
        )
        return spread(observed, keys: "receive_month, province_code, member, level", names: cohortNames)
    }

    /// The daily counters summed into the rollup's rows.
    static var expectedDaily: String {
        let daily = "SELECT province_code, competent_unit AS member, level, day, \(CounterValues.names.joined(separator: ", ")) FROM daily_counters"
        return spread(daily, keys: "province_code, member, level", names: CounterValues.names)
    }

    /// Rows of `source` (with a `day` column) added to each granule of their day and summed by granule
    /// and `keys`, rows whose sums are all 0 left out.
    static func spread(_ source: String, keys: String, names: [String]) -> String {
        let day = "source.day"
        let granule = """
            CASE size WHEN 1 THEN 'm' || substr(\(day), 1, 7) WHEN 2 THEN 'x' || substr(\(day), 1, 8) || CASE WHEN substr(\(day), 9, 2) <= '10' \
            THEN '01' WHEN substr(\(day), 9, 2) <= '20' THEN '11' ELSE '21' END ELSE 'd' || \(day) END
            """
        let sizes = "(SELECT 1 AS size UNION ALL SELECT 2 UNION ALL SELECT 3) AS sizes"
        let values = names.joined(separator: ", ")
        return "SELECT '\(unit)', granule, \(keys), " + names.map { "SUM(\($0))" }.joined(separator: ", ")
            + " FROM (SELECT \(granule) AS granule, \(keys), \(values) FROM (\(source)) AS source CROSS JOIN \(sizes)) AS spread"
            + " GROUP BY granule, \(keys) HAVING " + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// The stored rows summed by key the same way, for `verify` to compare with the expected ones.
    static func stored(_ table: String, _ dimensions: String, _ names: [String]) -> String {
        "SELECT \(dimensions), " + names.map { "SUM(\($0))" }.joined(separator: ", ") + " FROM \(table) GROUP BY \(dimensions) HAVING "
            + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// What a change's deltas add to the rollups' rows, by key.
    static func rows(
        cohort: [CohortKey: CohortValues], daily: [CounterKey: CounterValues]
    ) -> (cohort: [[String]: [Int]], daily: [[String]: [Int]]) {
        var cohortRows: [[String]: [Int]] = [:], dailyRows: [[String]: [Int]] = [:]
        func add(_ values: [Int], to key: [String], in rows: inout [[String]: [Int]]) {
            if let old = rows[key] { rows[key] = zip(old, values).map(+) } else { rows[key] = values }
        }
        for (key, delta) in cohort {
            let month = DayGranules.monthText(key.receiveDay)
            for (day, observed) in ObservedValues.days(key, delta) {
                let values = [key.dimensions.channel.isOnline ? observed["dossiers"] : 0] + observed.values
                for granule in DayGranules.granules(of: day) {
                    let dimensions = key.dimensions
                    let row = [unit, granule, month, dimensions.provinceCode, dimensions.competentUnit, dimensions.level.rawValue]
                    add(values, to: row, in: &cohortRows)
                }
            }
        }
        for (key, delta) in daily {
            for granule in DayGranules.granules(of: key.day) {
                add(delta.values, to: [unit, granule, key.provinceCode, key.competentUnit, key.level.rawValue], in: &dailyRows)
            }
        }
        return (cohortRows.filter { $0.value.contains { $0 != 0 } }, dailyRows.filter { $0.value.contains { $0 != 0 } })
    }
}
