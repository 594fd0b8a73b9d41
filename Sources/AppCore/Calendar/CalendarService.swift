public import Domain
public import Storage
public import Foundation
import ReferenceData
import Synchronization

/// The calendar use cases: year listings, lunar dates, due and elapsed times for a centre. Built at
/// start from the rules, the shipped yearly schedules and those loaded into the store.
public struct CalendarService: Sendable {
    public let store: any Store
    public let calendar: WorkingCalendar
    public let defaultClock: WorkClock
    /// Clocks of centres with office hours of their own.
    let clocks: [String: WorkClock]
    let now: @Sendable () -> Date
    /// Centres found in the geography once: a unit's versions are never removed, and every dossier
    /// command asked again (a round trip of each command).
    let knownCentres = KnownCentres()

    public static func load(store: any Store, rules: HolidayRules = HolidayRules(), now: @escaping @Sendable () -> Date) async throws -> CalendarService {
        var documents = try ReferenceFiles.calendarSchedules()
        for (year, document) in try await store.calendar.schedules() { documents[year] = document }
        var schedules: [YearSchedule] = []
        for (_, text) in documents.sorted(by: { $0.key < $1.key }) {
            schedules.append(try decode(ScheduleDocument.self, text, field: "schedule").schedule())
        }
        let calendar = try WorkingCalendar(rules: rules, schedules: schedules)
        var clocks: [String: WorkClock] = [:]
        for (centre, text) in try await store.calendar.allOfficeHours() {
            clocks[centre] = WorkClock(calendar: calendar, hours: try decode(OfficeHoursDocument.self, text, field: "officeHours").officeHours())
        }
        return CalendarService(store: store, calendar: calendar, defaultClock: WorkClock(calendar: calendar), clocks: clocks, now: now)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, field: String) throws(AppError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw .invalid(field, "Tệp JSON không đọc được: \(error)")
        }
    }

    public func year(_ text: String) throws(AppError) -> (Int, [CalendarDay]) {
        guard let year = Int(text) else { throw .invalid("year", "Năm “\(text)” không hợp lệ") }
        do {
            return (year, try calendar.days(of: year))
        } catch {
            throw AppError(error, field: "year")
        }
    }

    public func lunar(date text: String?) throws(AppError) -> LunarDate {
        guard let text, let date = LocalDate(iso: text) else {
            throw .invalid("date", "Ngày “\(text ?? "")” không hợp lệ; dùng dạng YYYY-MM-DD")
        }
        do { return try LunarCalendar.lunar(from: date) } catch { throw AppError(error, field: "date") }
    }

    public func solar(year: String?, month: String?, day: String?, leapMonth: String?) throws(AppError) -> LocalDate {
        var issues: [AppError.FieldIssue] = []
        let y = year.flatMap(Int.init)
        let m = month.flatMap(Int.init)
        let d = day.flatMap(Int.init)
        if y == nil { issues.append(.init("year", "Cần năm âm lịch (số)")) }
        if m.map({ (1...12).contains($0) }) != true { issues.append(.init("month", "Tháng âm lịch phải từ 1 đến 12")) }
        if d.map({ (1...30).contains($0) }) != true { issues.append(.init("day", "Ngày âm lịch phải từ 1 đến 30")) }
        var leap = false
        if let leapMonth {
            switch leapMonth {
            case "true", "1": leap = true
            case "false", "0": leap = false
            default: issues.append(.init("leapMonth", "leapMonth phải là true hoặc false"))
            }
        }
        guard issues.isEmpty, let y, let m, let d else { throw .invalid(issues) }
        do {
            return try LunarCalendar.solar(from: LunarDate(year: y, month: m, day: d, leapMonth: leap))
        } catch {
            throw AppError(error, field: "day")
        }
    }

    /// The clock of a centre: its own office hours if it has some, else the default ones.
    public func clock(centre: String?) async throws(AppError) -> WorkClock {
        guard let centre, !centre.isEmpty else { return defaultClock }
        if let clock = clocks[centre] { return clock }
        if knownCentres.contains(centre) { return defaultClock }
        guard let level = AdministrativeLevel.forCode(centre) else { throw .notFound(what: "trung tâm (đơn vị)", code: centre) }
        let versions: [AdministrativeUnit]
        do {
            versions = try await store.geography.versions(code: centre, level: level)
        } catch {
            throw .unavailable("\(error)")
        }
        guard !versions.isEmpty else { throw .notFound(what: "trung tâm (đơn vị)", code: centre) }
        knownCentres.insert(centre)
        return defaultClock
    }

    public struct DueRequest: Sendable {
        public var receivedAt: String
        public var limitValue: Int
        public var limitUnit: String
        public var cutoff: String?
        public var pauses: [(from: String, to: String)]
        public var centre: String?

        public init(receivedAt: String, limitValue: Int, limitUnit: String, cutoff: String? = nil, pauses: [(from: String, to: String)] = [], centre: String? = nil) {
            self.receivedAt = receivedAt
            self.limitValue = limitValue
            self.limitUnit = limitUnit
            self.cutoff = cutoff
            self.pauses = pauses
            self.centre = centre
        }
    }

    public func due(_ request: DueRequest) async throws(AppError) -> Instant {
        var issues: [AppError.FieldIssue] = []
        let received = instant(request.receivedAt, field: "receivedAt", issues: &issues)
        var limit: TimeLimit?
        if let unit = TimeLimit.Unit(rawValue: request.limitUnit) {
            do throws(CalendarError) { limit = try TimeLimit(value: request.limitValue, unit: unit) } catch {
                issues += Self.issues(AppError(error, field: "limit/value"))
            }
        } else {
            issues.append(.init("limit/unit", "Đơn vị “\(request.limitUnit)” không hợp lệ; dùng workingDays, workingHours, calendarDays hoặc months"))
        }
        var cutoff: Int?
        if let text = request.cutoff {
            cutoff = Instant.minuteOfDay(text)
            if cutoff == nil { issues.append(.init("cutoff", "Giờ “\(text)” không hợp lệ; dùng dạng HH:MM")) }
        }
        let pauses = self.pauses(request.pauses, issues: &issues)
        guard issues.isEmpty, let received, let limit else { throw .invalid(issues) }
        let clock = try await clock(centre: request.centre)
        do {
            return try clock.due(receivedAt: received, limit: limit, cutoff: cutoff, pauses: pauses)
        } catch {
            throw AppError(error, field: "receivedAt")
        }
    }

    public struct Elapsed: Sendable, Equatable {
        public var minutes: Int
        public var workingHours: Double
        public var workingDays: Double
    }

    public func elapsed(from: String, to: String, pauses raw: [(from: String, to: String)], centre: String?) async throws(AppError) -> Elapsed {
        var issues: [AppError.FieldIssue] = []
        let start = instant(from, field: "from", issues: &issues)
        let end = instant(to, field: "to", issues: &issues)
        let pauses = self.pauses(raw, issues: &issues)
        if let start, let end, end < start { issues.append(.init("to", "Thời điểm kết thúc trước thời điểm bắt đầu")) }
        guard issues.isEmpty, let start, let end else { throw .invalid(issues) }
        let clock = try await clock(centre: centre)
        do {
            let minutes = try clock.elapsed(from: start, to: end, pauses: pauses)
            return Elapsed(minutes: minutes, workingHours: Double(minutes) / 60, workingDays: Double(minutes) / Double(clock.hours.dayMinutes))
        } catch {
            throw AppError(error, field: "from")
        }
    }

    private func instant(_ text: String, field: String, issues: inout [AppError.FieldIssue]) -> Instant? {
        guard let instant = Instant(iso: text) else {
            issues += Self.issues(AppError(CalendarError.invalidInstant(text), field: field))
            return nil
        }
        return instant
    }

    private func pauses(_ raw: [(from: String, to: String)], issues: inout [AppError.FieldIssue]) -> [Pause] {
        var pauses: [Pause] = []
        for (index, pause) in raw.enumerated() {
            guard let from = instant(pause.from, field: "pauses/\(index)/from", issues: &issues),
                  let to = instant(pause.to, field: "pauses/\(index)/to", issues: &issues) else { continue }
            do throws(CalendarError) { pauses.append(try Pause(from: from, to: to)) } catch {
                issues += Self.issues(AppError(error, field: "pauses/\(index)"))
            }
        }
        return pauses
    }

    static func issues(_ error: AppError) -> [AppError.FieldIssue] {
        if case .invalid(let issues) = error { return issues }
        return []
    }

    /// Checks a schedule file against the rules and stores it; returns the schedule and warnings
    /// (statutory days it does not give off). Takes effect at the next start of the server.
    public func loadSchedule(_ text: String) async throws(AppError) -> (YearSchedule, [String]) {
        let document = try Self.decode(ScheduleDocument.self, text, field: "schedule")
        let schedule = try document.schedule()
        let problems = schedule.problems(rules: calendar.rules)
        guard problems.isEmpty else { throw AppError(CalendarError.invalidSchedule(problems), field: "days") }
        let instant = ISO8601DateFormatter().string(from: now())
        do {
            try await store.calendar.saveSchedule(year: schedule.year, source: schedule.source, document: text, at: instant)
        } catch {
            throw .unavailable("\(error)")
        }
        return (schedule, schedule.warnings(rules: calendar.rules))
    }

    /// Sets a centre's office hours (takes effect at the next start of the server).
    public func setOfficeHours(centre: String, document: OfficeHoursDocument) async throws(AppError) -> OfficeHours {
        let hours = try document.officeHours()
        _ = try await clock(centre: centre)
        let text = String(decoding: (try? JSONEncoder().encode(document)) ?? Data(), as: UTF8.self)
        do {
            try await store.calendar.saveOfficeHours(centre: centre, document: text, at: ISO8601DateFormatter().string(from: now()))
        } catch {
            throw .unavailable("\(error)")
        }
        return hours
    }
}

/// The centre codes `clock(centre:)` has found, shared by the copies of one service.
final class KnownCentres: Sendable {
    private let codes = Mutex<Set<String>>([])

    func contains(_ code: String) -> Bool { codes.withLock { $0.contains(code) } }
    func insert(_ code: String) { _ = codes.withLock { $0.insert(code) } }
}
