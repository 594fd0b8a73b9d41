import AppCore
import Domain
import Foundation
import StorageTesting
import Testing

/// The data-quality report is kept, so that the dashboard's background scans of every dossier take a
/// bounded share of the machine however many dossiers there are.
@Suite("data-quality report cache")
struct DataQualityCacheTests {
    @Test("a report is kept five minutes, or ten times as long as it took to make")
    func lifetime() {
        #expect(DataQualityService.lifetime(making: 0) == 300)
        #expect(DataQualityService.lifetime(making: 30) == 300)
        #expect(DataQualityService.lifetime(making: 31) == 310)
        #expect(DataQualityService.lifetime(making: 190) == 1_900)
    }

    @Test("the same report until its lifetime ends, a new one after")
    func kept() async throws {
        let store = try await TestStores.make(.sqlite)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let clock = TestClock()
        let calendar = try await CalendarService.load(store: store, now: { clock.now })
        let service = DataQualityService(store: store, calendar: calendar, now: { clock.now })
        let first = try await service.report(provinceCode: "01")
        // An empty store scans in well under 30 s: five minutes.
        clock.advance(days: 299 / 86_400)
        #expect(try await service.report(provinceCode: "01").generatedAt == first.generatedAt)
        #expect(service.ready(provinceCode: "01")?.generatedAt == first.generatedAt)
        clock.advance(days: 2 / 86_400)
        let second = try await service.report(provinceCode: "01")
        #expect(second.generatedAt != first.generatedAt)
    }
}
