import Domain

/// The rollups whose rows PostgreSQL spreads over slots so that concurrent filings lock different rows
/// (the province rollups over 16, the granule rollups over 4; SQLite writes slot 0
/// only). Every report sums over the slots, so a rollup generated or filed over weeks holds up to 16 rows
/// per key: at scale 1.0 the province cohort rollup held 2.4 million rows where its keys are 312,000, and
/// a national report by week summed 396,000 of them (470 ms) where the folded table gave it 40,000 (13 ms;
/// BENCHMARKS.md, 2026-12-06). A filing adds only to the granules and days of its own day, so the slots of
/// a month that is over see no concurrent filing any more: they are added into slot 0 and deleted.
enum RollupSlotFolding {
    /// (table, key columns without the slot, value columns, the month of a row as SQL).
    static let tables: [(table: String, dimensions: String, names: [String], month: String)] = [
        (ProvinceCohortGranules.table, ProvinceCohortGranules.dimensions, ObservedValues.names, "substr(granule, 2, 7)"),
        ("daily_province", Migrations.dailyProvinceDimensions, CounterValues.names, "substr(day, 1, 7)"),
        ("cohort_granules", GranuleRollups.cohortDimensions, GranuleRollups.cohortNames, "substr(granule, 2, 7)"),
        ("daily_granules", GranuleRollups.dailyDimensions, CounterValues.names, "substr(granule, 2, 7)"),
    ]

    /// The four tables rewritten and their statistics made again (PostgreSQL): `VACUUM` alone leaves a
    /// table its pages, and the reports that scan one (by day, by week, from a day within a month) read
    /// them all — at scale 1.0, 43,500 pages for 312,000 rows (81 ms of the by-day report's query), and the
    /// national report by day took 140 ms at p95 against 32–51 ms rewritten (BENCHMARKS.md). Rewritten in
    /// the order of their primary keys (`CLUSTER`), which lead with the rollup and the granule, so that a
    /// report's granules lie on few pages: filed or generated over weeks, a granule's rows were spread
    /// over the whole table (scale 0.1: a nationwide report by commune read 1,485 pages of the cohort
    /// rollup for 27,827 rows, 459 clustered). The primary keys' names are looked up: a renamed table's
    /// may differ from the default.
    static var compaction: SQLStatement {
        let names = tables.map { "'\($0.table)'" }.joined(separator: ", ")
        return SQLStatement("""
            DO $$
            DECLARE rollup text; key text;
            BEGIN
                FOREACH rollup IN ARRAY ARRAY[\(names)] LOOP
                    SELECT conname INTO STRICT key FROM pg_constraint WHERE conrelid = rollup::regclass AND contype = 'p';
                    EXECUTE format('CLUSTER %I USING %I', rollup, key);
                    EXECUTE format('ANALYZE %I', rollup);
                END LOOP;
            END $$
            """)
    }

    /// One statement per table (PostgreSQL): the rows of months before `month` (`YYYY-MM`) in other slots
    /// than 0 deleted and their sums added to slot 0, exactly the rows deleted (a filing writing such a
    /// row meanwhile waits for the statement, then writes a slot row again, which a later fold takes).
    static func statements(before month: String) -> [SQLStatement] {
        tables.map { table, dimensions, names, rowMonth in
            SQLStatement("""
                WITH moved AS (DELETE FROM \(table) WHERE slot <> 0 AND \(rowMonth) < ? RETURNING \(dimensions), \(names.joined(separator: ", ")))
                INSERT INTO \(table) (\(dimensions), slot, \(names.joined(separator: ", ")))
                SELECT \(dimensions), 0, \(names.map { "SUM(\($0))" }.joined(separator: ", ")) FROM moved GROUP BY \(dimensions)
                ON CONFLICT (\(dimensions), slot) DO UPDATE SET \(CounterTexts.adding(table, names))
                """, [.text(month)])
        }
    }
}
