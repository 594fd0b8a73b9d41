import Domain

/// The granule rollups (issue 7's "unit × month"): cohort and daily counters by province, level and a
/// member — the field with the channel, the competent unit with its agency, or the procedure version
/// with its field and channel —, each value kept in the three granules of its day
/// (`DayGranules`), receipts by month. A report over a period reads one row per member and whole month,
/// a few per partial month — a few tens of thousands of rows nationwide whatever the number of dossiers —
/// where the detailed counters hold about one row per dossier. Kept by the same statements as the other
/// counters, in the same transaction; `rollup` names what `member` holds.
enum GranuleRollups {
    /// In the order a report picks them, fewest rows first: the fields by channel, 3,400 units and 5,200
    /// procedure versions by channel across the provinces' levels (scale 0.1).
    enum Rollup: String, CaseIterable {
        case field, unit, procedure

        /// The columns of the detailed counters the member is made of, joined by `separator`. The unit's
        /// agency and the procedure's field add no rows (each depends on the rest of the member) and let
        /// a report by agency, or by procedure within a field, read the rollup. The field's channel serves
        /// the reports by channel (the resolution's online share) from the smallest rollup, at no cost to
        /// the filings: a separate channel rollup held as many rows as the fields' (few fields, each in
        /// few granules), and would have added its rows to every filing. The receiving unit is in none: in
        /// the unit's member it would double its members (about one detailed counter row in nine is
        /// received by another unit of the province, scale 0.1), and a rollup of its own cost the filings
        /// ~12 % more CPU (BENCHMARKS, 2026-12-04); the unit rollup's receiving corrections (`receiving`)
        /// serve its reports instead.
        var columns: [String] {
            switch self {
            case .unit: ["competent_unit", "agency_code"]
            case .field: ["field", "channel"]
            case .procedure: ["field", "procedure_code", "procedure_valid_from", "channel"]
            }
        }

        /// The member of a counter's key: its `columns`' values as the detailed counters hold them.
        func member(_ key: CounterKey) -> String {
            switch self {
            case .unit: key.competentUnit + separator + key.agencyCode
            case .field: key.field + separator + key.channel.rawValue
            case .procedure: [key.field, key.procedureCode, key.procedureValidFrom.description, key.channel.rawValue].joined(separator: separator)
            }
        }
    }

    /// The rows that turn the unit rollup into the receiving unit's (`rollup = 'receiving'`, the unit
    /// rollup's member): for each counter row received by another unit than the competent one, its
    /// values under the receiving unit and their negation under the competent unit, so that the unit
    /// rollup's rows of X plus these are the rows received by X. Only the dossiers received elsewhere
    /// add rows (about one counter row in nine, scale 0.1), where a rollup of the receiving unit would
    /// have added a row for every one (+12 % of a filing's CPU, BENCHMARKS 2026-12-04).
    static let receiving = "receiving"

    /// The receiving corrections of a counter's values: nothing when its two units are one.
    static func receivingCorrection(_ key: CounterKey) -> [(member: String, sign: Int)] {
        guard key.receivingUnit != key.competentUnit else { return [] }
        return [(key.receivingUnit + separator + key.agencyCode, 1), (key.competentUnit + separator + key.agencyCode, -1)]
    }

    /// Between a member's parts: the ASCII unit separator, which no code, field name or channel holds.
    static let separator = "\u{1F}"

    /// The rollups as migration 25 made them, before the agency, the procedure and the channel were
    /// members too (migration 26): its statements stay as they were released.
    static let firstMembers: [(name: String, columns: [String])] = [("unit", ["competent_unit"]), ("field", ["field"])]
    /// Migration 26's members, before the field's channel (migration 27).
    static let secondMembers: [(name: String, columns: [String])] = [
        ("field", ["field"]), ("unit", ["competent_unit", "agency_code"]),
        ("procedure", ["field", "procedure_code", "procedure_valid_from", "channel"]),
    ]
    static let members = Rollup.allCases.map { (name: $0.rawValue, columns: $0.columns) }

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

    /// The members of migration 26 replace those of 25: the rollups are emptied and filled again.
    static let procedureMigration = Migration(id: 26, name: "agency, procedure and channel in the granule rollups", sqlite: refill, postgres: refill)

    static var refill: [String] {
        ["DELETE FROM cohort_granules", "DELETE FROM daily_granules"] + fill(secondMembers)
    }

    /// The field rollup filled again with the channel in its member.
    static let fieldChannelMigration = Migration(id: 27, name: "channel in the field rollup", sqlite: refillField, postgres: refillField)
    static var refillField: [String] {
        ["DELETE FROM cohort_granules WHERE rollup = 'field'", "DELETE FROM daily_granules WHERE rollup = 'field'"]
            + fill([("field", ["field", "channel"])])
    }

