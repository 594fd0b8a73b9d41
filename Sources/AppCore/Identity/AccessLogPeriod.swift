import Foundation
public import Storage
import Domain

/// The bounds of an access-log query as an auditor writes them — a day (`2026-12-01`, a Vietnamese
/// calendar day, both ends included) or an instant with its zone — turned into the UTC text the log is
/// stored in, so that they compare as the instants they mean. Anything else is refused by name: a
/// bound that matched nothing would read as "nobody looked".
public enum AccessLogPeriod {
    public static func normalized(_ query: AccessLogQuery) throws(AppError) -> AccessLogQuery {
        var query = query
        let from = try bound(query.from, field: "from", end: false)
        let to = try bound(query.to, field: "to", end: true)
        if let from, let to, to < from {
            throw .invalid("to", "“to” (\(query.to ?? "")) đứng trước “from” (\(query.from ?? ""))")
        }
        query.from = from.map(text)
        query.to = to.map(text)
        return query
    }

    private static func bound(_ value: String?, field: String, end: Bool) throws(AppError) -> Date? {
        guard let value else { return nil }
        if let day = LocalDate(iso: value), value.utf8.count == 10 {
            // Vietnam is UTC+7 all year: its day starts at 17:00 UTC of the day before.
            let start = Double(day.daysSinceEpoch * 86_400 - 7 * 3_600)
            return Date(timeIntervalSince1970: end ? start + 86_399 : start)
        }
        let formatter = ISO8601DateFormatter()
        if let instant = formatter.date(from: value) { return instant }
        formatter.formatOptions.insert(.withFractionalSeconds)
        if let instant = formatter.date(from: value) { return instant }
        throw .invalid(field, "“\(value)” không phải ngày (YYYY-MM-DD) hay thời điểm ISO 8601 có múi giờ (2026-12-01T08:00:00+07:00)")
    }

    private static func text(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
