import Domain

extension Migrations {
    static let cohortDimensions =
        "province_code, receive_day, competent_unit, receiving_unit, agency_code, field, procedure_code, procedure_valid_from, level, channel, close_day, due_day"

    /// The cohort counters: received dossiers by receipt day, dimensions, close day and due day
    /// (DOMAIN.md §7 shares at any period end). Partitioned by province like the other dossier tables.
    static let cohortColumns = """
        province_code TEXT NOT NULL, receive_day TEXT NOT NULL, competent_unit TEXT NOT NULL, receiving_unit TEXT NOT NULL,
        agency_code TEXT NOT NULL, field TEXT NOT NULL, procedure_code TEXT NOT NULL, procedure_valid_from TEXT NOT NULL,
        level TEXT NOT NULL, channel TEXT NOT NULL, close_day TEXT NOT NULL, due_day TEXT NOT NULL,
        \(CohortValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
        PRIMARY KEY (\(cohortDimensions))
        """

    static let stepDimensions = "province_code, day, agency_code, unit_code, kind, procedure_code, field, level"

    /// The steps of the process control slip, counted when they end, by agency and unit.
    static let stepColumns = """
        province_code TEXT NOT NULL, day TEXT NOT NULL, agency_code TEXT NOT NULL, unit_code TEXT NOT NULL, kind TEXT NOT NULL,
        procedure_code TEXT NOT NULL, field TEXT NOT NULL, level TEXT NOT NULL,
        \(StepValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
        PRIMARY KEY (\(stepDimensions))
        """

    /// Rollups by province, level and channel: what national and provincial reports read, far smaller
    /// than the tables with every dimension. Kept by the same statements, in the same transaction.
    static let cohortProvinceDimensions = "province_code, receive_day, level, channel, close_day, due_day"
    static let cohortProvinceColumns = """
        province_code TEXT NOT NULL, receive_day TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL, close_day TEXT NOT NULL,
        due_day TEXT NOT NULL, \(CohortValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
        PRIMARY KEY (\(cohortProvinceDimensions))
        """
    static let dailyProvinceDimensions = "province_code, day, level, channel"
    static let dailyProvinceColumns = """
        province_code TEXT NOT NULL, day TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL,
        \(CounterValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
        PRIMARY KEY (\(dailyProvinceDimensions))
        """

    static let monitoringIndexes = [
        "CREATE INDEX cohort_counters_day ON cohort_counters (receive_day, province_code)",
        "CREATE INDEX daily_counters_unit ON daily_counters (competent_unit, day)",
        "CREATE INDEX cohort_counters_unit ON cohort_counters (competent_unit, receive_day)",
        "CREATE INDEX step_counters_day ON step_counters (day, province_code)",
    ]

    /// Stored monthly reports: the figures of a closed month, kept as they were when the month closed.
    static let monthlyReportsTable = """
        CREATE TABLE monthly_reports (
            month TEXT NOT NULL, scope TEXT NOT NULL, generated_at BIGINT NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (month, scope))
        """

    static let monitoring = Migration(
        id: 8, name: "monitoring",
        sqlite: ["CREATE TABLE cohort_counters (\(cohortColumns))", "CREATE TABLE step_counters (\(stepColumns))"] + monitoringIndexes
            + [monthlyReportsTable] + rollupTables,
        postgres: ["CREATE TABLE cohort_counters (\(cohortColumns)) PARTITION BY LIST (province_code)"]
            + provinceCodes.map { "CREATE TABLE cohort_counters_p\($0) PARTITION OF cohort_counters FOR VALUES IN ('\($0)')" }
            + ["CREATE TABLE cohort_counters_default PARTITION OF cohort_counters DEFAULT"]
            + ["CREATE TABLE step_counters (\(stepColumns)) PARTITION BY LIST (province_code)"]
            + provinceCodes.map { "CREATE TABLE step_counters_p\($0) PARTITION OF step_counters FOR VALUES IN ('\($0)')" }
            + ["CREATE TABLE step_counters_default PARTITION OF step_counters DEFAULT"]
            + monitoringIndexes + [monthlyReportsTable] + rollupTables
    )

    /// The province rollups in slots (`SQLDossierRepository.rollupSlots`): a row per key and slot.
    static let rollupSlots = Migration(
        id: 20, name: "province rollups in slots",
        sqlite: slottingRollups, postgres: slottingRollups
    )

    static let slottingRollups: [String] = [
        ("cohort_province", cohortProvinceDimensions, CohortValues.names, """
            province_code TEXT NOT NULL, receive_day TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL, close_day TEXT NOT NULL,
            due_day TEXT NOT NULL, slot INTEGER NOT NULL DEFAULT 0,
            """, "CREATE INDEX cohort_province_day ON cohort_province (receive_day)"),
        ("daily_province", dailyProvinceDimensions, CounterValues.names, """
            province_code TEXT NOT NULL, day TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL, slot INTEGER NOT NULL DEFAULT 0,
            """, "CREATE INDEX daily_province_day ON daily_province (day)"),
    ].flatMap { table, dimensions, names, keys, index in
        let values = names.joined(separator: ", ")
        return [
            "ALTER TABLE \(table) RENAME TO \(table)_unslotted",
            """
            CREATE TABLE \(table) (\(keys) \(names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
                PRIMARY KEY (\(dimensions), slot))
            """,
            "INSERT INTO \(table) (\(dimensions), slot, \(values)) SELECT \(dimensions), 0, \(values) FROM \(table)_unslotted",
            "DROP TABLE \(table)_unslotted",
            index,
        ]
    }

    /// The province rollup of the cohorts by observation day (`ObservedValues`), in slots.
    static let cohortDayDimensions = "province_code, receive_day, level, channel, day"

