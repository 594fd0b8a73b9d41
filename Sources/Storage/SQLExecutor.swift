/// What an SQL engine offers the shared repositories: queries, and a batch of statements applied in one
/// transaction (all or nothing).
public protocol SQLExecutor: Sendable {
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]]
    func transaction(_ statements: [SQLStatement]) async throws
}
