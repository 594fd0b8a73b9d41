/// Working time of one centre: its calendar and office hours, flattened into the working minutes of
/// every day, so a due time or an elapsed time is a few array reads and a binary search.
public struct WorkClock: Sendable {
    public let calendar: WorkingCalendar
    public let hours: OfficeHours
    /// Day number (since 1970) of the first day covered.
    let firstDay: Int
    /// `cumulative[i]`: working minutes from the start of the first day to the start of day `i`.
    let cumulative: [Int]
    /// Which sessions day `i` has: 0 none, 1 weekday sessions, 2 Saturday sessions.
    let pattern: [UInt8]

    public init(calendar: WorkingCalendar, hours: OfficeHours = .standard) {
        self.calendar = calendar
        self.hours = hours
        let first = LocalDate(year: WorkingCalendar.supportedYears.lowerBound, month: 1, day: 1)!
        let last = LocalDate(year: WorkingCalendar.supportedYears.upperBound, month: 12, day: 31)!
        let count = last.daysSinceEpoch - first.daysSinceEpoch + 1
        var cumulative = [Int](repeating: 0, count: count + 1)
        var pattern = [UInt8](repeating: 0, count: count)
        let weekdayMinutes = hours.weekday.reduce(0) { $0 + $1.end - $1.start }
        let saturdayMinutes = hours.saturday.reduce(0) { $0 + $1.end - $1.start }
        for offset in 0..<count {
            let date = LocalDate(daysSinceEpoch: first.daysSinceEpoch + offset)
            var minutes = 0
            if calendar.isWorkingDay(date) {
                pattern[offset] = 1
                minutes = weekdayMinutes
            } else if date.weekday == 6, calendar.departure(on: date) == nil, hours.saturdayCounts, saturdayMinutes > 0 {
                pattern[offset] = 2
                minutes = saturdayMinutes
            }
            cumulative[offset + 1] = cumulative[offset] + minutes
        }
        self.firstDay = first.daysSinceEpoch
        self.cumulative = cumulative
        self.pattern = pattern
    }

    private func sessions(_ offset: Int) -> [OfficeHours.Session] {
        switch pattern[offset] {
        case 1: hours.weekday
        case 2: hours.saturday
        default: []
        }
    }

    private func dayOffset(_ instant: Instant) throws(CalendarError) -> Int {
        let offset = instant.localMinutes.floorDivided(by: 1440) - firstDay
        guard offset >= 0, offset < pattern.count else {
            throw .yearOutOfRange(instant.vietnamDate.year, supported: WorkingCalendar.supportedYears)
        }
        return offset
    }

    /// Working minutes from the start of the covered range to `instant`.
    func position(_ instant: Instant) throws(CalendarError) -> Int {
        let offset = try dayOffset(instant)
        let minute = instant.vietnamMinuteOfDay
        var within = 0
        for session in sessions(offset) where minute > session.start {
            within += min(minute, session.end) - session.start
        }
        return cumulative[offset] + within
    }

    /// The instant at which `position` working minutes have passed. At a boundary between two sessions,
    /// `atEnd` picks the end of the earlier one (17:00) rather than the start of the next (07:30).
    func instant(at position: Int, atEnd: Bool) throws(CalendarError) -> Instant {
        guard position >= 0, position <= cumulative[cumulative.count - 1] else {
            throw .yearOutOfRange(WorkingCalendar.supportedYears.upperBound + 1, supported: WorkingCalendar.supportedYears)
        }
        // The day whose working time holds the position: cumulative[day] < p <= cumulative[day + 1]
        // when `atEnd`, cumulative[day] <= p < cumulative[day + 1] otherwise.
        var low = 0
        var high = pattern.count - 1
        while low < high {
            let middle = (low + high) / 2
            let reached = atEnd ? cumulative[middle + 1] >= position : cumulative[middle + 1] > position
            if reached { high = middle } else { low = middle + 1 }
        }
        var remaining = position - cumulative[low]
        let date = LocalDate(daysSinceEpoch: firstDay + low)
        for session in sessions(low) {
            let length = session.end - session.start
            if remaining < length || (atEnd && remaining == length) {
                return Instant(vietnam: date, minuteOfDay: session.start + remaining)
            }
            remaining -= length
        }
        // Only reachable for a position at the very end of the covered range.
        return Instant(vietnam: date, minuteOfDay: sessions(low).last?.end ?? 0)
    }

