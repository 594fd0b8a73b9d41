import Domain
import Foundation
import Testing

/// Against a fixture computed independently (ephem, at UTC+7; `scripts/lunar-fixture/generate.py`).
struct LunarCalendarTests {
    static func rows(_ name: String) throws -> [[String: String]] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        let records = CSV.parse(try String(contentsOf: url, encoding: .utf8))
        let header = records[0]
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }


    @Test("lunar new year and Hùng Kings day, 1968–2100, and where Vietnam differs from China")
    func yearly() throws {
        let rows = try Self.rows("vietnamese-lunar-1968-2100.csv")
        #expect(rows.count == 133)
        var differing: [Int] = []
        for row in rows {
            let year = try #require(Int(row["year"] ?? ""))
            #expect(try LunarCalendar.newYear(year).description == row["tet"], "Tết \(year)")
            let hung = try LunarCalendar.solar(from: LunarDate(year: year, month: 3, day: 10))
            #expect(hung.description == row["hung_kings"], "Hùng Kings \(year)")
            if row["differs_from_china"] == "1" {
                differing.append(year)
                #expect(try LunarCalendar.newYear(year).description != row["tet_china"])
            }
        }
        #expect(differing.contains(1985) && differing.contains(2030))
    }

    @Test("every month start of 1968–2100 both ways")
    func months() throws {
        var checked = 0
        var nearMidnight = 0
        for row in try Self.rows("vietnamese-lunar-months-1968-2100.csv") {
            let start = try #require(LocalDate(iso: row["start"] ?? ""))
            let lunar = LunarDate(year: Int(row["lunar_year"]!)!, month: Int(row["month"]!)!, day: 1, leapMonth: row["leap"] == "1")
            let solar = try LunarCalendar.solar(from: lunar)
            // A new moon within minutes of midnight: Meeus' series and a modern ephemeris may put the
            // month on neighbouring days (the fixture flags these; ΔT alone is uncertain by minutes).
            if !(row["near_midnight"] ?? "").isEmpty {
                #expect(abs(solar.daysSinceEpoch - start.daysSinceEpoch) <= 1, "\(lunar)")
                nearMidnight += 1
                continue
            }
            #expect(solar == start, "\(lunar)")
            #expect(try LunarCalendar.lunar(from: start) == lunar)
            checked += 1
        }
        #expect(checked > 1_600)
        #expect(nearMidnight <= 30, "only the knife-edge months flagged in the fixture are tolerated")
    }

    @Test("round trip for every day of a century")
    func roundTrip() throws {
        var date = LocalDate(year: 2000, month: 1, day: 1)!
        while date.year < 2100 {
            #expect(try LunarCalendar.solar(from: LunarCalendar.lunar(from: date)) == date)
            date = date.adding(days: 1)
        }
    }

    @Test("dates that do not exist are refused")
    func invalid() {
        #expect(throws: CalendarError.self) { try LunarCalendar.solar(from: LunarDate(year: 2026, month: 6, day: 1, leapMonth: true)) }
        #expect(throws: CalendarError.self) { try LunarCalendar.solar(from: LunarDate(year: 2026, month: 13, day: 1)) }
        #expect(throws: CalendarError.self) { try LunarCalendar.solar(from: LunarDate(year: 2026, month: 1, day: 31)) }
        #expect(throws: CalendarError.yearOutOfRange(1800, supported: LunarCalendar.supportedYears)) {
            try LunarCalendar.lunar(from: LocalDate(year: 1800, month: 1, day: 1)!)
        }
    }
}
