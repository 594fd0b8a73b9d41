import Domain

/// A database that holds everything MotCua keeps. One protocol, several engines (SQLite, PostgreSQL,
/// memory), all held to the same contract suite.
public protocol Store: Sendable {
    /// Which engine and where, for start-up messages and health checks (no password).
    var description: String { get }
    var geography: any GeographyRepository { get }
    var calendar: any CalendarRepository { get }
    var identity: any IdentityRepository { get }
    var catalog: any CatalogRepository { get }
    var dossiers: any DossierRepository { get }
    var documents: any DocumentRepository { get }
    var keys: any KeyRepository { get }
    var outbox: any OutboxRepository { get }
    var monitoring: any MonitoringRepository { get }
    var bookkeeping: any BookkeepingRepository { get }
    /// Applies the migrations not yet applied, under the engine's lock; returns their ids.
    @discardableResult
    func migrate() async throws -> [Int]
    func appliedMigrations() async throws -> [Int]
    /// Answers when the database can be reached.
    func ping() async throws
    func close() async throws
    /// Brings the query planner's statistics up to date if the data has grown enough to change its
    /// plans; true when it did. Engines that keep their own (PostgreSQL's autovacuum) do nothing.
    func refreshStatistics() async throws -> Bool
}

extension Store {
    public func refreshStatistics() async throws -> Bool { false }
}
