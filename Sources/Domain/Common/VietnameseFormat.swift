/// Dates and times as Vietnamese administrative papers write them.
public enum VietnameseFormat {
    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `01/07/2025`.
    public static func date(_ date: LocalDate) -> String { "\(two(date.day))/\(two(date.month))/\(date.year)" }

    /// `08 giờ 00 phút, ngày 01/07/2025` (Vietnam time).
    public static func time(_ instant: Instant) -> String {
        let minute = instant.vietnamMinuteOfDay
        return "\(two(minute / 60)) giờ \(two(minute % 60)) phút, ngày \(date(instant.vietnamDate))"
    }

    /// `08:00 01/07/2025`, for tables.
    public static func short(_ instant: Instant) -> String {
        let minute = instant.vietnamMinuteOfDay
        return "\(two(minute / 60)):\(two(minute % 60)) \(date(instant.vietnamDate))"
    }

    /// `ngày 01 tháng 07 năm 2025`, the dateline of a paper.
    public static func dateline(_ date: LocalDate) -> String { "ngày \(two(date.day)) tháng \(two(date.month)) năm \(date.year)" }

    /// `1.250.000 đồng`.
    public static func money(_ amount: Int) -> String {
        count(amount) + " đồng"
    }

    /// `1.250.000`: thousands separated by dots.
    public static func count(_ value: Int) -> String {
        var digits = Array(String(abs(value)))
        var out: [Character] = []
        while digits.count > 3 {
            out = ["."] + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (value < 0 ? "-" : "") + String(digits + out)
    }

    /// `12,5%`: a fraction as a percentage with one decimal and the Vietnamese decimal comma.
    public static func percent(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10),\(abs(tenths % 10))%"
    }

    /// `3 ngày làm việc`.
    public static func limit(_ limit: TimeLimit) -> String {
        if limit.value == 0, limit.unit == .workingDays { return "trong ngày làm việc" }
        switch limit.unit {
        case .workingDays: return "\(limit.value) ngày làm việc"
        case .workingHours: return "\(limit.value) giờ làm việc"
        case .calendarDays: return "\(limit.value) ngày"
        case .months: return "\(limit.value) tháng"
        }
    }
}
