import Domain

extension Migrations {
    static let catalogTables = [
        """
        CREATE TABLE procedures (
            code TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, national_code TEXT, name TEXT NOT NULL,
            field TEXT NOT NULL, level TEXT NOT NULL, agency_kind TEXT NOT NULL, online_level TEXT NOT NULL,
            search_fold TEXT NOT NULL, body TEXT NOT NULL, imported_at TEXT NOT NULL,
            PRIMARY KEY (code, valid_from))
        """,
        "CREATE INDEX procedures_level ON procedures (level, field)",
    ]

    static let catalog = Migration(id: 5, name: "catalog", sqlite: catalogTables, postgres: catalogTables)

    /// The province codes of 1 July 2025: one partition each on PostgreSQL (and a default one for codes
    /// that appear later), so that the tables distribute on `province_code` unchanged.
    static let provinceCodes = [
        "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33", "37", "38", "40",
        "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79", "80", "82", "86", "91", "92", "96",
    ]

    /// Dossier tables: (name, columns with the primary key). Times are minutes since 1970 (UTC).
    static let dossierTables: [(String, String)] = [
        ("dossiers", """
            province_code TEXT NOT NULL, code TEXT NOT NULL, status TEXT NOT NULL, version INTEGER NOT NULL,
            procedure_code TEXT NOT NULL, procedure_valid_from TEXT NOT NULL, channel TEXT NOT NULL,
            receiving_unit TEXT NOT NULL, receiving_agency TEXT NOT NULL, competent_unit TEXT NOT NULL,
            competent_agency TEXT NOT NULL, return_unit TEXT NOT NULL, current_agency TEXT NOT NULL, current_unit TEXT NOT NULL,
            assignee TEXT, applicant_name TEXT NOT NULL, applicant_id TEXT, submitted_at INTEGER NOT NULL, received_at INTEGER,
            due_at INTEGER, appointment INTEGER, finished_at INTEGER, updated_at INTEGER NOT NULL, secret_hash TEXT NOT NULL,
            portal_id TEXT, state TEXT NOT NULL, public_view TEXT NOT NULL,
            PRIMARY KEY (province_code, code)
            """),
        ("dossier_events", """
            province_code TEXT NOT NULL, dossier_code TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
            at INTEGER NOT NULL, actor_id TEXT, actor_role TEXT, actor_unit TEXT, from_status TEXT, to_status TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (province_code, dossier_code, sequence)
            """),
        ("dossier_steps", """
            province_code TEXT NOT NULL, dossier_code TEXT NOT NULL, sequence INTEGER NOT NULL, kind TEXT NOT NULL,
            agency_code TEXT NOT NULL, unit_code TEXT NOT NULL, handler TEXT, given_at INTEGER NOT NULL, due_at INTEGER,
            finished_at INTEGER, verdict TEXT,
            PRIMARY KEY (province_code, dossier_code, sequence)
            """),
        ("daily_counters", """
            province_code TEXT NOT NULL, day TEXT NOT NULL, competent_unit TEXT NOT NULL, receiving_unit TEXT NOT NULL,
            agency_code TEXT NOT NULL, field TEXT NOT NULL, procedure_code TEXT NOT NULL, procedure_valid_from TEXT NOT NULL,
            level TEXT NOT NULL, channel TEXT NOT NULL,
            \(CounterValues.names.map { "\($0) INTEGER NOT NULL DEFAULT 0" }.joined(separator: ", ")),
            PRIMARY KEY (province_code, day, competent_unit, receiving_unit, agency_code, field, procedure_code,
                         procedure_valid_from, level, channel)
            """),
        ("dossier_code_counters", """
            province_code TEXT NOT NULL, agency_code TEXT NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,
            PRIMARY KEY (province_code, agency_code, day)
            """),
    ]

    static let dossierIndexes = [
        "CREATE INDEX dossiers_code ON dossiers (code)",
        "CREATE INDEX dossiers_queue ON dossiers (current_agency, status, due_at)",
        "CREATE INDEX dossiers_open_due ON dossiers (competent_unit, status, due_at)",
        "CREATE INDEX dossiers_receiving ON dossiers (receiving_unit, received_at)",
        "CREATE INDEX dossiers_receiving_agency ON dossiers (receiving_agency, received_at)",
        "CREATE INDEX dossiers_portal ON dossiers (portal_id)",
        "CREATE INDEX daily_counters_day ON daily_counters (day, province_code)",
    ]

    static let idempotencyTable = """
        CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
            body TEXT NOT NULL, dossier_code TEXT, created_at INTEGER NOT NULL,
            PRIMARY KEY (scope, key))
        """

    /// Which province holds a code: one small table, so that a look-up by code alone reads one partition.
    static let codesTable = "CREATE TABLE dossier_codes (code TEXT NOT NULL PRIMARY KEY, province_code TEXT NOT NULL)"

    static let serverKeysTable = "CREATE TABLE server_keys (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL)"