    /// The receiving corrections, filled from the detailed counters.
    static let correctionMigration = Migration(
        id: 30, name: "receiving corrections of the unit rollup", sqlite: correctionFill, postgres: correctionFill
    )
    static var correctionFill: [String] {
        [
            "INSERT INTO cohort_granules (\(cohortDimensions), \(cohortNames.joined(separator: ", "))) \(expectedCohortCorrections)",
            "INSERT INTO daily_granules (\(dailyDimensions), \(CounterValues.names.joined(separator: ", "))) \(expectedDailyCorrections)",
        ]
    }

    static func fill(_ members: [(name: String, columns: [String])]) -> [String] {
        [
            "INSERT INTO cohort_granules (\(cohortDimensions), \(cohortNames.joined(separator: ", "))) \(expectedCohorts(members))",
            "INSERT INTO daily_granules (\(dailyDimensions), \(CounterValues.names.joined(separator: ", "))) \(expectedDaily(members))",
        ]
    }

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
        ] + fill(firstMembers)
    }

    /// A member's SQL expression over the detailed counters.
    static func memberExpression(_ columns: [String]) -> String {
        columns.joined(separator: " || '\(separator)' || ")
    }

    /// The detailed counters received by another unit than the competent one, and the SQL of their
    /// receiving corrections' two halves: the unit's column in the member and the values' sign.
    static let crossing = "receiving_unit <> competent_unit"
    static let correctionHalves = [("receiving_unit", ""), ("competent_unit", "-")]

    /// The receiving corrections (`receivingCorrection`) of the detailed cohort counters, summed into
    /// the rollup's rows.
    static var expectedCohortCorrections: String {
        let halves = correctionHalves.map { unit, sign in
            Migrations.observedCohortRows(
                keys: "province_code, \(memberExpression([unit, "agency_code"])) AS member, level, substr(receive_day, 1, 7) AS receive_month",
                names: cohortNames, receipt: ["online": onlineDossiers], source: "(SELECT * FROM cohort_counters WHERE \(crossing)) AS crossing",
                sign: sign
            )
        }
        return spread(halves.joined(separator: " UNION ALL "), rollup: receiving, keys: "receive_month, province_code, member, level", names: cohortNames)
    }

    /// The receiving corrections of the daily counters, summed into the rollup's rows.
    static var expectedDailyCorrections: String {
        let halves = correctionHalves.map { unit, sign in
            "SELECT province_code, \(memberExpression([unit, "agency_code"])) AS member, level, day, "
                + CounterValues.names.map { "\(sign)\($0) AS \($0)" }.joined(separator: ", ") + " FROM daily_counters WHERE \(crossing)"
        }
        return spread(halves.joined(separator: " UNION ALL "), rollup: receiving, keys: "province_code, member, level", names: CounterValues.names)
    }

    /// The detailed cohort counters summed into the rollups' rows: what migration 25 fills them with
    /// and, with the receiving corrections, what `verify` compares them to.
    static func expectedCohorts(_ members: [(name: String, columns: [String])] = members, corrections: Bool = false) -> String {
        let rollups = members.map { rollup in
            let observed = Migrations.observedCohortRows(
                keys: "province_code, \(memberExpression(rollup.columns)) AS member, level, substr(receive_day, 1, 7) AS receive_month",
                names: cohortNames, receipt: ["online": onlineDossiers]
            )
            return spread(observed, rollup: rollup.name, keys: "receive_month, province_code, member, level", names: cohortNames)
        }.joined(separator: " UNION ALL ")
            + (corrections ? " UNION ALL \(expectedCohortCorrections)" : "")
        // One SELECT, so that `verify`'s `… EXCEPT expected` applies to both rollups' rows.
        return "SELECT * FROM (\(rollups)) AS expected"
    }

    /// The daily counters summed into the rollups' rows (with the receiving corrections: as `verify` expects them).
    static func expectedDaily(_ members: [(name: String, columns: [String])] = members, corrections: Bool = false) -> String {
        let rollups = members.map { rollup in
            let values = CounterValues.names.joined(separator: ", ")
            let daily = "SELECT province_code, \(memberExpression(rollup.columns)) AS member, level, day, \(values) FROM daily_counters"
            return spread(daily, rollup: rollup.name, keys: "province_code, member, level", names: CounterValues.names)
        }.joined(separator: " UNION ALL ")
            + (corrections ? " UNION ALL \(expectedDailyCorrections)" : "")
        return "SELECT * FROM (\(rollups)) AS expected"
    }

    /// Rows of `source` (with a `day` column) added to each granule of their day and summed by granule
    /// and `keys` (after the `rollup`'s name, if any), rows whose sums are all 0 left out. The granule
    /// texts are `DayGranules.granules(of:)`'s in SQL (the fill and `verify` run in the database);
    /// `MonitoringContractTests` holds the two equal.
    static func spread(_ source: String, rollup: String?, keys: String, names: [String]) -> String {
        let day = "source.day"
        let granule = """
            CASE size WHEN 1 THEN 'm' || substr(\(day), 1, 7) WHEN 2 THEN 'x' || substr(\(day), 1, 8) || CASE WHEN substr(\(day), 9, 2) <= '10' \
            THEN '01' WHEN substr(\(day), 9, 2) <= '20' THEN '11' ELSE '21' END ELSE 'd' || \(day) END
            """
        let sizes = "(SELECT 1 AS size UNION ALL SELECT 2 UNION ALL SELECT 3) AS sizes"
        let values = names.joined(separator: ", ")
        return "SELECT \(rollup.map { "'\($0)', " } ?? "")granule, \(keys), " + names.map { "SUM(\($0))" }.joined(separator: ", ")
            + " FROM (SELECT \(granule) AS granule, \(keys), \(values) FROM (\(source)) AS source CROSS JOIN \(sizes)) AS spread"
            + " GROUP BY granule, \(keys) HAVING " + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// The stored rows summed by key (over the slots) the same way, for `verify` to compare with the
    /// expected ones.
    static func stored(_ table: String, _ dimensions: String, _ names: [String]) -> String {
        "SELECT \(dimensions), " + names.map { "SUM(\($0))" }.joined(separator: ", ") + " FROM \(table) GROUP BY \(dimensions) HAVING "
            + names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// What a change's deltas add to each rollup's rows, and to the unit rollup's receiving corrections
    /// (`receiving`), by key: the cohort rows as observed by day (`ObservedValues.days`) and the daily
    /// counters, each rollup with whether it spreads over slots. Summed by day before they are spread
    /// over the day's granules (`GranuleSums`).
    static func rows(
        observed: [(key: CohortKey, days: [LocalDate: ObservedValues])], daily: [CounterKey: CounterValues],
        granules: inout DayGranuleTexts, texts: inout TextNumbers
    ) -> [(rollup: String, cohort: [([String], [Int])], daily: [([String], [Int])])] {
        // One table of sums per rollup, the receiving corrections last.
        let names = Rollup.allCases.map(\.rawValue) + [receiving]
        let rollups = names.map { texts.number($0) }
        let corrections = Rollup.allCases.count
        var cohortSums = names.map { _ in GranuleSums(width: cohortNames.count, textCount: 5, granuleColumn: 1) }
        var dailySums = names.map { _ in GranuleSums(width: CounterValues.names.count, textCount: 4, granuleColumn: 1) }
        for (key, days) in observed {
            let dimensions = key.dimensions
            let month = texts.number(DayGranules.monthText(key.receiveDay)), province = texts.number(dimensions.provinceCode)
            let level = texts.number(dimensions.level.rawValue)
            let members = Rollup.allCases.map { texts.number($0.member(dimensions)) }
            let correction = receivingCorrection(dimensions).map { (member: texts.number($0.member), sign: $0.sign) }
            for (day, values) in days {
                let row = [dimensions.channel.isOnline ? values["dossiers"] : 0] + values.values
                for (index, member) in members.enumerated() {
                    cohortSums[index].add(.init(rollups[index], month, province, member, level), day: day, row)
                }
                for (member, sign) in correction {
                    cohortSums[corrections].add(.init(rollups[corrections], month, province, member, level), day: day, row, sign: sign)
                }
            }
        }
        for (key, delta) in daily {
            let province = texts.number(key.provinceCode), level = texts.number(key.level.rawValue)
            for (index, rollup) in Rollup.allCases.enumerated() {
                dailySums[index].add(.init(rollups[index], province, texts.number(rollup.member(key)), level), day: key.day, delta.values)
            }
            for (member, sign) in receivingCorrection(key) {
                dailySums[corrections].add(.init(rollups[corrections], province, texts.number(member), level), day: key.day, delta.values, sign: sign)
            }
        }
        return names.indices.map { index in
            (names[index], cohortSums[index].granuleRows(&granules, texts: &texts), dailySums[index].granuleRows(&granules, texts: &texts))
        }
    }
}

/// Each day's granule texts (`DayGranules.granules(of:)`), made once for all the rollups a batch of
/// deltas adds to: a bulk batch's days repeat across thousands of dossiers.
struct DayGranuleTexts {
    private var made: [LocalDate: [String]] = [:]

    mutating func of(_ day: LocalDate) -> [String] {
        if let texts = made[day] { return texts }
        let texts = DayGranules.granules(of: day)
        made[day] = texts
        return texts
    }
}
