import Domain
import Testing

struct HolidayRulesTests {
    static func departures(_ year: Int, _ rules: HolidayRules = HolidayRules()) throws -> [String] {
        try rules.days(of: year).map { "\($0.date) \($0.kind.rawValue)" }
    }

    @Test("2025 by the rules alone matches the official days off")
    func year2025() throws {
        #expect(try Self.departures(2025) == [
            "2025-01-01 holiday",
            "2025-01-27 compensatory", // Tết day on Saturday 1 Feb, given back before the block
            "2025-01-28 holiday", "2025-01-29 holiday", "2025-01-30 holiday", "2025-01-31 holiday", "2025-02-01 holiday",
            "2025-04-07 holiday", "2025-04-30 holiday", "2025-05-01 holiday",
            "2025-09-01 holiday", "2025-09-02 holiday",
        ])
    }

    @Test("2 September's neighbour follows its weekday", arguments: [
        (2024, "2024-09-03"), // Monday → 3 Sep
        (2021, "2021-09-03"), // Thursday → 3 Sep
        (2029, "2029-09-03"), // Sunday → 3 Sep (and 2 Sep given back on Tuesday 4 Sep)
        (2025, "2025-09-01"), // Tuesday → 1 Sep
        (2026, "2026-09-01"), // Wednesday → 1 Sep
        (2022, "2022-09-01"), // Friday → 1 Sep
        (2023, "2023-09-01"), // Saturday → 1 Sep
    ])
    func nationalDay(year: Int, neighbour: String) throws {
        let days = try HolidayRules().days(of: year)
        #expect(days.contains { $0.date.description == neighbour && $0.rule == "national-day-2" })
    }

    @Test("a holiday on a rest day is given back on the next working day")
    func compensation() throws {
        // 2029-09-02 is a Sunday; 3 Sep is its neighbour, so the day given back is Tuesday 4 Sep.
        let days = try HolidayRules().days(of: 2029)
        #expect(days.contains { $0.date.description == "2029-09-04" && $0.kind == .compensatory })
        // 2026-04-26 (Hùng Kings) is a Sunday → Monday 27 April.
        #expect(try HolidayRules().days(of: 2026).contains { $0.date.description == "2026-04-27" && $0.kind == .compensatory })
    }

    @Test("Tết on a Sunday is given back after the block; with the setting off, Saturdays too")
    func tetCompensation() throws {
        // Tết 2026: 16–20 Feb, Monday to Friday: nothing to give back.
        #expect(try HolidayRules().days(of: 2026).filter { $0.rule == "tet" }.count == 5)
        var settings = HolidayRules.Settings()
        settings.tetSaturdayBeforeBlock = false
        let after = try HolidayRules(settings: settings).days(of: 2025)
        #expect(after.contains { $0.date.description == "2025-02-03" && $0.kind == .compensatory })
        #expect(!after.contains { $0.date.description == "2025-01-27" })
    }

    @Test("rules apply only in the years they are in force")
    func effectiveYears() throws {
        #expect(try !HolidayRules().days(of: 2006).contains { $0.rule == "hung-kings" })
        #expect(try HolidayRules().days(of: 2007).contains { $0.rule == "hung-kings" })
        #expect(try HolidayRules().days(of: 2012).filter { $0.rule == "tet" && $0.kind == .holiday }.count == 4)
        #expect(try HolidayRules().days(of: 2013).filter { $0.rule == "tet" && $0.kind == .holiday }.count == 5)
        #expect(try !HolidayRules().days(of: 2020).contains { $0.rule == "national-day-2" })
        #expect(try !HolidayRules().days(of: 2025).contains { $0.rule == "culture-day" })
        #expect(try HolidayRules().days(of: 2026).contains { $0.date.description == "2026-11-24" })
        var settings = HolidayRules.Settings()
        settings.cultureDay = false
        #expect(try !HolidayRules(settings: settings).days(of: 2026).contains { $0.rule == "culture-day" })
    }

    @Test("a schedule with mistakes is refused with every mistake named")
    func scheduleProblems() throws {
        func day(_ text: String, _ kind: DayKind) -> CalendarDay {
            CalendarDay(date: LocalDate(iso: text)!, kind: kind, name: "x", source: "test")
        }
        let schedule = YearSchedule(year: 2026, source: "test", covers: ["tet", "no-such-rule"], days: [
            day("2026-02-16", .holiday), day("2026-02-16", .holiday), day("2026-03-04", .makeUpWorkday),
            day("2027-01-01", .holiday), day("2026-03-07", .compensatory), day("2026-04-30", .holiday),
        ])
        let problems = schedule.problems(rules: HolidayRules())
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.contains("no-such-rule") })
        #expect(problems.contains { $0.contains("listed twice") })
        #expect(problems.contains { $0.contains("2026-03-04 is a weekday") })
        #expect(problems.contains { $0.contains("2027-01-01 is not in 2026") })
        #expect(problems.contains { $0.contains("2026-03-07 is a weekend day") })
        #expect(problems.contains { $0.contains("also given by the rule “victory”") })
        #expect(throws: CalendarError.self) { try WorkingCalendar(schedules: [schedule]) }
    }
}