    /// Documents: metadata on both engines; the content in the row on PostgreSQL, in files beside the
    /// database on SQLite (the column stays empty there). Agencies' signing keys, the private half sealed.
    static func documentTables(blob: String) -> [String] {
        [
            """
            CREATE TABLE documents (
                sha256 TEXT NOT NULL PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL, name TEXT,
                created_at INTEGER NOT NULL, content \(blob))
            """,
            """
            CREATE TABLE agency_keys (
                agency_code TEXT NOT NULL, key_id TEXT NOT NULL, public_key TEXT NOT NULL, sealed_private_key TEXT NOT NULL,
                created_at INTEGER NOT NULL, retired_at INTEGER,
                PRIMARY KEY (agency_code, key_id))
            """,
        ]
    }

    static let dossiers = Migration(
        id: 6, name: "dossiers",
        sqlite: dossierTables.map { "CREATE TABLE \($0.0) (\($0.1))" } + dossierIndexes + [
            idempotencyTable, serverKeysTable, codesTable,
        ] + documentTables(blob: "BLOB") + [
            "CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END",
            "CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END",
        ],
        postgres: dossierTables.flatMap { table, columns in
            ["CREATE TABLE \(table) (\(columns)) PARTITION BY LIST (province_code)"]
                + provinceCodes.map { "CREATE TABLE \(table)_p\($0) PARTITION OF \(table) FOR VALUES IN ('\($0)')" }
                + ["CREATE TABLE \(table)_default PARTITION OF \(table) DEFAULT"]
        } + dossierIndexes + [
            idempotencyTable, serverKeysTable, codesTable,
        ] + documentTables(blob: "BYTEA") + [
            """
            CREATE FUNCTION dossier_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'dossier_events is append-only'; END $$
            """,
            """
            CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events
            FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only()
            """,
        ]
    )
}

