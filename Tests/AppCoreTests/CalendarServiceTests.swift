import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

struct CalendarServiceTests {
    static func service() async throws -> CalendarService {
        let store = try await TestStores.make(.sqlite)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        return try await CalendarService.load(store: store, now: { Date(timeIntervalSince1970: 1_780_000_000) })
    }

    @Test("the shipped 2025 and 2026 schedules give the official days off")
    func shipped() async throws {
        let service = try await Self.service()
        let off2025 = try service.year("2025").1.filter { $0.kind != .makeUpWorkday }.map(\.date.description)
        #expect(off2025 == ["2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
                            "2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"])
        let worked = try service.year("2026").1.filter { $0.kind == .makeUpWorkday }.map(\.date.description)
        #expect(worked == ["2026-01-10", "2026-08-22"])
        #expect(service.calendar.isWorkingDay(LocalDate(iso: "2026-08-22")!))
        #expect(!service.calendar.isWorkingDay(LocalDate(iso: "2026-08-31")!))
        try await service.store.close()
    }

    @Test("a loaded schedule is checked, stored and wins over the shipped one at the next start")
    func load() async throws {
        let service = try await Self.service()
        let bad = #"{"year": 2027, "source": "x", "covers": ["tet"], "days": [{"date": "2027-02-10", "kind": "holiday", "name": "Tết"}, {"date": "2027-03-03", "kind": "makeUpWorkday", "name": "Làm bù"}]}"#
        await #expect(throws: AppError.self) { try await service.loadSchedule(bad) }
        let malformed = #"{"year": 2027, "source": "x", "covers": [], "days": [{"date": "2027-02-30", "kind": "party", "name": "?"}]}"#
        await #expect {
            try await service.loadSchedule(malformed)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return Set(issues.map(\.field)) == ["days/0/date", "days/0/kind"]
        }
        let good = #"{"year": 2027, "source": "Thông báo thử", "covers": ["tet"], "days": [{"date": "2027-02-05", "kind": "holiday", "name": "Tết Nguyên đán"}, {"date": "2027-02-08", "kind": "holiday", "name": "Tết Nguyên đán"}]}"#
        let (schedule, warnings) = try await service.loadSchedule(good)
        #expect(schedule.year == 2027)
        #expect(!warnings.isEmpty, "the rules give more Tết days than this schedule")
        let restarted = try await CalendarService.load(store: service.store, now: { Date() })
        #expect(try restarted.year("2027").1.filter { $0.rule == nil && $0.kind == .holiday }.count == 2)
        try await service.store.close()
    }

    @Test("a centre's own office hours change its due times; unknown centres are refused")
    func officeHours() async throws {
        let service = try await Self.service()
        _ = try await service.setOfficeHours(centre: "00004", document: OfficeHoursDocument(sessions: ["07:00-11:00", "13:30-17:30"]))
        await #expect(throws: AppError.self) {
            try await service.setOfficeHours(centre: "00004", document: OfficeHoursDocument(sessions: ["11:00-07:00"]))
        }
        await #expect(throws: AppError.notFound(what: "trung tâm (đơn vị)", code: "99999")) {
            try await service.clock(centre: "99999")
        }
        let restarted = try await CalendarService.load(store: service.store, now: { Date() })
        let request = CalendarService.DueRequest(receivedAt: "2026-03-02T06:00:00+07:00", limitValue: 1, limitUnit: "workingHours", centre: "00004")
        #expect(try await restarted.due(request).description == "2026-03-02T08:00:00+07:00")
        var standard = request
        standard.centre = nil
        #expect(try await restarted.due(standard).description == "2026-03-02T08:30:00+07:00")
        try await service.store.close()
    }
}
