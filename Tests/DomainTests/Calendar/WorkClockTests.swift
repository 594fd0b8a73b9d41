import Domain
import Testing

struct WorkClockTests {
    /// The official 2025 swap: Friday 2 May off, Saturday 26 April worked.
    static let clock: WorkClock = {
        func day(_ text: String, _ kind: DayKind, _ name: String) -> CalendarDay {
            CalendarDay(date: LocalDate(iso: text)!, kind: kind, name: name, source: "test")
        }
        let schedule = YearSchedule(year: 2025, source: "test", covers: ["victory", "labour"], days: [
            day("2025-04-26", .makeUpWorkday, "Làm bù"), day("2025-04-30", .holiday, "Ngày Chiến thắng"),
            day("2025-05-01", .holiday, "Ngày Quốc tế lao động"), day("2025-05-02", .compensatory, "Nghỉ hoán đổi"),
        ])
        do {
            return WorkClock(calendar: try WorkingCalendar(schedules: [schedule]))
        } catch {
            preconditionFailure("\(error)")
        }
    }()

    static func at(_ text: String) -> Instant { Instant(iso: text + ":00+07:00")! }

    @Test("due times at every edge", arguments: [
        // receivedAt, limit, cutoff, expected due
        ("2025-07-01T08:00", "3 working days", nil, "2025-07-04T08:00"), // DOMAIN §7 dossier A
        ("2025-07-07T10:00", "1 working days", nil, "2025-07-08T10:00"), // 10:00 + 1 day = 10:00 next day
        ("2025-07-07T06:00", "1 working days", nil, "2025-07-07T17:00"), // before opening: from 07:30
        ("2025-07-07T12:00", "4 working hours", nil, "2025-07-07T17:00"), // during lunch: from 13:00
        ("2025-07-07T18:30", "2 working hours", nil, "2025-07-08T09:30"), // after closing: next opening
        ("2025-07-07T11:00", "1 working hours", nil, "2025-07-07T13:30"), // across lunch
        ("2025-07-07T10:00", "0 working days", nil, "2025-07-07T17:00"), // same day
        ("2025-07-07T15:30", "0 working days", "15:00", "2025-07-08T17:00"), // after the cut-off: next day
        ("2025-07-07T14:59", "1 working days", "15:00", "2025-07-08T14:59"),
        ("2025-07-07T15:00", "1 working days", "15:00", "2025-07-08T17:00"), // cut-off: from 07:30 next day
        ("2025-04-29T10:00", "1 working days", nil, "2025-05-05T10:00"), // across 30/4, 1/5 and the swapped 2/5
        ("2025-04-25T10:00", "1 working days", nil, "2025-04-26T10:00"), // the worked Saturday counts
        ("2025-04-26T09:00", "1 working days", nil, "2025-04-28T09:00"), // received on the worked Saturday
        ("2025-04-30T09:00", "1 working days", nil, "2025-05-05T17:00"), // received on a holiday: from the next opening
        ("2025-07-07T10:00", "5 calendar days", nil, "2025-07-14T17:00"), // ends on Saturday: end of Monday
        ("2025-07-07T10:00", "3 calendar days", nil, "2025-07-10T17:00"), // Art. 148: the end of the last day
        ("2025-04-25T10:00", "5 calendar days", nil, "2025-05-05T17:00"), // ends on 30/4 → next working day (2/5 swapped off)
        ("2024-01-31T10:00", "1 months", nil, "2024-02-29T17:00"), // the end of the month's last day
        ("2025-01-31T10:00", "1 months", nil, "2025-03-03T17:00"), // received in Tết: from the next opening
        ("2025-07-05T10:00", "1 working days", nil, "2025-07-07T17:00"), // received Saturday: from Monday's opening
    ] as [(String, String, String?, String)])
    func edges(received: String, limit: String, cutoff: String?, expected: String) throws {
        let due = try Self.clock.due(
            receivedAt: Self.at(received), limit: TimeLimit(text: limit), cutoff: cutoff.flatMap(Instant.minuteOfDay)
        )
        #expect(due == Self.at(expected), "\(received) + \(limit) → \(due)")
    }

    @Test("a supplement stops the clock (DOMAIN §7 dossier B) and pauses across holidays count only working time")
    func pauses() throws {
        let limit = try TimeLimit(value: 3, unit: .workingDays)
        let pause = try Pause(from: Self.at("2025-07-02T10:00"), to: Self.at("2025-07-09T10:00"))
        #expect(try Self.clock.due(receivedAt: Self.at("2025-07-02T08:00"), limit: limit) == Self.at("2025-07-07T08:00"))
        #expect(try Self.clock.due(receivedAt: Self.at("2025-07-02T08:00"), limit: limit, pauses: [pause]) == Self.at("2025-07-14T08:00"))
        // A pause from 29/4 09:00 to 5/5 09:00 holds only 29/4 09:00–17:00 and 5/5 07:30–09:00 of working time.
        let holidays = try Pause(from: Self.at("2025-04-29T09:00"), to: Self.at("2025-05-05T09:00"))
        #expect(try Self.clock.elapsed(from: Self.at("2025-04-29T08:00"), to: Self.at("2025-05-05T10:00"), pauses: [holidays]) == 60 + 60)
        // Overlapping pauses are not subtracted twice.
        let overlap = [try Pause(from: Self.at("2025-07-07T08:00"), to: Self.at("2025-07-07T10:00")),
                       try Pause(from: Self.at("2025-07-07T09:00"), to: Self.at("2025-07-07T11:00"))]
        #expect(try Self.clock.elapsed(from: Self.at("2025-07-07T07:30"), to: Self.at("2025-07-07T17:00"), pauses: overlap) == 480 - 180)
    }

