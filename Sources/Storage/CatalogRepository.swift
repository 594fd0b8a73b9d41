public import Domain
import Foundation

/// The procedure catalogue: every version of every procedure, searchable.
public protocol CatalogRepository: Sendable {
    /// Adds or replaces versions (by code and start date), in one transaction.
    func save(_ versions: [ProcedureVersion], at: Instant) async throws
    /// Every version, by code then start date.
    func all() async throws -> [ProcedureVersion]
    func versions(code: String) async throws -> [ProcedureVersion]
    /// Versions in force on `date` whose name, field or code contains every word of `text` (folded).
    func search(text: String?, level: ProcedureVersion.Level?, field: String?, at date: LocalDate, offset: Int, limit: Int) async throws
        -> [ProcedureVersion]
    func count() async throws -> Int
}

/// The catalogue on both SQL engines: searchable columns and the version as JSON.
public struct SQLCatalogRepository: CatalogRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    public func save(_ versions: [ProcedureVersion], at: Instant) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var statements: [SQLStatement] = []
        for version in versions {
            let body = String(decoding: try encoder.encode(version), as: UTF8.self)
            // A version that starts later closes the open-ended one before it: stored rows stay consistent.
            statements.append(SQLStatement("""
                INSERT INTO procedures (code, valid_from, valid_to, national_code, name, field, level, agency_kind, online_level,
                    search_fold, body, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = excluded.valid_to, national_code = excluded.national_code,
                    name = excluded.name, field = excluded.field, level = excluded.level, agency_kind = excluded.agency_kind,
                    online_level = excluded.online_level, search_fold = excluded.search_fold, body = excluded.body,
                    imported_at = excluded.imported_at
                """, [
                    .text(version.code), .text(version.validFrom.description), .text(version.validTo.description),
                    version.nationalCode.map(SQLValue.text) ?? .null, .text(version.name), .text(version.field),
                    .text(version.level.rawValue), .text(version.agencyKind.rawValue), .text(version.onlineLevel.rawValue),
                    .text(version.searchKey), .text(body), .text(at.description),
                ]))
        }
        try await executor.transaction(statements)
    }

    static let columns = "body"
    static let order = "ORDER BY code, valid_from"

    public func all() async throws -> [ProcedureVersion] {
        try await executor.query(SQLStatement("SELECT body FROM procedures \(Self.order)")).map(Self.version)
    }

    public func versions(code: String) async throws -> [ProcedureVersion] {
        try await executor.keyedQuery(SQLStatement("SELECT body FROM procedures WHERE code = ? \(Self.order)", [.text(code)])).map(Self.version)
    }

    public func search(text: String?, level: ProcedureVersion.Level?, field: String?, at date: LocalDate, offset: Int, limit: Int) async throws
        -> [ProcedureVersion] {
        var conditions = ["valid_from <= ?", "valid_to >= ?"]
        var arguments: [SQLValue] = [.text(date.description), .text(date.description)]
        if let level {
            conditions.append("level = ?")
            arguments.append(.text(level.rawValue))
        }
        if let field {
            conditions.append("field = ?")
            arguments.append(.text(field))
        }
        for word in FoldKey.fold(text ?? "").split(separator: " ") {
            // Folded words hold only letters and digits, so LIKE needs no escaping.
            conditions.append("search_fold LIKE ?")
            arguments.append(.text("%\(word)%"))
        }
        arguments += [.integer(limit), .integer(offset)]
        return try await executor.query(SQLStatement("""
            SELECT body FROM procedures WHERE \(conditions.joined(separator: " AND ")) \(Self.order) LIMIT ? OFFSET ?
            """, arguments)).map(Self.version)
    }

    public func count() async throws -> Int {
        try await executor.query(SQLStatement("SELECT COUNT(*) FROM procedures")).first?.first?.integer ?? 0
    }

    static func version(_ row: [SQLValue]) throws -> ProcedureVersion {
        do {
            return try JSONDecoder().decode(ProcedureVersion.self, from: Data((row.first?.text ?? "").utf8))
        } catch {
            throw StorageError.corrupt("procedure: \(error)")
        }
    }
}
