import Domain

/// The province rollup of the cohorts (what national and provincial reports by province, level,
/// channel, day, week or month read), its observed values kept in the granules of their observation day
/// (`DayGranules`) rather than by the day itself. A report over `from`…`to` needs every value observed
/// from a receipt in the period up to its end: all lie in `from`…`to`, so it reads the few granules of
/// `DayGranules.cover(from:to:)` for each receipt day instead of one row per observation day. At scale 1.0
/// the rollup by observation day (`cohort_days`, migration 21) held ~1 M rows and a nationwide breakdown
/// by day or week summed most of them (~370–440 ms); a period not starting on a month's first day (which
/// the granule rollups' months of receipt cannot serve) read the same rows.
enum ProvinceCohortGranules {
    static let table = "cohort_province_granules"
    /// The granule first: a report reads each granule of its cover over a range of receipt days.
    static let dimensions = "granule, receive_day, province_code, level, channel"

    static let migration = Migration(
        id: 28, name: "province cohort rollup by observation granule",
        sqlite: statements(options: " WITHOUT ROWID"), postgres: statements(options: "")
    )

    static func statements(options: String) -> [String] {
        [
            """
            CREATE TABLE \(table) (
                granule TEXT NOT NULL, receive_day TEXT NOT NULL, province_code TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL,
                slot INTEGER NOT NULL DEFAULT 0, \(ObservedValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
                PRIMARY KEY (\(dimensions), slot))\(options)
            """,
            fill,
            "DROP TABLE cohort_days",
        ]
    }

    /// The rollup filled from the detailed cohort counters (slot 0).
    static let fill = "INSERT INTO \(table) (\(dimensions), \(ObservedValues.names.joined(separator: ", "))) \(expected)"

    /// The detailed cohort rows observed by day (`ObservedValues.days`), spread over each day's
    /// granules and summed by key: what the migration fills the rollup with and what `verify` compares
    /// it to.
    static var expected: String {
        let observed = Migrations.observedCohortRows(keys: "province_code, receive_day, level, channel", names: ObservedValues.names)
        return GranuleRollups.spread(observed, rollup: nil, keys: "receive_day, province_code, level, channel", names: ObservedValues.names)
    }

    /// What observed values add to the rollup's rows, by key.
    static func rows(
        observed: [(key: CohortKey, days: [LocalDate: ObservedValues])], granules: inout DayGranuleTexts, texts: inout TextNumbers
    ) -> [([String], [Int])] {
        var sums = GranuleSums(width: ObservedValues.names.count, textCount: 4, granuleColumn: 0)
        for (key, days) in observed {
            let dimensions = key.dimensions
            let row = GranuleSums.Texts(
                texts.number(key.receiveDay.description), texts.number(dimensions.provinceCode), texts.number(dimensions.level.rawValue),
                texts.number(dimensions.channel.rawValue)
            )
            for (day, values) in days { sums.add(row, day: day, values.values) }
        }
        return sums.granuleRows(&granules, texts: &texts)
    }
}
