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

    static let monitoringIndexes = [
        "CREATE INDEX cohort_counters_day ON cohort_counters (receive_day, province_code)",
        "CREATE INDEX daily_counters_unit ON daily_counters (competent_unit, day)",
        "CREATE INDEX cohort_counters_unit ON cohort_counters (competent_unit, receive_day)",
    ]

    /// Stored monthly reports: the figures of a closed month, kept as they were when the month closed.
    static let monthlyReportsTable = """
        CREATE TABLE monthly_reports (
            month TEXT NOT NULL, scope TEXT NOT NULL, generated_at BIGINT NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (month, scope))
        """

    static let monitoring = Migration(
        id: 8, name: "monitoring",
        sqlite: ["CREATE TABLE cohort_counters (\(cohortColumns))"] + monitoringIndexes + [monthlyReportsTable],
        postgres: ["CREATE TABLE cohort_counters (\(cohortColumns)) PARTITION BY LIST (province_code)"]
            + provinceCodes.map { "CREATE TABLE cohort_counters_p\($0) PARTITION OF cohort_counters FOR VALUES IN ('\($0)')" }
            + ["CREATE TABLE cohort_counters_default PARTITION OF cohort_counters DEFAULT"]
            + monitoringIndexes + [monthlyReportsTable]
    )
}
