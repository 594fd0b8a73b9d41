/// Loaded yearly schedules and per-centre office hours, kept as the JSON documents they were given in.
public protocol CalendarRepository: Sendable {
    /// Every loaded schedule document, by year.
    func schedules() async throws -> [Int: String]
    /// Stores (or replaces) the schedule of a year.
    func saveSchedule(year: Int, source: String, document: String, at instant: String) async throws
    func officeHours(centre: String) async throws -> String?
    func allOfficeHours() async throws -> [String: String]
    func saveOfficeHours(centre: String, document: String, at instant: String) async throws
}

/// The calendar repository of both SQL engines.
public struct SQLCalendarRepository: CalendarRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    public func schedules() async throws -> [Int: String] {
        try await documents("SELECT year, document FROM calendar_schedules", table: "calendar_schedules") { $0.integer }
    }

    /// Rows of (key, JSON document) as a dictionary.
    private func documents<Key: Hashable>(_ sql: String, table: String, key: (SQLValue) -> Key?) async throws -> [Key: String] {
        var result: [Key: String] = [:]
        for row in try await executor.query(SQLStatement(sql)) {
            guard row.count == 2, let key = key(row[0]), let document = row[1].text else {
                throw StorageError.corrupt("\(table) row \(row)")
            }
            result[key] = document
        }
        return result
    }

    public func saveSchedule(year: Int, source: String, document: String, at instant: String) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO calendar_schedules (year, source, document, loaded_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (year) DO UPDATE SET source = excluded.source, document = excluded.document,
                loaded_at = excluded.loaded_at
            """, [.integer(year), .text(source), .text(document), .text(instant)])])
    }

    public func officeHours(centre: String) async throws -> String? {
        try await executor.query(SQLStatement("SELECT document FROM centre_office_hours WHERE centre = ?", [.text(centre)]))
            .first?.first?.text
    }

    public func allOfficeHours() async throws -> [String: String] {
        try await documents("SELECT centre, document FROM centre_office_hours", table: "centre_office_hours") { $0.text }
    }

    public func saveOfficeHours(centre: String, document: String, at instant: String) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO centre_office_hours (centre, document, updated_at) VALUES (?, ?, ?)
            ON CONFLICT (centre) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
            """, [.text(centre), .text(document), .text(instant)])])
    }
}