    @Test("Saturday-morning reception counts as working time only when configured")
    func saturdayReception() throws {
        let saturday = [OfficeHours.Session(start: 450, end: 690)]
        let counting = WorkClock(calendar: Self.clock.calendar, hours: try OfficeHours(
            weekday: OfficeHours.standard.weekday, saturday: saturday, saturdayCounts: true))
        let receptionOnly = WorkClock(calendar: Self.clock.calendar, hours: try OfficeHours(
            weekday: OfficeHours.standard.weekday, saturday: saturday, saturdayCounts: false))
        let received = Self.at("2025-07-05T08:00") // a plain Saturday
        let limit = try TimeLimit(value: 2, unit: .workingHours)
        #expect(try counting.due(receivedAt: received, limit: limit) == Self.at("2025-07-05T10:00"))
        #expect(try receptionOnly.due(receivedAt: received, limit: limit) == Self.at("2025-07-07T09:30"))
        // A Saturday that is a holiday or compensatory day is never worked.
        #expect(try counting.clockStart(receivedAt: Self.at("2025-02-01T08:00")) == Self.at("2025-02-03T07:30"))
        #expect(throws: CalendarError.self) { try OfficeHours(weekday: [OfficeHours.Session(start: 600, end: 500)]) }
        #expect(throws: CalendarError.self) {
            try OfficeHours(weekday: [OfficeHours.Session(start: 450, end: 700), OfficeHours.Session(start: 690, end: 800)])
        }
    }

    @Test("bad input is refused")
    func badInput() {
        #expect(throws: CalendarError.self) { try TimeLimit(value: -1, unit: .workingDays) }
        #expect(throws: CalendarError.self) { try TimeLimit(text: "3 fortnights") }
        #expect(throws: CalendarError.self) { try Pause(from: Self.at("2025-07-07T10:00"), to: Self.at("2025-07-07T09:00")) }
        #expect(throws: CalendarError.self) {
            try Self.clock.due(receivedAt: Instant(vietnam: LocalDate(year: 1800, month: 1, day: 1)!, minuteOfDay: 600), limit: TimeLimit(value: 1, unit: .workingDays))
        }
        #expect(Instant(iso: "2026-02-13T16:30") == nil)
        #expect(Instant(iso: "2026-02-30T16:30:00+07:00") == nil)
        #expect(Instant(iso: "2026-02-13T16:30:00Z") == Instant(iso: "2026-02-13T23:30:00+07:00"))
    }

    /// Random but reproducible starts and limits over 2025–2027.
    static func samples(_ count: Int) -> [(Instant, Int)] {
        var state: UInt64 = 0x2025_0701
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let base = Instant(iso: "2025-01-01T00:00:00+07:00")!.minutes
        return (0..<count).map { _ in (Instant(minutes: base + next() % (3 * 365 * 1440)), next() % 60) }
    }

    @Test("properties: elapsed(start, due) = limit; due(due(s, a), b) = due(s, a + b); due within office hours")
    func properties() throws {
        let clock = Self.clock
        let hours = OfficeHours.standard.weekday
        for (received, value) in Self.samples(2_000) {
            for unit in [TimeLimit.Unit.workingDays, .workingHours] {
                let limit = try TimeLimit(value: value, unit: unit)
                let start = try clock.clockStart(receivedAt: received)
                let due = try clock.due(receivedAt: received, limit: limit)
                let minutes = unit == .workingDays ? value * 480 : value * 60
                if value > 0 || unit == .workingHours {
                    #expect(try clock.elapsed(from: start, to: due) == minutes, "\(received) + \(value) \(unit)")
                }
                let split = value / 3
                let first = try clock.due(receivedAt: received, limit: TimeLimit(value: split, unit: unit))
                if split > 0 || unit == .workingHours {
                    let twice = try clock.due(receivedAt: first, limit: TimeLimit(value: value - split, unit: unit))
                    if value - split > 0 || unit == .workingHours {
                        #expect(twice == due, "\(received) \(split)+\(value - split) \(unit)")
                    }
                }
                let minute = due.vietnamMinuteOfDay
                #expect(clock.calendar.isWorkingDay(due.vietnamDate), "\(due) is not a working day")
                #expect(hours.contains { minute > $0.start && minute <= $0.end } || (value == 0 && unit == .workingHours), "\(due) outside office hours")
            }
        }
    }
}
