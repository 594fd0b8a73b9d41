/// Which days are worked, for every year it covers: the holiday rules, overridden year by year by the
/// official schedules. Built once; the due-time arithmetic then only reads arrays.
public struct WorkingCalendar: Sendable {
    public static let supportedYears = 1968...2100

    public let rules: HolidayRules
    public let schedules: [Int: YearSchedule]
    /// Day number (since 1970) of the first day covered.
    let firstDay: Int
    /// Departures from the plain week, by day offset from `firstDay`.
    let departures: [DayKind?]
    let days: [Int: [CalendarDay]]

    public init(rules: HolidayRules = HolidayRules(), schedules: [YearSchedule] = []) throws(CalendarError) {
        self.rules = rules
        var byYear: [Int: YearSchedule] = [:]
        for schedule in schedules {
            let problems = schedule.problems(rules: rules)
            guard problems.isEmpty else { throw .invalidSchedule(problems) }
            byYear[schedule.year] = schedule
        }
        self.schedules = byYear
        let first = LocalDate(year: Self.supportedYears.lowerBound, month: 1, day: 1)!.daysSinceEpoch
        let last = LocalDate(year: Self.supportedYears.upperBound, month: 12, day: 31)!.daysSinceEpoch
        var departures = [DayKind?](repeating: nil, count: last - first + 1)
        var days: [Int: [CalendarDay]] = [:]
        for year in Self.supportedYears {
            var list = try rules.days(of: year)
            if let schedule = byYear[year] {
                list = list.filter { !schedule.covers.contains($0.rule ?? "") } + schedule.days
                list.sort { $0.date < $1.date }
            }
            days[year] = list
            for day in list { departures[day.date.daysSinceEpoch - first] = day.kind }
        }
        self.firstDay = first
        self.departures = departures
        self.days = days
    }

    /// Every departure from the plain week in `year`, in date order.
    public func days(of year: Int) throws(CalendarError) -> [CalendarDay] {
        guard let list = days[year] else { throw .yearOutOfRange(year, supported: Self.supportedYears) }
        return list
    }

    /// How the day departs from the plain week, if it does.
    public func departure(on date: LocalDate) -> DayKind? {
        let offset = date.daysSinceEpoch - firstDay
        guard offset >= 0, offset < departures.count else { return nil }
        return departures[offset]
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        switch departure(on: date) {
        case .holiday, .compensatory: false
        case .makeUpWorkday: true
        case nil: !date.isWeekend
        }
    }

    public func covers(_ date: LocalDate) -> Bool {
        Self.supportedYears.contains(date.year)
    }
}
