/// What the storage layer reports, whatever the engine.
public enum StorageError: Error, Sendable, Equatable {
    /// Another process holds the database (the SQLite file of a running server).
    case databaseLocked(path: String, detail: String)
    /// The database cannot be reached or opened.
    case unavailable(String)
    /// The connection string or path is not usable.
    case invalidConfiguration(String)
    /// The database holds a schema newer than this program knows.
    case unknownMigrations([Int])
    /// Data in the database that the domain rejects.
    case corrupt(String)
    /// The database has no room left (disk full, SQLite's page limit, PostgreSQL's 53100): nothing of the
    /// failed write was kept.
    case full(String)
}
