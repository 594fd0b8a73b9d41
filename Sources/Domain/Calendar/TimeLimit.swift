/// A procedure's time limit: a value and its unit, as the catalogue gives it.
public struct TimeLimit: Hashable, Sendable {
    public enum Unit: String, Sendable, CaseIterable, Codable {
        case workingDays
        case workingHours
        case calendarDays
        case months

        /// The largest value accepted: limits beyond these are data errors, not real procedures.
        var maximum: Int {
            switch self {
            case .workingDays: 1_000
            case .workingHours: 8_000
            case .calendarDays: 3_650
            case .months: 120
            }
        }
    }

    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) throws(CalendarError) {
        guard value >= 0 else { throw .invalidLimit("a time limit cannot be negative (\(value))") }
        guard value <= unit.maximum else { throw .invalidLimit("\(value) \(unit.rawValue) is more than the \(unit.maximum) allowed") }
        self.value = value
        self.unit = unit
    }

    /// Reads "3 working days", "8 working hours", "15 calendar days", "2 months" (singular too).
    public init(text: String) throws(CalendarError) {
        let parts = text.lowercased().split(separator: " ")
        guard parts.count >= 2, let value = Int(parts[0]) else {
            throw .invalidLimit("write a limit as “3 working days”, “8 working hours”, “15 calendar days” or “2 months”")
        }
        let unitText = parts.dropFirst().joined(separator: " ")
        let units: [String: Unit] = [
            "working day": .workingDays, "working days": .workingDays, "working hour": .workingHours,
            "working hours": .workingHours, "calendar day": .calendarDays, "calendar days": .calendarDays,
            "day": .calendarDays, "days": .calendarDays, "month": .months, "months": .months,
        ]
        guard let unit = units[unitText] else { throw .invalidLimit("unknown unit “\(unitText)”") }
        try self.init(value: value, unit: unit)
    }
}

/// A span during which the clock stops (supplement requested, fees awaited).
public struct Pause: Hashable, Sendable {
    public var from: Instant
    public var to: Instant

    public init(from: Instant, to: Instant) throws(CalendarError) {
        guard from <= to else { throw .invalidPause("a pause must end after it starts (\(from) → \(to))") }
        self.from = from
        self.to = to
    }
}