extension Migrations {
    /// The outbox of writes to other systems, and the positions in their feeds. Not partitioned: workers
    /// lease across provinces, and a row lives only until it is delivered and reported.
    static func outboxTables(id: String) -> [String] {
        [
            """
            CREATE TABLE outbox (
                id \(id), system TEXT NOT NULL, province_code TEXT NOT NULL, unit_code TEXT NOT NULL,
                dossier_code TEXT NOT NULL, event_sequence INTEGER NOT NULL, key TEXT NOT NULL UNIQUE, payload TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, lease_owner TEXT,
                lease_until BIGINT, last_error TEXT, created_at BIGINT NOT NULL, delivered_at BIGINT)
            """,
            "CREATE INDEX outbox_due ON outbox (state, next_attempt_at)",
            "CREATE INDEX outbox_dossier ON outbox (dossier_code, system, id)",
            "CREATE TABLE registry_cursors (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE registry_mismatches (
                system TEXT NOT NULL, unit_code TEXT NOT NULL, mismatches INTEGER NOT NULL, checked_at BIGINT NOT NULL,
                PRIMARY KEY (system, unit_code))
            """,
        ]
    }

    /// The outbox counted by system, unit and state (the dashboard's delivery tile and the service
    /// index's portal sync) from the index alone: 85 → 9 ms on SQLite over 35,000 messages. SQLite has
    /// since replaced it by tallies (`outboxTallies`).
    static let outboxCounts = Migration(
        id: 18, name: "outbox counts index",
        sqlite: ["CREATE INDEX outbox_counts ON outbox (system, province_code, unit_code, state)"],
        postgres: ["CREATE INDEX outbox_counts ON outbox (system, province_code, unit_code, state)"]
    )

    /// A counter's work queue read in due order from the index, status by status (`queue`).
    static let queueOrder = Migration(
        id: 19, name: "work queue in due order",
        sqlite: ["CREATE INDEX dossiers_agency_due ON dossiers (current_agency, status, COALESCE(due_at, 0), code)"],
        postgres: ["CREATE INDEX dossiers_agency_due ON dossiers (current_agency, status, COALESCE(due_at, 0), code)"]
    )

    /// Indexes of `dossiers` that no query reads: look-ups by code go through `dossier_codes` and the
    /// primary key, the work queue reads `dossiers_agency_due`, reports read the counters. Each was one more
    /// b-tree page written by every filing and (the status and due time move) by most transitions.
    static let unreadDossierIndexes = Migration(
        id: 22, name: "drop unread dossier indexes",
        sqlite: unreadIndexDrops, postgres: unreadIndexDrops
    )

    static let unreadIndexDrops = ["dossiers_code", "dossiers_queue", "dossiers_open_due", "dossiers_receiving", "dossiers_portal"]
        .map { "DROP INDEX \($0)" }

    /// The outbox counted by system, unit and state in a table its triggers keep, on SQLite: the
    /// `outbox_counts` index put each filing's messages at the end of their unit's run of entries, a page
    /// per unit in every group commit (2.6 of a filing's 17 WAL pages, `scripts/wal-pages`). One writer
    /// means the few tally rows never wait on each other; on PostgreSQL they would be hot rows locked until
    /// each commit reached the disk, so there the index stays.
    static let outboxTallies = Migration(
        id: 23, name: "outbox tallies",
        sqlite: [
            """
            CREATE TABLE outbox_tallies (
                system TEXT NOT NULL, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, state TEXT NOT NULL,
                messages INTEGER NOT NULL, PRIMARY KEY (system, province_code, unit_code, state)) WITHOUT ROWID
            """,
            """
            INSERT INTO outbox_tallies (system, province_code, unit_code, state, messages)
            SELECT system, province_code, unit_code, state, COUNT(*) FROM outbox GROUP BY system, province_code, unit_code, state
            """,
            "CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox BEGIN \(tallying("NEW", by: "+ 1")) END",
            """
            CREATE TRIGGER outbox_tally_state AFTER UPDATE OF state ON outbox WHEN OLD.state <> NEW.state BEGIN
            \(tallying("OLD", by: "- 1")) \(tallying("NEW", by: "+ 1")) END
            """,
            "CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox BEGIN \(tallying("OLD", by: "- 1")) END",
            "DROP INDEX outbox_counts",
        ],
        postgres: []
    )

    /// Reads by code in one round trip on PostgreSQL: the code's province from `dossier_codes`, then that
    /// partition's row — the citizen's look-up (`dossier_lookup`) and an officer's read of the state
    /// before a command (`dossier_state`). As two statements, the second was a third of the server
    /// process's CPU per look-up; as one statement with a subquery, PostgreSQL plans every partition each
    /// time (~1.7 ms). SQLite has one table and asks one statement already.
    static let readFunctions = Migration(
        id: 24, name: "dossier read functions",
        sqlite: [],
        postgres: [
            readFunction("dossier_lookup", columns: ["secret_hash", "public_view"]),
            readFunction("dossier_state", columns: ["state"]),
        ]
    )

    /// The read functions answering the province as well (the last column), which the server remembers
    /// per agency to read that agency's next codes from their partition straight (`AgencyProvinces`).
    static let readFunctionsNamingProvince = Migration(
        id: 31, name: "dossier read functions name the province",
        sqlite: [],
        postgres: [
            "DROP FUNCTION dossier_lookup(TEXT)",
            readFunction("dossier_lookup", columns: ["secret_hash", "public_view"], namingProvince: true),
            "DROP FUNCTION dossier_state(TEXT)",
            readFunction("dossier_state", columns: ["state"], namingProvince: true),
        ]
    )

    /// PostgreSQL compresses a row's long texts (a dossier's state and look-up view, an answer kept for its
    /// idempotency key, a message's payload) when the row passes ~2 KB; with its default, pglz, that was
    /// 5 % of the backends' CPU per filing, and lz4 takes a fraction of it (BENCHMARKS.md, issue 5). A
    /// server built without lz4 keeps pglz. Values written before keep theirs.
    static let lz4Compression = Migration(
        id: 32, name: "long texts compressed with lz4",
        sqlite: [],
        postgres: [
            """
            DO $$ DECLARE part REGCLASS; BEGIN
                ALTER TABLE dossiers ALTER COLUMN state SET COMPRESSION lz4, ALTER COLUMN public_view SET COMPRESSION lz4;
                -- The partitions hold the rows, and the parent's setting does not reach them.
                FOR part IN SELECT inhrelid FROM pg_inherits WHERE inhparent = 'dossiers'::regclass LOOP
                    EXECUTE format('ALTER TABLE %s ALTER COLUMN state SET COMPRESSION lz4, '
                        || 'ALTER COLUMN public_view SET COMPRESSION lz4', part);
                END LOOP;
                ALTER TABLE idempotency_keys ALTER COLUMN body SET COMPRESSION lz4;
                ALTER TABLE outbox ALTER COLUMN payload SET COMPRESSION lz4;
            EXCEPTION WHEN feature_not_supported THEN NULL;
            END $$
            """,
        ]
    )

    static func readFunction(_ name: String, columns: [String], namingProvince: Bool = false) -> String {
        let columns = columns + (namingProvince ? ["province_code"] : [])
        return """
        CREATE FUNCTION \(name)(wanted TEXT) RETURNS TABLE (\(columns.map { "\($0) TEXT" }.joined(separator: ", ")))
        LANGUAGE plpgsql STABLE AS $$
        DECLARE province TEXT;
        BEGIN
            SELECT c.province_code INTO province FROM dossier_codes c WHERE c.code = wanted;
            IF province IS NULL THEN RETURN; END IF;
            RETURN QUERY SELECT \(columns.map { "d.\($0)" }.joined(separator: ", ")) FROM dossiers d
                WHERE d.province_code = province AND d.code = wanted;
        END $$
        """
    }

    /// A trigger's statement adding `change` to the tally of the outbox row `row` (NEW or OLD).
    static func tallying(_ row: String, by change: String) -> String {
        """
        INSERT INTO outbox_tallies (system, province_code, unit_code, state, messages)
        VALUES (\(row).system, \(row).province_code, \(row).unit_code, \(row).state, 0 \(change))
        ON CONFLICT (system, province_code, unit_code, state) DO UPDATE SET messages = messages \(change);
        """
    }

    static let outbox = Migration(
        id: 7, name: "outbox",
        sqlite: outboxTables(id: "INTEGER PRIMARY KEY AUTOINCREMENT"),
        postgres: outboxTables(id: "BIGSERIAL PRIMARY KEY")
    )
}
