/// Days grouped at three sizes — the month, the dekad (days 1–10, 11–20, 21 to the month's end, as
/// Vietnamese reporting counts them) and the day — so that a sum over any run of days reads one row per
/// whole month, at most two per whole dekad at each edge and a few days, instead of one row per day.
///
/// A granular rollup adds each value to the three granules of its day; a report sums the granules of
/// `cover(from:to:)`, which together hold every day of the run exactly once. The texts sort by size
/// first (`d…`, `m…`, `x…`), then by day, and are what the storage keys rows by.
public enum DayGranules {
    /// The month, dekad and day granules a day belongs to.
    public static func granules(of day: LocalDate) -> [String] {
        [month(day), dekad(day), "d\(day)"]
    }

    /// The fewest granules whose days are exactly `from`…`to` (nothing when `from` is after `to`).
    public static func cover(from: LocalDate, to: LocalDate) -> [String] {
        var result: [String] = []
        var day = from
        while day <= to {
            let monthEnd = LocalDate(year: day.year, month: day.month, day: LocalDate.daysIn(month: day.month, year: day.year))!
            let dekadEnd = day.day > 20 ? monthEnd : LocalDate(year: day.year, month: day.month, day: day.day <= 10 ? 10 : 20)!
            if day.day == 1, monthEnd <= to {
                result.append(month(day))
                day = monthEnd.adding(days: 1)
            } else if [1, 11, 21].contains(day.day), dekadEnd <= to {
                result.append(dekad(day))
                day = dekadEnd.adding(days: 1)
            } else {
                result.append("d\(day)")
                day = day.adding(days: 1)
            }
        }
        return result
    }

    /// The month of a day, as rollups key receipts by it (`YYYY-MM`).
    public static func monthText(_ day: LocalDate) -> String {
        String(day.description.prefix(7))
    }

    static func month(_ day: LocalDate) -> String { "m\(monthText(day))" }

    static func dekad(_ day: LocalDate) -> String {
        let first = day.day <= 10 ? 1 : (day.day <= 20 ? 11 : 21)
        return "x\(LocalDate(year: day.year, month: day.month, day: first)!)"
    }
}
