import Domain

/// The unit and field rollups (issue 7's "unit × month"): cohort and daily counters by province, level
/// and competent unit — or field —, each value kept in the three granules of its day (`DayGranules`),
/// receipts by month. A report over a period reads one row per unit (or field) and whole month, a few
/// per partial month — a few tens of thousands of rows nationwide whatever the number of dossiers —
/// where the detailed counters hold about one row per dossier. Kept by the same statements as the other
/// counters, in the same transaction; `rollup` names what `member` holds.
enum GranuleRollups {
    enum Rollup: String, CaseIterable {
        case unit, field

        /// The column of the detailed counters the member is.
        var detailColumn: String { self == .unit ? "competent_unit" : "field" }
        var dimension: ReportDimension { self == .unit ? .unit : .field }
        func member(_ key: CounterKey) -> String { self == .unit ? key.competentUnit : key.field }
        /// Every filing of a field in a province adds to the same field rows: on PostgreSQL they are
        /// spread over four slots (as the province rollups over theirs) so that concurrent filings lock
        /// different rows. A unit's rows see few concurrent filings and stay in one.
        func slot(_ rollupSlot: Int) -> Int { self == .unit ? 0 : rollupSlot % 4 }
    }

    static let cohortDimensions = "rollup, granule, receive_month, province_code, member, level"
    static let dailyDimensions = "rollup, granule, province_code, member, level"
    /// The cohort values by observation day, with the dossiers received online beside them (the
    /// province rollup keys by channel instead).
    static let cohortNames = ["online"] + ObservedValues.names
    static let onlineDossiers = "CASE WHEN channel IN ('online', 'online-portal') THEN dossiers ELSE 0 END"

    static let migration = Migration(
        id: 25, name: "unit and field rollups by day granule",
        sqlite: statements(options: " WITHOUT ROWID"), postgres: statements(options: "")
    )

