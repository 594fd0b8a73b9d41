/// One step of the schema, written once per engine. The list is append-only: a released migration is
/// never edited, a change is a new migration.
public struct Migration: Sendable {
    public var id: Int
    public var name: String
    public var sqlite: [String]
    public var postgres: [String]
}

public enum Migrations {
    public static let all: [Migration] = [geography, calendar, identity, registerGrants, catalog, dossiers, outbox, monitoring, bookkeeping, staffing, secondments, facilities, obstacles, publicServiceUnits, staffingAgencies, legacyImport, addressConversions, outboxCounts, queueOrder, rollupSlots, cohortDays, unreadDossierIndexes, outboxTallies, readFunctions, GranuleRollups.migration, GranuleRollups.procedureMigration, GranuleRollups.fieldChannelMigration, ProvinceCohortGranules.migration, StepGranules.migration, GranuleRollups.correctionMigration, readFunctionsNamingProvince, lz4Compression, minutesWidened, receivedElsewhere]

    static let geography = Migration(
        id: 1, name: "geography",
        sqlite: [
            """
            CREATE TABLE admin_units (
                level TEXT NOT NULL, code TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
                name TEXT NOT NULL, type TEXT NOT NULL, parent_code TEXT, province_code TEXT NOT NULL,
                alt_name TEXT, name_fold TEXT NOT NULL, full_fold TEXT NOT NULL, alt_fold TEXT,
                level_rank INTEGER NOT NULL,
                PRIMARY KEY (level, code, valid_from))
            """,
            "CREATE INDEX admin_units_name_fold ON admin_units (name_fold)",
            "CREATE INDEX admin_units_province ON admin_units (province_code, level)",
            "CREATE INDEX admin_units_code ON admin_units (code)",
            """
            CREATE TABLE unit_lineage (
                level TEXT NOT NULL, old_code TEXT NOT NULL, old_name TEXT NOT NULL, old_province_code TEXT NOT NULL,
                new_code TEXT NOT NULL, new_name TEXT NOT NULL, new_province_code TEXT NOT NULL,
                split INTEGER NOT NULL, partial INTEGER, sources TEXT NOT NULL,
                PRIMARY KEY (level, old_code, new_code))
            """,
            "CREATE INDEX unit_lineage_new ON unit_lineage (new_code)",
            """
            CREATE TABLE unit_class_history (
                level TEXT NOT NULL, code TEXT NOT NULL, unit_valid_from TEXT NOT NULL, valid_from TEXT NOT NULL,
                class TEXT NOT NULL, source TEXT NOT NULL, recorded_at TEXT NOT NULL,
                PRIMARY KEY (level, code, unit_valid_from, valid_from))
            """,
            """
            CREATE TABLE reference_datasets (
                name TEXT NOT NULL PRIMARY KEY, checksum TEXT NOT NULL, loaded_at TEXT NOT NULL)
            """,
        ],
        postgres: [
            """
            CREATE TABLE admin_units (
                level TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C" NOT NULL, valid_from TEXT COLLATE "C" NOT NULL,
                valid_to TEXT COLLATE "C" NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, parent_code TEXT COLLATE "C",
                province_code TEXT COLLATE "C" NOT NULL, alt_name TEXT, name_fold TEXT COLLATE "C" NOT NULL,
                full_fold TEXT COLLATE "C" NOT NULL, alt_fold TEXT COLLATE "C", level_rank INTEGER NOT NULL,
                PRIMARY KEY (level, code, valid_from))
            """,
            "CREATE INDEX admin_units_name_fold ON admin_units (name_fold)",
            "CREATE INDEX admin_units_province ON admin_units (province_code, level)",
            "CREATE INDEX admin_units_code ON admin_units (code)",
            """
            CREATE TABLE unit_lineage (
                level TEXT COLLATE "C" NOT NULL, old_code TEXT COLLATE "C" NOT NULL, old_name TEXT NOT NULL,
                old_province_code TEXT COLLATE "C" NOT NULL, new_code TEXT COLLATE "C" NOT NULL, new_name TEXT NOT NULL,
                new_province_code TEXT COLLATE "C" NOT NULL, split INTEGER NOT NULL, partial INTEGER,
                sources TEXT NOT NULL, PRIMARY KEY (level, old_code, new_code))
            """,
            "CREATE INDEX unit_lineage_new ON unit_lineage (new_code)",
            """
            CREATE TABLE unit_class_history (
                level TEXT COLLATE "C" NOT NULL, code TEXT COLLATE "C" NOT NULL, unit_valid_from TEXT COLLATE "C" NOT NULL,
                valid_from TEXT COLLATE "C" NOT NULL, class TEXT NOT NULL, source TEXT NOT NULL, recorded_at TEXT NOT NULL,
                PRIMARY KEY (level, code, unit_valid_from, valid_from))
            """,
            """
            CREATE TABLE reference_datasets (
                name TEXT COLLATE "C" NOT NULL PRIMARY KEY, checksum TEXT NOT NULL, loaded_at TEXT NOT NULL)
            """,
        ]
    )

