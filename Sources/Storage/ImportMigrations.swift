extension Migrations {
    /// Dossiers brought over from pre-reform systems: their original codes (what the citizen holds, and
    /// what makes a re-import change nothing), and the review queue of those whose old commune was split.
    static let legacyImport = Migration(
        id: 16, name: "legacy import",
        sqlite: legacyImportTables, postgres: legacyImportTables
    )

    static let legacyImportTables = [
        """
        CREATE TABLE dossier_aliases (
            source_system TEXT NOT NULL, alias TEXT NOT NULL, province_code TEXT NOT NULL, code TEXT NOT NULL,
            PRIMARY KEY (source_system, alias))
        """,
        "CREATE INDEX dossier_aliases_alias ON dossier_aliases (alias)",
        """
        CREATE TABLE import_reviews (
            source_system TEXT NOT NULL, original_code TEXT NOT NULL, province_code TEXT NOT NULL, record TEXT NOT NULL,
            candidates TEXT NOT NULL, queued_at BIGINT NOT NULL, resolved_at BIGINT, resolved_by TEXT, dossier_code TEXT,
            PRIMARY KEY (source_system, original_code))
        """,
        "CREATE INDEX import_reviews_province ON import_reviews (province_code, resolved_at, source_system, original_code)",
    ]
}

extension Migrations {
    /// The record of addresses found in pre-reform units: converted (before and after), or waiting for
    /// an officer's choice between the successors of a split unit.
    static let addressConversions = Migration(
        id: 17, name: "address conversions",
        sqlite: addressConversionTables, postgres: addressConversionTables
    )

    static let addressConversionTables = [
        """
        CREATE TABLE address_conversions (
            kind TEXT NOT NULL, subject TEXT NOT NULL, province_code TEXT NOT NULL, old_code TEXT NOT NULL, new_code TEXT,
            candidates TEXT NOT NULL, address TEXT, state TEXT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL,
            PRIMARY KEY (kind, subject, old_code))
        """,
        "CREATE INDEX address_conversions_state ON address_conversions (state, province_code, kind, subject)",
    ]
}