    static let cohortDays = Migration(
        id: 21, name: "province cohort rollup by observation day",
        sqlite: observingCohorts, postgres: observingCohorts
    )

    static let observingCohorts: [String] = [
        """
        CREATE TABLE cohort_days (
            province_code TEXT NOT NULL, receive_day TEXT NOT NULL, level TEXT NOT NULL, channel TEXT NOT NULL, day TEXT NOT NULL,
            slot INTEGER NOT NULL DEFAULT 0, \(ObservedValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
            PRIMARY KEY (\(cohortDayDimensions), slot))
        """,
        "INSERT INTO cohort_days (\(cohortDayDimensions), slot, \(ObservedValues.names.joined(separator: ", "))) "
            + observedCohortSums(slot: "0, "),
        "CREATE INDEX cohort_days_day ON cohort_days (receive_day)",
        "DROP TABLE cohort_province",
    ]

    /// The detailed cohort rows as the rollup sees them (`ObservedValues.days`), summed by its key: what
    /// migration 21 fills it with and what `verify` compares it to.
    static func observedCohortSums(slot: String = "") -> String {
        let observed = observedCohortRows(keys: "province_code, receive_day, level, channel", names: ObservedValues.names)
        return "SELECT \(cohortDayDimensions), \(slot)" + ObservedValues.names.map { "SUM(\($0))" }.joined(separator: ", ")
            + " FROM (\(observed)) AS observed GROUP BY \(cohortDayDimensions) HAVING "
            + ObservedValues.names.map { "SUM(\($0)) <> 0" }.joined(separator: " OR ")
    }

    /// The detailed cohort rows spread over their observation days (`ObservedValues.days`): the `keys`
    /// expressions, a `day` and one column per name; `receipt` adds values of the receipt day's row.
    /// `source` is the rows (all of `cohort_counters`, or some of them) and `sign` multiplies the values.
    static func observedCohortRows(
        keys: String, names: [String], receipt: [String: String] = [:], source: String = "cohort_counters", sign: String = ""
    ) -> String {
        let far = "'\(LocalDate.distantFuture)'"
        func row(_ day: String, _ values: [String: String]) -> String {
            "SELECT \(keys), \(day) AS day, " + names.map { name in
                let value = values[name] ?? "0"
                return "\(sign.isEmpty ? value : "\(sign)(\(value))") AS \(name)"
            }.joined(separator: ", ")
                + " FROM \(source)"
        }
        let closing = Dictionary(uniqueKeysWithValues: ObservedValues.closing.map { ($0, $0) })
        return [
            row("receive_day", receipt.merging(["dossiers": "dossiers", "supplement_requests": "supplement_requests"]) { $1 }),
            row("close_day", closing.merging(["closed": "dossiers"]) { $1 }) + " WHERE close_day <> \(far)",
            row("due_day", ["overdue": "dossiers"]) + " WHERE due_day <> \(far)",
            row("CASE WHEN close_day > due_day THEN close_day ELSE due_day END", ["overdue": "-dossiers"])
                + " WHERE due_day <> \(far) AND close_day <> \(far)",
        ].joined(separator: " UNION ALL ")
    }

    /// PostgreSQL's `INTEGER` holds 2³¹ − 1, SQLite's 2⁶³ − 1. A rollup row sums the minutes of every dossier
    /// of its month, province and member: 2³¹ minutes are ~4.5 million working days, a month of a large
    /// province's land dossiers at 30 days each, or a few thousand legacy dossiers imported after years
    /// open. Past it the upsert fails, and with it every filing that adds to the row. The counts stay
    /// `INTEGER` (a row counts at most a month of one province's dossiers), so that the rows PostgreSQL
    /// rewrites at each filing grow by a few bytes only; the minutes become `BIGINT`. The tables'
    /// partitions follow their parent.
    static let minutesWidened = Migration(
        id: 33, name: "counters' minutes as BIGINT",
        sqlite: [],
        postgres: [
            ("cohort_counters", ["processing_minutes"]), ("cohort_granules", ["processing_minutes"]),
            ("cohort_province_granules", ["processing_minutes"]), ("daily_counters", ["paused_minutes", "processing_minutes"]),
            ("daily_granules", ["paused_minutes", "processing_minutes"]), ("daily_province", ["paused_minutes", "processing_minutes"]),
            ("step_counters", ["overrun_minutes"]), ("step_granules", ["overrun_minutes"]),
        ].map { table, columns in
            "ALTER TABLE \(table) " + columns.map { "ALTER COLUMN \($0) TYPE BIGINT" }.joined(separator: ", ")
        }
    )

    /// Indexes of the detailed counter rows received by another unit than the competent one (about one
    /// row in nine, scale 0.1): with the competent units' indexes, they find the rows of a page of
    /// receiving units (`SQLMonitoringRepository.shape`) without reading the province's. Partial, so
    /// that only the filings received elsewhere add to them.
    static let receivedElsewhere = Migration(
        id: 34, name: "indexes of the counters received elsewhere", sqlite: receivedElsewhereIndexes, postgres: receivedElsewhereIndexes
    )
    static let receivedElsewhereIndexes = [
        "CREATE INDEX cohort_counters_received_elsewhere ON cohort_counters (receiving_unit, receive_day) WHERE receiving_unit <> competent_unit",
        "CREATE INDEX daily_counters_received_elsewhere ON daily_counters (receiving_unit, day) WHERE receiving_unit <> competent_unit",
    ]

    static let rollupTables = [
        "CREATE TABLE cohort_province (\(cohortProvinceColumns))",
        "CREATE INDEX cohort_province_day ON cohort_province (receive_day)",
        "CREATE TABLE daily_province (\(dailyProvinceColumns))",
        "CREATE INDEX daily_province_day ON daily_province (day)",
    ]
}
