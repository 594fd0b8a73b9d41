import Domain
import Foundation
import StorageSQLite
import StorageTesting
import Testing
@testable import Storage

/// Migration 20 on a file that already has province rollups: every row is kept, in slot 0, and a key
/// may then hold several slots.
struct RollupSlotsMigrationTests {
    @Test("the province rollups keep their rows in slot 0 and take further slots")
    func keepsRows() async throws {
        let path = TestStores.temporaryFolder("slots") + "/motcua.sqlite"
        let store = try SQLiteStore(path: path)
        let daily = Migrations.dailyProvinceDimensions, cohort = Migrations.cohortProvinceDimensions
        try await store.transaction(Migrations.rollupTables.map { SQLStatement($0) } + [
            SQLStatement("INSERT INTO daily_province (\(daily), received) VALUES ('01', '2025-07-01', 'commune', 'online', 7)"),
            SQLStatement("INSERT INTO daily_province (\(daily), received) VALUES ('79', '2025-07-02', 'province', 'inPerson', 3)"),
            SQLStatement("INSERT INTO cohort_province (\(cohort), dossiers) VALUES ('01', '2025-07-01', 'commune', 'online', '2025-07-03', '2025-07-04', 5)"),
        ])
        try await store.transaction(Migrations.slottingRollups.map { SQLStatement($0) })
        let dailyRows = try await store.query(SQLStatement("SELECT province_code, slot, received FROM daily_province ORDER BY province_code"))
        #expect(dailyRows == [[.text("01"), .integer(0), .integer(7)], [.text("79"), .integer(0), .integer(3)]])
        let cohortRows = try await store.query(SQLStatement("SELECT receive_day, slot, dossiers FROM cohort_province"))
        #expect(cohortRows == [[.text("2025-07-01"), .integer(0), .integer(5)]])
        try await store.transaction([
            SQLStatement("INSERT INTO daily_province (\(daily), slot, received) VALUES ('01', '2025-07-01', 'commune', 'online', 3, 2)"),
        ])
        let sum = try await store.query(SQLStatement("SELECT SUM(received), COUNT(*) FROM daily_province WHERE province_code = '01'"))
        #expect(sum == [[.integer(9), .integer(2)]])
        let indexes = try await store.query(SQLStatement("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%province_day' ORDER BY name"))
        #expect(indexes == [[.text("cohort_province_day")], [.text("daily_province_day")]])
        try await store.close()
    }
}
