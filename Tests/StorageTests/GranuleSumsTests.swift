import AppCore
import Domain
import Testing
@testable import Storage

/// The granule rollups' sums: each row's values in the three granules of its day, summed by texts and
/// granule, rows summing to 0 left out — as a plain dictionary of text keys sums them.
struct GranuleSumsTests {
    @Test("rows summed by day and spread over their granules equal each row added to each granule")
    func spread() {
        let texts = ["Hộ tịch", "01", "79", "commune", "province", "unit", "", "Đất đai"]
        let days = (0..<70).map { LocalDate(year: 2025, month: 6, day: 25)!.adding(days: $0) }
        var random = SplitMix(seed: 11)
        for granuleColumn in [0, 1, 3] {
            var numbers = TextNumbers()
            var sums = GranuleSums(width: 3, textCount: 3, granuleColumn: granuleColumn)
            var expected: [[String]: [Int]] = [:]
            for _ in 0..<500 {
                let key = (0..<3).map { _ in texts.randomElement(using: &random)! }
                let day = days.randomElement(using: &random)!
                let values = (0..<3).map { _ in Int.random(in: -2...3, using: &random) }
                let sign = Bool.random(using: &random) ? 1 : -1
                sums.add(.init(numbers.number(key[0]), numbers.number(key[1]), numbers.number(key[2])), day: day, values, sign: sign)
                for granule in DayGranules.granules(of: day) {
                    var columns = key
                    columns.insert(granule, at: granuleColumn)
                    expected[columns] = zip(expected[columns] ?? [0, 0, 0], values).map { $0 + sign * $1 }
                }
            }
            var granules = DayGranuleTexts()
            let rows = sums.granuleRows(&granules, texts: &numbers)
            let made = Dictionary(rows.map { ($0.0, $0.1) }, uniquingKeysWith: { _, _ in [] })
            #expect(made.count == rows.count, "one row per key")
            #expect(made == expected.filter { $0.value.contains { $0 != 0 } })
        }
    }
}
