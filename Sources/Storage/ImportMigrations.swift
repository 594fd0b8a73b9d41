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