    /// When the clock starts for something received at `receivedAt`: then, if it is working time;
    /// otherwise at the next opening. Received after `cutoff` (minutes since midnight) → the next
    /// working day's opening.
    public func clockStart(receivedAt: Instant, cutoff: Int? = nil) throws(CalendarError) -> Instant {
        let offset = try dayOffset(receivedAt)
        if let cutoff, receivedAt.vietnamMinuteOfDay >= cutoff, pattern[offset] != 0 {
            return try instant(at: cumulative[offset + 1], atEnd: false)
        }
        return try instant(at: try position(receivedAt), atEnd: false)
    }

    /// The due instant of a limit counted from `receivedAt`, net of pauses.
    public func due(receivedAt: Instant, limit: TimeLimit, cutoff: Int? = nil, pauses: [Pause] = []) throws(CalendarError) -> Instant {
        let start = try clockStart(receivedAt: receivedAt, cutoff: cutoff)
        let merged = Self.merge(pauses)
        switch limit.unit {
        case .workingDays, .workingHours:
            let startPosition = try position(start)
            if limit.value == 0 {
                if limit.unit == .workingHours { return start }
                return try instant(at: cumulative[try dayOffset(start) + 1], atEnd: true)
            }
            let minutes = limit.unit == .workingDays ? limit.value * hours.dayMinutes : limit.value * 60
            return try extend(from: start, startPosition: startPosition, minutes: minutes, pauses: merged)
        case .calendarDays, .months:
            let startDate = start.vietnamDate
            var date = limit.unit == .calendarDays ? startDate.adding(days: limit.value) : startDate.adding(months: limit.value)
            // Civil Code 2015 Art. 148: a period in days or months ends at the end of its last day (here the
            // close of office hours); one whose last day is a day off, at the end of the next working day.
            // (Ending at the start's time of day made 10 days, ending on a Sunday, due later than 11.)
            while !calendar.isWorkingDay(date) { date = date.adding(days: 1) }
            let offset = try dayOffset(Instant(vietnam: date, minuteOfDay: 0))
            let due = try instant(at: cumulative[offset + 1], atEnd: true)
            guard !merged.isEmpty else { return due }
            let startPosition = try position(start)
            return try extend(from: start, startPosition: startPosition, minutes: try position(due) - startPosition, pauses: merged)
        }
    }

    /// The instant `minutes` of working time after `start`, pushed by the working time of the pauses
    /// that fall before it. Walked pause by pause in working-minute positions: the working time before each
    /// pause is spent, the pause is skipped, until what is left ends before the next pause. (Re-measuring
    /// the pauses up to a moving due time needs as many rounds as the pauses are long, and a fixed number
    /// of rounds stopped a minute short: found by `CalendarProperties`.)
    private func extend(from start: Instant, startPosition: Int, minutes: Int, pauses: [Pause]) throws(CalendarError) -> Instant {
        var cursor = startPosition
        var remaining = minutes
        for pause in pauses where pause.to > start {
            let from = max(try position(pause.from), cursor)
            let to = try position(pause.to)
            // A pause that begins once the time is spent does not push it (the due instant ends a session).
            guard from < cursor + remaining, to > from else { continue }
            remaining -= from - cursor
            cursor = to
        }
        return try instant(at: cursor + remaining, atEnd: true)
    }

    /// Working minutes between two instants, net of pauses.
    public func elapsed(from: Instant, to: Instant, pauses: [Pause] = []) throws(CalendarError) -> Int {
        guard from <= to else { throw .invalidPause("the end (\(to)) is before the start (\(from))") }
        return try position(to) - position(from) - pausedMinutes(Self.merge(pauses), from: from, to: to)
    }

    private func pausedMinutes(_ pauses: [Pause], from: Instant, to: Instant) throws(CalendarError) -> Int {
        var total = 0
        for pause in pauses where pause.to > from && pause.from < to {
            total += try position(min(pause.to, to)) - position(max(pause.from, from))
        }
        return total
    }

    /// Overlapping or touching pauses joined, in order, so no time is subtracted twice.
    static func merge(_ pauses: [Pause]) -> [Pause] {
        var merged: [Pause] = []
        for pause in pauses.sorted(by: { $0.from < $1.from }) {
            if let last = merged.last, pause.from <= last.to {
                merged[merged.count - 1].to = max(last.to, pause.to)
            } else {
                merged.append(pause)
            }
        }
        return merged
    }
}

extension LocalDate {
    /// The same day of the month `months` later, or the month's last day when it is shorter.
    public func adding(months: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total.floorDivided(by: 12)
        let newMonth = total.modulo(12) + 1
        let newDay = min(day, LocalDate.daysIn(month: newMonth, year: newYear))
        return LocalDate(year: newYear, month: newMonth, day: newDay) ?? self
    }
}
