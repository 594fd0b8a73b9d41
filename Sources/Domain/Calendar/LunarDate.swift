/// A date of the Vietnamese lunisolar calendar (âm lịch). `year` is the lunar year, numbered by the
/// Gregorian year in which its first month starts; `leapMonth` marks the intercalary month (tháng nhuận),
/// which repeats the number of the month before it.
public struct LunarDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var leapMonth: Bool

    public init(year: Int, month: Int, day: Int, leapMonth: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.leapMonth = leapMonth
    }

    public var description: String {
        "\(day)/\(month)\(leapMonth ? " nhuận" : "")/\(year) âm lịch"
    }
}

/// What can be wrong with a calendar question.
public enum CalendarError: Error, Equatable, Sendable {
    case yearOutOfRange(Int, supported: ClosedRange<Int>)
    case noSuchLunarDate(LunarDate)
    case invalidDate(String)
    case invalidInstant(String)
    case invalidTime(String)
    case invalidLimit(String)
    case invalidPause(String)
    case invalidSchedule([String])
    case invalidOfficeHours(String)
}
