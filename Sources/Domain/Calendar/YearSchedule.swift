/// An official schedule for one year (the Government's yearly notice): its days off, compensatory and
/// swapped days and worked Saturdays. It replaces the rules it names (`covers`) for that year; the
/// other rules still apply (24 November, say, when the notice is silent about it).
public struct YearSchedule: Sendable, Equatable {
    public var year: Int
    /// The document: number, date, issuer.
    public var source: String
    /// Ids of `HolidayRules.rules` whose days this schedule gives instead.
    public var covers: [String]
    public var days: [CalendarDay]

    public init(year: Int, source: String, covers: [String], days: [CalendarDay]) {
        self.year = year
        self.source = source
        self.covers = covers
        self.days = days
    }

    /// The problems that make the schedule unusable, each said plainly; empty when it is sound.
    public func problems(rules: HolidayRules) -> [String] {
        var problems: [String] = []
        if !(1968...2100).contains(year) { problems.append("year \(year) is outside 1968–2100") }
        let known = Set(HolidayRules.rules.map(\.id))
        for id in covers where !known.contains(id) {
            problems.append("unknown rule “\(id)” in covers (known: \(known.sorted().joined(separator: ", ")))")
        }
        var seen: Set<LocalDate> = []
        for day in days {
            if day.date.year != year { problems.append("\(day.date) is not in \(year)") }
            if !seen.insert(day.date).inserted { problems.append("\(day.date) is listed twice") }
            switch day.kind {
            case .makeUpWorkday where !day.date.isWeekend:
                problems.append("\(day.date) is a weekday: only a Saturday or Sunday can be a make-up workday")
            case .holiday, .compensatory:
                if day.date.isWeekend, day.kind == .compensatory {
                    problems.append("\(day.date) is a weekend day: a compensatory day off must be a weekday")
                }
            default:
                break
            }
            if day.name.isEmpty { problems.append("\(day.date) has no name") }
        }
        if let ruleDays = try? rules.days(of: year) {
            for day in ruleDays where !covers.contains(day.rule ?? "") && seen.contains(day.date) {
                problems.append("\(day.date) is also given by the rule “\(day.rule ?? "")” (\(day.name)), which the schedule does not cover")
            }
        }
        return problems
    }

    /// Statutory holidays of the covered rules that the schedule does not give off: worth a warning, not
    /// an error (a yearly decision may move a day).
    public func warnings(rules: HolidayRules) -> [String] {
        guard let ruleDays = try? rules.days(of: year) else { return [] }
        let off = Set(days.filter { $0.kind != .makeUpWorkday }.map(\.date))
        return ruleDays.filter { $0.kind == .holiday && covers.contains($0.rule ?? "") && !off.contains($0.date) && !$0.date.isWeekend }
            .map { "the rules give \($0.date) (\($0.name)) off; the schedule does not" }
    }
}
