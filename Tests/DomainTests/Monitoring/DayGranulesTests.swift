import Domain
import Testing

/// A granular rollup is right only if a run's cover holds each of its days once and no other day.
struct DayGranulesTests {
    @Test("the resolution's period: July whole, two dekads of August, then three days")
    func resolutionPeriod() {
        let cover = DayGranules.cover(from: LocalDate(year: 2025, month: 7, day: 1)!, to: LocalDate(year: 2025, month: 8, day: 23)!)
        #expect(cover == ["m2025-07", "x2025-08-01", "x2025-08-11", "d2025-08-21", "d2025-08-22", "d2025-08-23"])
        #expect(DayGranules.granules(of: LocalDate(year: 2024, month: 2, day: 29)!) == ["m2024-02", "x2024-02-21", "d2024-02-29"])
        #expect(DayGranules.cover(from: LocalDate(year: 2025, month: 7, day: 2)!, to: LocalDate(year: 2025, month: 7, day: 1)!).isEmpty)
    }

    @Test("every run of up to 75 days from every start over a leap February: each day in it once, no day near it outside")
    func exactCover() {
        let first = LocalDate(year: 2024, month: 1, day: 15)!
        for start in 0..<62 {
            let from = first.adding(days: start)
            for length in 0..<75 {
                let to = from.adding(days: length)
                let cover = DayGranules.cover(from: from, to: to)
                let granules = Set(cover)
                // The fewest: no more than the whole months, two partial months' dekads and days.
                let months = cover.count { $0.hasPrefix("m") }
                guard granules.count == cover.count, cover.count <= months + 2 * (2 + 10) else {
                    Issue.record("\(from)…\(to): \(cover)")
                    return
                }
                var day = from.adding(days: -12)
                while day <= to.adding(days: 12) {
                    let hits = DayGranules.granules(of: day).count(where: granules.contains)
                    guard hits == (day >= from && day <= to ? 1 : 0) else {
                        Issue.record("\(from)…\(to): \(day) is in \(hits) granules of the cover")
                        return
                    }
                    day = day.adding(days: 1)
                }
            }
        }
    }
}