    static let calendar = Migration(
        id: 2, name: "calendar",
        sqlite: [
            """
            CREATE TABLE calendar_schedules (
                year INTEGER NOT NULL PRIMARY KEY, source TEXT NOT NULL, document TEXT NOT NULL, loaded_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE centre_office_hours (
                centre TEXT NOT NULL PRIMARY KEY, document TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
        ],
        postgres: [
            """
            CREATE TABLE calendar_schedules (
                year INTEGER NOT NULL PRIMARY KEY, source TEXT NOT NULL, document TEXT NOT NULL, loaded_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE centre_office_hours (
                centre TEXT COLLATE "C" NOT NULL PRIMARY KEY, document TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
        ]
    )

    static let identityTables = [
        """
        CREATE TABLE agencies (
            code TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, unit_code TEXT NOT NULL,
            province_code TEXT NOT NULL, parent_code TEXT, fields TEXT NOT NULL, valid_from TEXT NOT NULL,
            valid_to TEXT NOT NULL)
        """,
        "CREATE INDEX agencies_unit ON agencies (unit_code)",
        """
        CREATE TABLE users (
            id TEXT NOT NULL PRIMARY KEY, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
            agency_code TEXT NOT NULL REFERENCES agencies (code), unit_code TEXT NOT NULL, province_code TEXT NOT NULL,
            roles TEXT NOT NULL, password_hash TEXT NOT NULL, active INTEGER NOT NULL, created_at TEXT NOT NULL)
        """,
        "CREATE INDEX users_unit ON users (province_code, unit_code)",
        """
        CREATE TABLE auth_tokens (
            token_hash TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), kind TEXT NOT NULL,
            created_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked INTEGER NOT NULL)
        """,
        "CREATE INDEX auth_tokens_user ON auth_tokens (user_id)",
        "CREATE TABLE login_failures (username TEXT NOT NULL, client TEXT NOT NULL, at BIGINT NOT NULL)",
        "CREATE INDEX login_failures_key ON login_failures (username, client, at)",
    ]

    static let identity = Migration(
        id: 3, name: "identity",
        sqlite: identityTables + [
            """
            CREATE TABLE access_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, officer_id TEXT NOT NULL, unit_code TEXT NOT NULL,
                province_code TEXT NOT NULL, roles TEXT NOT NULL, purpose TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL,
                subject TEXT NOT NULL, fields TEXT NOT NULL, client TEXT NOT NULL)
            """,
            "CREATE INDEX access_log_subject ON access_log (subject, at)",
            "CREATE INDEX access_log_officer ON access_log (officer_id, at)",
            "CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
            "CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END",
        ],
        postgres: identityTables + [
            """
            CREATE TABLE access_log (
                id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, officer_id TEXT NOT NULL, unit_code TEXT NOT NULL,
                province_code TEXT NOT NULL, roles TEXT NOT NULL, purpose TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL,
                subject TEXT NOT NULL, fields TEXT NOT NULL, client TEXT NOT NULL)
            """,
            "CREATE INDEX access_log_subject ON access_log (subject, at)",
            "CREATE INDEX access_log_officer ON access_log (officer_id, at)",
            """
            CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$
            """,
            """
            CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
            FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
            """,
            "CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log EXECUTE FUNCTION access_log_append_only()",
        ]
    )

    static let grantTables = [
        """
        CREATE TABLE register_grants (
            id TEXT NOT NULL PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), unit_code TEXT NOT NULL,
            province_code TEXT NOT NULL, reason TEXT NOT NULL, days INTEGER NOT NULL, status TEXT NOT NULL,
            requested_at BIGINT NOT NULL, decided_by TEXT, decided_at BIGINT, expires_at BIGINT)
        """,
        "CREATE INDEX register_grants_unit ON register_grants (province_code, unit_code)",
        "CREATE INDEX register_grants_user ON register_grants (user_id)",
    ]

    static let registerGrants = Migration(
        id: 4, name: "register grants",
        sqlite: grantTables + [
            """
            CREATE TABLE register_grant_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT, grant_id TEXT NOT NULL REFERENCES register_grants (id), at BIGINT NOT NULL,
                actor_id TEXT NOT NULL, event TEXT NOT NULL, note TEXT NOT NULL)
            """,
            "CREATE TRIGGER grant_events_no_update BEFORE UPDATE ON register_grant_events BEGIN SELECT RAISE(ABORT, 'register_grant_events is append-only'); END",
            "CREATE TRIGGER grant_events_no_delete BEFORE DELETE ON register_grant_events BEGIN SELECT RAISE(ABORT, 'register_grant_events is append-only'); END",
        ],
        postgres: grantTables + [
            """
            CREATE TABLE register_grant_events (
                id BIGSERIAL PRIMARY KEY, grant_id TEXT NOT NULL REFERENCES register_grants (id), at BIGINT NOT NULL,
                actor_id TEXT NOT NULL, event TEXT NOT NULL, note TEXT NOT NULL)
            """,
            """
            CREATE TRIGGER grant_events_append_only BEFORE UPDATE OR DELETE ON register_grant_events
            FOR EACH ROW EXECUTE FUNCTION access_log_append_only()
            """,
        ]
    )
}
