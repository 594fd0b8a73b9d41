import Domain

/// The step counters by agency, unit, kind of step and level, each ended step kept in the granules of
/// its day (`DayGranules`): what "where the time went" (`stepSums`) reads for a period of a province, a
/// unit, an agency or a level. The detailed step counters also key by procedure and field, so a
/// province's period summed one row per day and procedure of each unit's steps (scale 1.0, Hồ Chí Minh
/// City's Jul–Aug: 2.0 s); here it is a few rows per granule and step holder. A filter on the field or
/// the procedure still reads the detail. Kept by the same statements as the other counters, in the same
/// transaction; a unit's rows see few concurrent filings and stay in one slot, as the unit rollup's.
enum StepGranules {
    static let table = "step_granules"
    static let dimensions = "granule, province_code, agency_code, unit_code, kind, level"
    /// The filters the rollup holds.
    static let dimensionsHeld: Set<ReportDimension> = [.province, .unit, .agency, .level]

    static let migration = Migration(
        id: 29, name: "step counters by day granule", sqlite: statements(options: " WITHOUT ROWID"), postgres: statements(options: "")
    )

    static func statements(options: String) -> [String] {
        [
            """
            CREATE TABLE \(table) (
                granule TEXT NOT NULL, province_code TEXT NOT NULL, agency_code TEXT NOT NULL, unit_code TEXT NOT NULL, kind TEXT NOT NULL,
                level TEXT NOT NULL, \(StepValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
                PRIMARY KEY (\(dimensions)))\(options)
            """,
            fill,
        ]
    }

    static let fill = "INSERT INTO \(table) (\(dimensions), \(StepValues.names.joined(separator: ", "))) \(expected)"

    /// The detailed step counters spread over their day's granules and summed by key: what the
    /// migration fills the rollup with and what `verify` compares it to.
    static var expected: String {
        let keys = "province_code, agency_code, unit_code, kind, level"
        return GranuleRollups.spread(
            "SELECT \(keys), day, \(StepValues.names.joined(separator: ", ")) FROM step_counters", rollup: nil, keys: keys,
            names: StepValues.names
        )
    }

    /// What ended steps add to the rollup's rows, by key.
    static func rows(_ ended: [StepKey: StepValues], granules: inout DayGranuleTexts, texts: inout TextNumbers) -> [([String], [Int])] {
        var sums = GranuleSums(width: StepValues.names.count, textCount: 5, granuleColumn: 0)
        for (key, values) in ended {
            let row = GranuleSums.Texts(
                texts.number(key.provinceCode), texts.number(key.agencyCode), texts.number(key.unitCode), texts.number(key.kind.rawValue),
                texts.number(key.level.rawValue)
            )
            sums.add(row, day: key.day, values.values)
        }
        return sums.granuleRows(&granules, texts: &texts)
    }
}
