import Domain
import PropertyBased
import Testing

/// Property-based fuzzing of the calendar (swift-property-based): instants anywhere from 1900 to 2200
/// (inside and outside the years the calendar covers), every unit of limit, cut-offs, random office
/// hours and pauses. Every call answers or throws `CalendarError`; none crashes or hangs, and the
/// answers keep the order the law gives them.
struct CalendarProperties {
    static let clock = WorkClock(calendar: try! WorkingCalendar())

    static let minutes1900 = Instant(vietnam: LocalDate(year: 1900, month: 1, day: 1)!, minuteOfDay: 0).minutes
    static let minutes2200 = Instant(vietnam: LocalDate(year: 2200, month: 1, day: 1)!, minuteOfDay: 0).minutes
    static let minutes2020 = Instant(vietnam: LocalDate(year: 2020, month: 1, day: 1)!, minuteOfDay: 0).minutes
    static let minutes2030 = Instant(vietnam: LocalDate(year: 2030, month: 1, day: 1)!, minuteOfDay: 0).minutes

    /// Mostly in the years the calendar covers, sometimes far outside them.
    static let instant = Gen<Int>.frequency(
        (8, Gen<Int>.int(in: minutes2020...minutes2030)),
        (1, Gen<Int>.int(in: minutes1900...minutes2200))
    ).map(Instant.init(minutes:))

    static let unit = Gen<TimeLimit.Unit?>.element(of: TimeLimit.Unit.allCases).map { $0 ?? .workingDays }
    static let value = Gen<Int>.frequency((6, Gen<Int>.int(in: 0...30)), (1, Gen<Int>.int(in: -5...9_000)))
    static let cutoff = Gen<Int?>.frequency((3, Gen<Int?>.always(nil)), (1, Gen<Int>.int(in: -60...1_500).map { Optional($0) }))

    /// Pauses as offsets from the start: some inverted, overlapping or outside the period.
    static let pauses = zip(Gen<Int>.int(in: -20_000...60_000), Gen<Int>.int(in: -2_000...30_000)).array(of: 0...4)

    static func build(_ start: Instant, _ offsets: [(Int, Int)]) -> [Pause] {
        offsets.compactMap { from, length in
            try? Pause(from: Instant(minutes: start.minutes + from), to: Instant(minutes: start.minutes + from + length))
        }
    }

    @Test("due: an answer at or after the clock start, or CalendarError; more time never gives an earlier due")
    func dueIsOrdered() async {
        await propertyCheck(count: 3_000, input: Self.instant, Self.unit, Self.value, Self.cutoff) { received, unit, value, cutoff in
            guard let limit = try? TimeLimit(value: value, unit: unit) else { return }
            let due: Instant
            do {
                due = try Self.clock.due(receivedAt: received, limit: limit, cutoff: cutoff)
            } catch {
                return
            }
            let start = try Self.clock.clockStart(receivedAt: received, cutoff: cutoff)
            #expect(due >= start, "\(received) + \(value) \(unit): due \(due) before start \(start)")
            #expect(start >= received, "\(received): the clock started before reception")
            if let more = try? TimeLimit(value: value + 1, unit: unit), let later = try? Self.clock.due(receivedAt: received, limit: more, cutoff: cutoff) {
                #expect(later >= due, "\(received): \(value + 1) \(unit) due \(later) before \(value) \(unit) due \(due)")
            }
            if unit == .workingDays || unit == .workingHours, value > 0 {
                #expect(Self.clock.calendar.isWorkingDay(due.vietnamDate), "\(received) + \(value) \(unit): \(due) is a day off")
            }
        }
    }

    @Test("pauses only push the due time, by no more than their working time")
    func pausesPush() async {
        await propertyCheck(count: 2_000, input: Self.instant, Self.value, Self.pauses) { received, value, offsets in
            guard let limit = try? TimeLimit(value: value, unit: .workingDays),
                  let plain = try? Self.clock.due(receivedAt: received, limit: limit) else { return }
            let pauses = Self.build(received, offsets)
            guard let paused = try? Self.clock.due(receivedAt: received, limit: limit, pauses: pauses) else { return }
            #expect(paused >= plain, "\(received) + \(value) days, pauses \(pauses): \(paused) before \(plain)")
            if paused > plain, let start = try? Self.clock.clockStart(receivedAt: received) {
                let net = try Self.clock.elapsed(from: start, to: paused, pauses: pauses)
                #expect(net == value * OfficeHours.standard.dayMinutes, "\(received) + \(value) days, pauses \(pauses): \(net) working minutes net")
            }
        }
    }

    @Test("lunar ↔ solar: every solar date of 1900–2199 has one lunar date that converts back to it")
    func lunarRoundTrip() async {
        let first = LocalDate(year: 1900, month: 2, day: 1)!.daysSinceEpoch
        let last = LocalDate(year: 2199, month: 12, day: 31)!.daysSinceEpoch
        await propertyCheck(count: 3_000, input: Gen<Int>.int(in: first...last)) { days in
            let date = LocalDate(daysSinceEpoch: days)
            guard let lunar = try? LunarCalendar.lunar(from: date) else { return }
            let back = try? LunarCalendar.solar(from: lunar)
            #expect(back == date, "\(date) → \(lunar) → \(back.map(String.init(describing:)) ?? "error")")
            #expect((1...30).contains(lunar.day) && (1...12).contains(lunar.month), "\(date) → \(lunar)")
        }
    }

    @Test("time limits and instants read from any text: a value or an error, never a crash")
    func parsersNeverCrash() async {
        let words = Gen<String?>.element(of: ["3", "0", "-1", "99999999999999999999", "working", "days", "day", "hours", "calendar", "months",
                                              "ngày", "làm", "việc", "T", ":", "+07:00", "Z", "2026-02-13", "16:30", " ", "1e3"]).map { $0 ?? "" }
        let text = Gen<String>.frequency(
            (3, words.array(of: 0...5).map { $0.joined(separator: " ") }),
            (1, words.array(of: 0...6).map { $0.joined() }),
            (1, Gen<Character>.ascii.string(of: 0...30))
        )
        await propertyCheck(count: 3_000, input: text) { text in
            if let limit = try? TimeLimit(text: text) {
                #expect(limit.value >= 0, "\(text.debugDescription) → \(limit)")
            }
            if let instant = Instant(iso: text) {
                #expect(Instant(iso: instant.description) == instant, "\(text.debugDescription) → \(instant)")
            }
        }
    }
}
