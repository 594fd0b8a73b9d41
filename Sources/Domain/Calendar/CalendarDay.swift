/// How a date departs from the plain week (Monday–Friday working, Saturday–Sunday rest).
public enum DayKind: String, Sendable, Codable, CaseIterable {
    /// A public holiday (ngày nghỉ lễ, tết).
    case holiday
    /// A day off given back for a holiday on a rest day, or swapped with a worked Saturday (nghỉ bù).
    case compensatory
    /// A Saturday or Sunday that is worked (làm bù).
    case makeUpWorkday

    public var isWorking: Bool { self == .makeUpWorkday }
}

/// One departure from the plain week.
public struct CalendarDay: Hashable, Sendable {
    public var date: LocalDate
    public var kind: DayKind
    /// Vietnamese name: `Tết Nguyên đán`, `Nghỉ bù Giỗ Tổ Hùng Vương`.
    public var name: String
    /// The rule or official document the day comes from.
    public var source: String
    /// The holiday rule the day belongs to (its compensatory days too), if it comes from one.
    public var rule: String?

    public init(date: LocalDate, kind: DayKind, name: String, source: String, rule: String? = nil) {
        self.date = date
        self.kind = kind
        self.name = name
        self.source = source
        self.rule = rule
    }
}

extension LocalDate {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let days = daysSinceEpoch
        // 1970-01-01 was a Thursday (4).
        return ((days % 7 + 7) % 7 + 3) % 7 + 1
    }

    public var isWeekend: Bool { weekday >= 6 }
}
