import Foundation

/// The Vietnamese lunisolar calendar, computed astronomically for the time zone of Vietnam: UTC+7 from
/// 1968 on, UTC+8 before (the calendar Vietnam followed until then). New moons and solar longitudes
/// follow Meeus' formulas as in Hồ Ngọc Đức's published algorithm; a month starts on the local day of
/// the new moon, month 11 contains the winter solstice, and in a 13-month year the first month without
/// a major solar term is the leap month.
///
/// Foundation's Chinese calendar is not used: it is computed for UTC+8 and differs in some years
/// (lunar new year 1985: 21 January in Vietnam, 20 February in China).
///
/// Every month start of the supported years is computed once, on first use; conversions then search a
/// table and never do astronomy.
public enum LunarCalendar {
    public static let supportedYears = 1900...2199

    /// Converts a Gregorian date to its lunar date.
    public static func lunar(from date: LocalDate) throws(CalendarError) -> LunarDate {
        guard supportedYears.contains(date.year) else { throw .yearOutOfRange(date.year, supported: supportedYears) }
        let jdn = julianDay(date)
        let months = table.months
        // The last month that starts on or before the day.
        var low = 0
        var high = months.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if months[middle].start <= jdn { low = middle } else { high = middle - 1 }
        }
        let month = months[low]
        return LunarDate(year: month.year, month: month.month, day: jdn - month.start + 1, leapMonth: month.leap)
    }

    /// Converts a lunar date to its Gregorian date; a date that does not exist (day 30 of a 29-day
    /// month, a leap month the year lacks) is an error.
    public static func solar(from lunar: LunarDate) throws(CalendarError) -> LocalDate {
        guard supportedYears.contains(lunar.year), let index = table.index[MonthKey(year: lunar.year, month: lunar.month, leap: lunar.leapMonth)] else {
            if !supportedYears.contains(lunar.year) { throw .yearOutOfRange(lunar.year, supported: supportedYears) }
            throw .noSuchLunarDate(lunar)
        }
        let month = table.months[index]
        let length = index + 1 < table.months.count ? table.months[index + 1].start - month.start : 30
        guard lunar.day >= 1, lunar.day <= length else { throw .noSuchLunarDate(lunar) }
        return localDate(julianDay: month.start + lunar.day - 1)
    }

    /// The first day of the lunar year that starts in Gregorian year `year` (Tết Nguyên đán).
    public static func newYear(_ year: Int) throws(CalendarError) -> LocalDate {
        try solar(from: LunarDate(year: year, month: 1, day: 1))
    }

    /// The leap month of a lunar year, if it has one.
    public static func leapMonth(of year: Int) -> Int? {
        table.months.first { $0.year == year && $0.leap }?.month
    }

    /// The number of days of a lunar month (29 or 30).
    public static func length(year: Int, month: Int, leap: Bool = false) throws(CalendarError) -> Int {
        guard let index = table.index[MonthKey(year: year, month: month, leap: leap)], index + 1 < table.months.count else {
            throw .noSuchLunarDate(LunarDate(year: year, month: month, day: 1, leapMonth: leap))
        }
        return table.months[index + 1].start - table.months[index].start
    }

    // MARK: Table

    struct Month: Sendable {
        var year: Int
        var month: Int
        var leap: Bool
        /// Julian day number of the first day.
        var start: Int
    }

    struct MonthKey: Hashable, Sendable {
        var year: Int
        var month: Int
        var leap: Bool
    }

    struct Table: Sendable {
        var months: [Month]
        var index: [MonthKey: Int]
    }

    static let table: Table = {
        var months: [Month] = []
        // Each span from one month 11 to the next is computed on its own and appended in order.
        for year in (supportedYears.lowerBound - 1)...(supportedYears.upperBound) {
            let zone = timeZone(forYear: year + 1)
            let a11 = lunarMonth11(year, zone: zone)
            let b11 = lunarMonth11(year + 1, zone: zone)
            let k = Int(floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5))
            let count = Int((Double(b11 - a11) / 29.530588853).rounded())
            let leapOffset = count == 13 ? leapMonthOffset(a11, zone: zone) : nil
            for offset in 0..<count {
                let start = offset == 0 ? a11 : newMoonDay(k + offset, zone: zone)
                var number = 11 + offset
                var leap = false
                if let leapOffset, offset >= leapOffset {
                    number = 10 + offset
                    leap = offset == leapOffset
                }
                if number > 12 { number -= 12 }
                let lunarYear = number >= 11 && offset < 4 ? year : year + 1
                if let last = months.last, start <= last.start { continue }
                months.append(Month(year: lunarYear, month: number, leap: leap, start: start))
            }
        }
        var index: [MonthKey: Int] = [:]
        for (position, month) in months.enumerated() {
            index[MonthKey(year: month.year, month: month.month, leap: month.leap)] = position
        }
        return Table(months: months, index: index)
    }()

    /// Vietnam's calendar followed UTC+8 before 1968.
    static func timeZone(forYear year: Int) -> Double { year < 1968 ? 8 : 7 }

    // MARK: Astronomy (Meeus, as in Hồ Ngọc Đức's algorithm)

    static func julianDay(_ date: LocalDate) -> Int { date.daysSinceEpoch + 2_440_588 }

    static func localDate(julianDay: Int) -> LocalDate { LocalDate(daysSinceEpoch: julianDay - 2_440_588) }

    /// The instant (Julian day, UT) of the k-th new moon after 1900-01-01.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 -= 0.4068 * sin(mpr * dr) - 0.0161 * sin(dr * 2 * mpr)
        c1 -= 0.0004 * sin(dr * 3 * mpr)
        c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 -= 0.0074 * sin(dr * (m - mpr)) - 0.0004 * sin(dr * (2 * f + m))
        c1 -= 0.0004 * sin(dr * (2 * f - m)) + 0.0006 * sin(dr * (2 * f + mpr))
        c1 += 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// The sun's apparent longitude, in radians from 0 to 2π, at Julian day `jdn` (UT).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= Double.pi * 2 * floor(l / (Double.pi * 2))
        return l
    }

    /// The sector (0–11, 30° each) of the sun's longitude at the start of a local day.
    static func sunSector(dayNumber: Int, zone: Double) -> Int {
        Int(floor(sunLongitude(Double(dayNumber) - 0.5 - zone / 24) / Double.pi * 6))
    }

    /// The local day (Julian day number) of the k-th new moon.
    static func newMoonDay(_ k: Int, zone: Double) -> Int {
        Int(floor(newMoon(k) + 0.5 + zone / 24))
    }

    /// The first day of the lunar month 11 that contains the winter solstice of Gregorian year `year`.
    static func lunarMonth11(_ year: Int, zone: Double) -> Int {
        let offset = Double(julianDay(LocalDate(year: year, month: 12, day: 31)!) - 2_415_021)
        let k = Int(floor(offset / 29.530588853))
        let newMoon = newMoonDay(k, zone: zone)
        return sunSector(dayNumber: newMoon, zone: zone) >= 9 ? newMoonDay(k - 1, zone: zone) : newMoon
    }

    /// The offset, from month 11, of the leap month of a 13-month year: the first month in which the
    /// sun does not change sector (no major solar term).
    static func leapMonthOffset(_ a11: Int, zone: Double) -> Int {
        let k = Int(floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5))
        var index = 1
        var arc = sunSector(dayNumber: newMoonDay(k + index, zone: zone), zone: zone)
        var last = 0
        repeat {
            last = arc
            index += 1
            arc = sunSector(dayNumber: newMoonDay(k + index, zone: zone), zone: zone)
        } while arc != last && index < 14
        return index - 1
    }
}
