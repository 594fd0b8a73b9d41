extension Migrations {
    /// The redundancy pipeline: one row per case, its whole state as JSON and the columns reports group by.
    static let bookkeeping = Migration(
        id: 9, name: "bookkeeping",
        sqlite: bookkeepingTables, postgres: bookkeepingTables
    )

    static let bookkeepingTables = [
        """
        CREATE TABLE redundancy_cases (
            id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, category TEXT NOT NULL,
            decision_date TEXT NOT NULL, stage TEXT NOT NULL, stage_since TEXT NOT NULL,
            requested_dong BIGINT NOT NULL, approved_dong BIGINT NOT NULL, paid_dong BIGINT NOT NULL,
            state TEXT NOT NULL, source TEXT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX redundancy_cases_unit ON redundancy_cases (province_code, unit_code, id)",
    ]
}
