public import Domain
import Foundation

/// A yearly schedule file as loaded and stored (see `Sources/ReferenceData/calendar/README.md`).
public struct ScheduleDocument: Codable, Sendable, Equatable {
    public struct Day: Codable, Sendable, Equatable {
        public var date: String
        public var kind: String
        public var name: String
    }

    public var year: Int
    public var source: String
    public var covers: [String]
    public var days: [Day]

    /// The domain schedule, or every field that is wrong.
    public func schedule() throws(AppError) -> YearSchedule {
        var issues: [AppError.FieldIssue] = []
        var days: [CalendarDay] = []
        for (index, day) in self.days.enumerated() {
            let date = LocalDate(iso: day.date)
            let kind = DayKind(rawValue: day.kind)
            if date == nil { issues.append(.init("days/\(index)/date", "Ngày “\(day.date)” không hợp lệ; dùng dạng YYYY-MM-DD")) }
            if kind == nil {
                issues.append(.init("days/\(index)/kind", "Loại ngày “\(day.kind)” không hợp lệ; dùng holiday, compensatory hoặc makeUpWorkday"))
            }
            if let date, let kind { days.append(CalendarDay(date: date, kind: kind, name: day.name, source: source)) }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return YearSchedule(year: year, source: source, covers: covers, days: days)
    }
}

/// A centre's office hours as set and stored: sessions written `HH:MM-HH:MM`.
public struct OfficeHoursDocument: Codable, Sendable, Equatable {
    public var sessions: [String]
    public var saturday: [String]?
    public var saturdayCounts: Bool?

    public init(sessions: [String], saturday: [String]? = nil, saturdayCounts: Bool? = nil) {
        self.sessions = sessions
        self.saturday = saturday
        self.saturdayCounts = saturdayCounts
    }

    public func officeHours() throws(AppError) -> OfficeHours {
        func parse(_ texts: [String], field: String) throws(AppError) -> [OfficeHours.Session] {
            var sessions: [OfficeHours.Session] = []
            for (index, text) in texts.enumerated() {
                let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let start = Instant.minuteOfDay(parts[0]), let end = Instant.minuteOfDay(parts[1]) else {
                    throw .invalid("\(field)/\(index)", "Ca làm việc “\(text)” không hợp lệ; viết dạng 07:30-11:30")
                }
                sessions.append(OfficeHours.Session(start: start, end: end))
            }
            return sessions
        }
        let weekday = try parse(sessions, field: "sessions")
        let saturdaySessions = try parse(saturday ?? [], field: "saturday")
        do throws(CalendarError) {
            return try OfficeHours(weekday: weekday, saturday: saturdaySessions, saturdayCounts: saturdayCounts ?? false)
        } catch {
            throw AppError(error, field: "sessions")
        }
    }
}

extension AppError {
    /// The same failure from the domain's calendar errors, naming the field it came from.
    public init(_ error: CalendarError, field: String) {
        switch error {
        case .yearOutOfRange(let year, let supported):
            self = .invalid(field, "Năm \(year) nằm ngoài khoảng hỗ trợ \(supported.lowerBound)–\(supported.upperBound)")
        case .noSuchLunarDate(let date):
            self = .invalid(field, "Không có ngày \(date)")
        case .invalidDate(let text):
            self = .invalid(field, "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD")
        case .invalidInstant(let text):
            self = .invalid(field, "Thời điểm “\(text)” không hợp lệ; dùng dạng 2026-02-13T16:30:00+07:00")
        case .invalidTime(let text):
            self = .invalid(field, "Giờ “\(text)” không hợp lệ; dùng dạng HH:MM")
        case .invalidLimit(let text):
            self = .invalid(field, "Thời hạn không hợp lệ: \(text)")
        case .invalidPause(let text):
            self = .invalid(field, "Khoảng tạm dừng không hợp lệ: \(text)")
        case .invalidSchedule(let problems):
            self = .invalid(problems.map { FieldIssue("days", $0) })
        case .invalidOfficeHours(let text):
            self = .invalid(field, "Giờ làm việc không hợp lệ: \(text)")
        }
    }
}
