import Storage
import StorageTesting
import Testing

@Suite("calendar store contract")
struct CalendarContractTests {
    @Test("schedules and office hours are stored, replaced and read back", arguments: TestStores.engines)
    func roundTrip(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let calendar = store.calendar
        #expect(try await calendar.schedules().isEmpty)
        try await calendar.saveSchedule(year: 2027, source: "a", document: "{\"v\":1}", at: "2026-11-30T00:00:00Z")
        try await calendar.saveSchedule(year: 2027, source: "b", document: "{\"v\":2}", at: "2026-11-30T00:01:00Z")
        try await calendar.saveSchedule(year: 2028, source: "c", document: "{\"v\":3, \"tên\":\"Tết\"}", at: "2026-11-30T00:02:00Z")
        #expect(try await calendar.schedules() == [2027: "{\"v\":2}", 2028: "{\"v\":3, \"tên\":\"Tết\"}"])
        #expect(try await calendar.officeHours(centre: "00004") == nil)
        try await calendar.saveOfficeHours(centre: "00004", document: "{\"sessions\":[\"07:00-11:00\"]}", at: "x")
        try await calendar.saveOfficeHours(centre: "00004", document: "{\"sessions\":[\"07:30-11:30\"]}", at: "y")
        #expect(try await calendar.officeHours(centre: "00004") == "{\"sessions\":[\"07:30-11:30\"]}")
        #expect(try await calendar.allOfficeHours().count == 1)
        try await store.close()
    }
}
