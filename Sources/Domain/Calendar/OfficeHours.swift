/// When a centre works: sessions of each working day, and optionally a Saturday-morning reception
/// that counts as working time only when configured. A setting per centre; the default is the usual
/// 07:30–11:30 and 13:00–17:00 (8 working hours = 1 working day).
public struct OfficeHours: Sendable, Equatable {
    /// A session as minutes since local midnight, `start` included, `end` excluded.
    public struct Session: Sendable, Equatable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public var weekday: [Session]
    /// Reception on plain Saturdays (not make-up workdays), e.g. 07:30–11:30.
    public var saturday: [Session]
    /// Whether the Saturday sessions count as working time for time limits.
    public var saturdayCounts: Bool

    public init(weekday: [Session], saturday: [Session] = [], saturdayCounts: Bool = false) throws(CalendarError) {
        for sessions in [weekday, saturday] {
            for (index, session) in sessions.enumerated() {
                guard session.start >= 0, session.end <= 1440, session.start < session.end else {
                    throw .invalidOfficeHours("a session must start before it ends, within the day")
                }
                if index > 0, sessions[index - 1].end > session.start {
                    throw .invalidOfficeHours("sessions must be in order and must not overlap")
                }
            }
        }
        guard !weekday.isEmpty else { throw .invalidOfficeHours("a working day needs at least one session") }
        self.weekday = weekday
        self.saturday = saturday
        self.saturdayCounts = saturdayCounts
    }

    public static let standard = try! OfficeHours(weekday: [Session(start: 450, end: 690), Session(start: 780, end: 1020)])

    /// Working minutes of a full working day: the length of one working day for time limits.
    public var dayMinutes: Int { weekday.reduce(0) { $0 + $1.end - $1.start } }
}
