/// The rules that fill a year's calendar when no official schedule is loaded for it: Labour Code 2019
/// Art. 112 and the patterns of recent yearly decisions. Each rule has its legal source and the years
/// it is in force; the ones the law leaves open are settings (`HolidayRules.Settings`).
public struct HolidayRules: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Tết: days before lunar new year's day and days from it (default 1 + 4: the last day of the
        /// old year and the first four of the new one).
        public var tetDaysBefore = 1
        public var tetDaysFrom = 4
        /// A Tết day on Saturday is given back on the working day before the Tết block, one on Sunday on
        /// the working day after it (the yearly decisions' pattern); false gives every one back after it.
        public var tetSaturdayBeforeBlock = true
        /// 24 November, Ngày Văn hóa Việt Nam, a day off from 2026.
        public var cultureDay = true

        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// A holiday rule with its legal source and the years it applies.
    public struct Rule: Sendable {
        public var id: String
        public var name: String
        public var source: String
        public var years: ClosedRange<Int>
    }

    public static let rules: [Rule] = [
        Rule(id: "new-year", name: "Tết Dương lịch", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a", years: 1900...9999),
        Rule(id: "tet", name: "Tết Nguyên đán", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b (5 ngày từ 2013: Bộ luật Lao động 2012)", years: 1900...9999),
        Rule(id: "hung-kings", name: "Giỗ Tổ Hùng Vương", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ (nghỉ từ 2007: Luật sửa đổi Bộ luật Lao động 2007)", years: 2007...9999),
        Rule(id: "victory", name: "Ngày Chiến thắng", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c", years: 1900...9999),
        Rule(id: "labour", name: "Ngày Quốc tế lao động", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d", years: 1900...9999),
        Rule(id: "national-day", name: "Quốc khánh", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e", years: 1900...9999),
        Rule(id: "national-day-2", name: "Quốc khánh (ngày liền kề)", source: "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e (từ 2021)", years: 2021...9999),
        Rule(id: "culture-day", name: "Ngày Văn hóa Việt Nam", source: "Nghị quyết 80-NQ/TW; Nghị quyết 30/NQ-CP (từ 2026; sửa Bộ luật Lao động đang chờ)", years: 2026...9999),
    ]

    static func rule(_ id: String) -> Rule { rules.first { $0.id == id }! }

    /// Every departure from the plain week that the rules give for `year`, in date order.
    public func days(of year: Int) throws(CalendarError) -> [CalendarDay] {
        var holidays: [CalendarDay] = []
        func add(_ id: String, _ date: LocalDate?, name: String? = nil) {
            let rule = Self.rule(id)
            guard let date, rule.years.contains(year) else { return }
            if id == "culture-day", !settings.cultureDay { return }
            holidays.append(CalendarDay(date: date, kind: .holiday, name: name ?? rule.name, source: rule.source, rule: id))
        }
        add("new-year", LocalDate(year: year, month: 1, day: 1))
        add("victory", LocalDate(year: year, month: 4, day: 30))
        add("labour", LocalDate(year: year, month: 5, day: 1))
        let nationalDay = LocalDate(year: year, month: 9, day: 2)!
        add("national-day", nationalDay)
        // Monday, Thursday or Sunday → 3 September; otherwise 1 September (recent decisions' pattern).
        add("national-day-2", [1, 4, 7].contains(nationalDay.weekday) ? nationalDay.adding(days: 1) : nationalDay.adding(days: -1))
        add("culture-day", LocalDate(year: year, month: 11, day: 24))
        add("hung-kings", try LunarCalendar.solar(from: LunarDate(year: year, month: 3, day: 10)))

        // Tết: 4 days (1 + 3) before 2013, 5 since.
        let newYear = try LunarCalendar.newYear(year)
        let before = settings.tetDaysBefore
        let from = year >= 2013 ? settings.tetDaysFrom : 3
        let tet = (-before..<from).map { newYear.adding(days: $0) }
        for date in tet { add("tet", date) }

        var taken = Set(holidays.map(\.date))
        func isWorking(_ date: LocalDate) -> Bool { !date.isWeekend && !taken.contains(date) }
        var result = holidays
        // Labour Code 2019 Art. 111(3): a holiday on the weekly rest day is given back on the next working day.
        for holiday in holidays where holiday.date.isWeekend && !tet.contains(holiday.date) {
            var day = holiday.date.adding(days: 1)
            while !isWorking(day) { day = day.adding(days: 1) }
            taken.insert(day)
            result.append(CalendarDay(date: day, kind: .compensatory, name: "Nghỉ bù \(holiday.name)", source: holiday.source, rule: holiday.rule))
        }
        if let first = tet.first, let last = tet.last {
            for date in tet where date.isWeekend {
                let saturdayBefore = date.weekday == 6 && settings.tetSaturdayBeforeBlock
                var day = saturdayBefore ? first.adding(days: -1) : last.adding(days: 1)
                while !isWorking(day) { day = day.adding(days: saturdayBefore ? -1 : 1) }
                taken.insert(day)
                result.append(CalendarDay(date: day, kind: .compensatory, name: "Nghỉ bù Tết Nguyên đán", source: Self.rule("tet").source, rule: "tet"))
            }
        }
        return result.sorted { $0.date < $1.date }
    }
}
