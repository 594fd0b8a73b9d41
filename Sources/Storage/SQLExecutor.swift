/// What an SQL engine offers the shared repositories: queries, and a batch of statements applied in one
/// transaction (all or nothing).
public protocol SQLExecutor: Sendable {
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// A read of a few rows by key (a session, a user, a unit, a dossier by code), which an engine may
    /// answer on the calling thread because it is short; anything that scans goes through `query`.
    func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]]
    func transaction(_ statements: [SQLStatement]) async throws
    /// A read that may be answered by a replica a little behind the primary: only for what a reader
    /// cannot have just written (citizen look-ups fall back to the primary when they find nothing; reports).
    func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// Whether `readQuery` may answer from a replica behind the primary (then a miss is asked again).
    var readsMayLag: Bool { get }
    /// Whether rows are better summed by key here than by the engine's `GROUP BY`, for reads of a few
    /// rows per group: SQLite groups by sorting every row first.
    var sumsInProcess: Bool { get }
    /// The SQL expression of a JSON object or value inside a text column, as JSON text: `path` are the
    /// object keys leading to it. The engine parses the column in C, far faster than decoding it whole.
    func jsonText(_ column: String, path: [String]) -> String
}

extension SQLExecutor {
    public func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await query(statement) }
    public func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await query(statement) }
    public var readsMayLag: Bool { false }
    public var sumsInProcess: Bool { false }
}