    /// Clustered by granule first (SQLite's `WITHOUT ROWID`): a report reads a few granules' ranges.
    static func statements(options: String) -> [String] {
        func columns(_ names: [String]) -> String { names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ") }
        return [
            """
            CREATE TABLE cohort_granules (
                rollup TEXT NOT NULL, granule TEXT NOT NULL, receive_month TEXT NOT NULL, province_code TEXT NOT NULL,
                member TEXT NOT NULL, level TEXT NOT NULL, slot INTEGER NOT NULL DEFAULT 0, \(columns(cohortNames)),
                PRIMARY KEY (\(cohortDimensions), slot))\(options)
            """,
            """
            CREATE TABLE daily_granules (
                rollup TEXT NOT NULL, granule TEXT NOT NULL, province_code TEXT NOT NULL, member TEXT NOT NULL, level TEXT NOT NULL,
                slot INTEGER NOT NULL DEFAULT 0, \(columns(CounterValues.names)), PRIMARY KEY (\(dailyDimensions), slot))\(options)
            """,
            "INSERT INTO cohort_granules (\(cohortDimensions), \(cohortNames.joined(separator: ", "))) \(expectedCohorts)",
            "INSERT INTO daily_granules (\(dailyDimensions), \(CounterValues.names.joined(separator: ", "))) \(expectedDaily)",
        ]
    }

    /// The detailed cohort counters summed into the rollups' rows: what migration 25 fills them with
    /// and what `verify` compares them to.
    static var expectedCohorts: String {
        let rollups = Rollup.allCases.map { rollup in
            let observed = Migrations.observedCohortRows(
                keys: "province_code, \(rollup.detailColumn) AS member, level, substr(receive_day, 1, 7) AS receive_month",
                names: cohortNames, receipt: ["online": onlineDossiers]
            )
            return spread(observed, rollup: rollup, keys: "receive_month, province_code, member, level", names: cohortNames)
        }.joined(separator: " UNION ALL ")
        // One SELECT, so that `verify`'s `… EXCEPT expected` applies to both rollups' rows.
        return "SELECT * FROM (\(rollups)) AS expected"
    }

    /// The daily counters summed into the rollups' rows.
    static var expectedDaily: String {
        let rollups = Rollup.allCases.map { rollup in
            let values = CounterValues.names.joined(separator: ", ")
            let daily = "SELECT province_code, \(rollup.detailColumn) AS member, level, day, \(values) FROM daily_counters"
            return spread(daily, rollup: rollup, keys: "province_code, member, level", names: CounterValues.names)
        }.joined(separator: " UNION ALL ")
        return "SELECT * FROM (\(rollups)) AS expected"
    }

    /// Rows of `source` (with a `day` column) added to each granule of their day and summed by granule
    /// and `keys`, rows whose sums are all 0 left out. The granule texts are `DayGranules.granules(of:)`'s
    /// in SQL (the fill and `verify` run in the database); `MonitoringContractTests` holds the two equal.
    static func spread(_ source: String, rollup: Rollup, keys: String, names: [String]) -> String {
        let day = "source.day"
        let granule = """
            CASE size WHEN 1 THEN 'm' || substr(\(day), 1, 7) WHEN 2 THEN 'x' || substr(\(day), 1, 8) || CASE WHEN substr(\(day), 9, 2) <= '10' \
            THEN '01' WHEN substr(\(day), 9, 2) <= '20' THEN '11' ELSE '21' END ELSE 'd' || \(day) END
            """
        let sizes = "(SELECT 1 AS size UNION ALL SELECT 2 UNION ALL SELECT 3) AS sizes"
        let values = names.joined(separator: ", ")
        return "SELECT '\(rollup.rawValue)', granule, \(keys), " + names.map { "SUM(\($0))" }.joined(separator: ", ")
            + " FROM (SELECT \(granule) AS granule, \(keys), \(values) FROM (\(source)) AS source CROSS JOIN \(sizes)) AS spread"
            + " GROUP BY granule, \(keys) HAVING " + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// The stored rows summed by key (over the slots) the same way, for `verify` to compare with the
    /// expected ones.
    static func stored(_ table: String, _ dimensions: String, _ names: [String]) -> String {
        "SELECT \(dimensions), " + names.map { "SUM(\($0))" }.joined(separator: ", ") + " FROM \(table) GROUP BY \(dimensions) HAVING "
            + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// What a change's deltas add to each rollup's rows, by key: the cohort rows as observed by day
    /// (`ObservedValues.days`) and the daily counters. A day's granules are made once for every rollup.
    static func rows(
        observed: [(key: CohortKey, days: [LocalDate: ObservedValues])], daily: [CounterKey: CounterValues]
    ) -> [(rollup: Rollup, cohort: [[String]: [Int]], daily: [[String]: [Int]])] {
        func add(_ values: [Int], to key: [String], in rows: inout [[String]: [Int]]) {
            if let old = rows[key] { rows[key] = zip(old, values).map(+) } else { rows[key] = values }
        }
        var cohortRows = Array(repeating: [[String]: [Int]](), count: Rollup.allCases.count)
        var dailyRows = cohortRows
        for (key, days) in observed {
            let month = DayGranules.monthText(key.receiveDay), dimensions = key.dimensions
            for (day, values) in days {
                let row = [dimensions.channel.isOnline ? values["dossiers"] : 0] + values.values
                for granule in DayGranules.granules(of: day) {
                    for (index, rollup) in Rollup.allCases.enumerated() {
                        let rowKey = [rollup.rawValue, granule, month, dimensions.provinceCode, rollup.member(dimensions), dimensions.level.rawValue]
                        add(row, to: rowKey, in: &cohortRows[index])
                    }
                }
            }
        }
        for (key, delta) in daily {
            for granule in DayGranules.granules(of: key.day) {
                for (index, rollup) in Rollup.allCases.enumerated() {
                    add(delta.values, to: [rollup.rawValue, granule, key.provinceCode, rollup.member(key), key.level.rawValue], in: &dailyRows[index])
                }
            }
        }
        return Rollup.allCases.enumerated().map { index, rollup in
            (rollup, cohortRows[index].filter { $0.value.contains { $0 != 0 } }, dailyRows[index].filter { $0.value.contains { $0 != 0 } })
        }
    }
}
