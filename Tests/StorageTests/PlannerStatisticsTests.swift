import Foundation
import Storage
import StorageSQLite
import Testing

struct PlannerStatisticsTests {
    /// A file that grew past 10 MB since the server opened it gets statistics (the readers see them);
    /// the next look finds nothing to do until it has doubled again; PostgreSQL's are its own business.
    @Test("SQLite: statistics are gathered once the file has grown, again only when it has doubled")
    func refreshOnGrowth() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("motcua.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.migrate()
        #expect(try await store.refreshStatistics() == false, "a new file is too small to describe")
        try await store.transaction([
            SQLStatement("CREATE TABLE filler (id INTEGER PRIMARY KEY, day TEXT NOT NULL, body TEXT NOT NULL)"),
            SQLStatement("CREATE INDEX filler_day ON filler (day)"),
        ])
        let body = String(repeating: "x", count: 1_000)
        for batch in 0..<12 {
            try await store.transaction((0..<1_000).map { row in
                SQLStatement("INSERT INTO filler (day, body) VALUES (?, ?)", [.text("2026-12-\(10 + (batch * 1_000 + row) % 20)"), .text(body)])
            })
        }
        #expect(try await store.refreshStatistics() == true)
        let described = try await store.query(SQLStatement("SELECT stat FROM sqlite_stat1 WHERE idx = 'filler_day'"))
        // Sampled (analysis_limit), so the row count is an estimate: of the right size, not exact.
        let rows = described.first?.first?.text?.split(separator: " ").first.flatMap { Int($0) } ?? 0
        #expect((6_000...24_000).contains(rows), "\(described)")
        #expect(try await store.refreshStatistics() == false, "not grown since")
        try await store.close()
    }
}
