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

extension Migrations {
    /// Staffing: job positions with their quota, and the roster as counts per unit, skill and category
    /// (no person is named: the report needs only the counts).
    static let staffing = Migration(
        id: 10, name: "staffing",
        sqlite: staffingTables, postgres: staffingTables
    )

    static let staffingTables = [
        """
        CREATE TABLE positions (
            id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, title TEXT NOT NULL, skill TEXT NOT NULL,
            quota INTEGER NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX positions_unit ON positions (province_code, unit_code)",
        """
        CREATE TABLE staff_counts (
            province_code TEXT NOT NULL, unit_code TEXT NOT NULL, skill TEXT NOT NULL, category TEXT NOT NULL,
            people INTEGER NOT NULL, updated_at BIGINT NOT NULL,
            PRIMARY KEY (unit_code, skill, category))
        """,
        "CREATE INDEX staff_counts_province ON staff_counts (province_code, unit_code)",
    ]
}

extension Migrations {
    /// Secondments: communes' requests, the staff ministries and provinces offer, and who was sent where.
    static let secondments = Migration(
        id: 11, name: "secondments",
        sqlite: secondmentTables, postgres: secondmentTables
    )

    static let secondmentTables = [
        "CREATE TABLE support_requests (id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, state TEXT NOT NULL)",
        "CREATE INDEX support_requests_province ON support_requests (province_code)",
        "CREATE TABLE staff_offers (id TEXT PRIMARY KEY, body TEXT NOT NULL, province_code TEXT, state TEXT NOT NULL)",
        """
        CREATE TABLE assignments (
            request_id TEXT NOT NULL, offer_id TEXT NOT NULL, body TEXT NOT NULL, people INTEGER NOT NULL, created_at BIGINT NOT NULL,
            PRIMARY KEY (request_id, offer_id))
        """,
    ]
}

extension Migrations {
    /// Facilities (offices, land) with their status and conversion plan, and equipment counts per unit.
    static let facilities = Migration(
        id: 12, name: "facilities",
        sqlite: facilityTables, postgres: facilityTables
    )

    static let facilityTables = [
        """
        CREATE TABLE facilities (
            id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX facilities_unit ON facilities (province_code, unit_code)",
        """
        CREATE TABLE equipment_counts (
            province_code TEXT NOT NULL, unit_code TEXT NOT NULL, kind TEXT NOT NULL, have INTEGER NOT NULL, needed INTEGER NOT NULL,
            updated_at BIGINT NOT NULL, PRIMARY KEY (unit_code, kind))
        """,
        "CREATE INDEX equipment_counts_province ON equipment_counts (province_code, unit_code)",
    ]
}

extension Migrations {
    /// The obstacles register: one row per obstacle, its history in the JSON state.
    static let obstacles = Migration(
        id: 13, name: "obstacles",
        sqlite: obstacleTables, postgres: obstacleTables
    )

    static let obstacleTables = [
        """
        CREATE TABLE obstacles (
            id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
            updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX obstacles_unit ON obstacles (province_code, unit_code)",
    ]
}

extension Migrations {
    /// Public service units under the agencies, with the review of their functions.
    static let publicServiceUnits = Migration(
        id: 14, name: "public service units",
        sqlite: publicServiceUnitTables, postgres: publicServiceUnitTables
    )

    static let publicServiceUnitTables = [
        """
        CREATE TABLE public_service_units (
            id TEXT PRIMARY KEY, province_code TEXT NOT NULL, unit_code TEXT NOT NULL, agency_code TEXT NOT NULL, review TEXT NOT NULL,
            state TEXT NOT NULL, updated_at BIGINT NOT NULL)
        """,
        "CREATE INDEX public_service_units_unit ON public_service_units (province_code, unit_code)",
    ]
}

extension Migrations {
    /// Positions and roster counts name the agency of their unit (a commune office, a department), so
    /// that surplus and shortage are reported by agency; "" for the rows written before.
    static let staffingAgencies = Migration(
        id: 15, name: "staffing agencies",
        sqlite: staffingAgencyChanges, postgres: staffingAgencyChanges
    )

    static let staffingAgencyChanges = [
        "ALTER TABLE positions ADD COLUMN agency_code TEXT NOT NULL DEFAULT ''",
        """
        CREATE TABLE staff_counts_by_agency (
            province_code TEXT NOT NULL, unit_code TEXT NOT NULL, agency_code TEXT NOT NULL, skill TEXT NOT NULL, category TEXT NOT NULL,
            people INTEGER NOT NULL, updated_at BIGINT NOT NULL,
            PRIMARY KEY (unit_code, agency_code, skill, category))
        """,
        """
        INSERT INTO staff_counts_by_agency (province_code, unit_code, agency_code, skill, category, people, updated_at)
        SELECT province_code, unit_code, '', skill, category, people, updated_at FROM staff_counts
        """,
        "DROP TABLE staff_counts",
        "ALTER TABLE staff_counts_by_agency RENAME TO staff_counts",
        "CREATE INDEX staff_counts_province ON staff_counts (province_code, unit_code)",
    ]
}
