import Domain
import Foundation
import ReferenceData
import Testing

/// DOMAIN.md §8 by hand: Pmax at or above the target, `ratio × Pmax ÷ target` below it, 0 without data.
struct ServiceIndexTests {
    static func shipped() throws -> [ServiceIndexConfiguration] {
        try JSONDecoder().decode([ServiceIndexConfiguration].self, from: Data(try ReferenceFiles.serviceIndex().utf8))
    }

    @Test("the shipped configuration is consistent: groups 18, 20, 12, 10, 22, 18 adding up to 100")
    func shippedConfiguration() throws {
        let configuration = try #require(try Self.shipped().last)
        #expect(configuration.problems.isEmpty)
        #expect(configuration.groups.map(\.maximum) == [18, 20, 12, 10, 22, 18])
        #expect(configuration.band(of: 90)?.key == "excellent")
        #expect(configuration.band(of: 49.99)?.key == "weak")
    }

    @Test("points of one sub-indicator", arguments: [
        (Double?.some(1.0), 1.0, 20.0, 20.0),
        (0.72, 1.0, 20.0, 14.4),
        (0.738, 0.8, 12.0, 11.07),
        (0.9, 0.8, 12.0, 12.0),
        (0.45, 0.9, 18.0, 9.0),
        (nil, 1.0, 10.0, 0.0),
    ])
    func points(ratio: Double?, target: Double, maximum: Double, expected: Double) {
        #expect(abs(ServiceIndexScore.points(ratio: ratio, target: target, maximum: maximum) - expected) < 1e-9)
    }

    @Test("a unit's index from its report row, by hand")
    func unitScore() throws {
        let configuration = try #require(try Self.shipped().last)
        var cohort = CohortSums()
        cohort.received = 100
        cohort.receivedOnline = 60
        cohort.finished = 80
        cohort.onTime = 60
        var flow = CounterValues()
        flow["finished"] = 50
        flow["resolved_late"] = 10
        flow["apologies"] = 5
        flow["digitised"] = 25
        flow["e_results"] = 50
        flow["payments"] = 20
        flow["online_payments"] = 5
        flow["ratings"] = 10
        flow["ratings_high"] = 9
        let row = IndicatorRow(cohort: cohort, flow: flow)
        let score = ServiceIndexScore(configuration: configuration) { $0.ratio(row, portalSync: 0.5) }
        // transparency: portal 0.5 × 10 = 5, apology 0.5 × 8 = 4 → 9
        // progress: 0.75 × 20 = 15; online: 0.6 × 12 ÷ 0.8 = 9; payment: 0.25 × 10 ÷ 0.5 = 5
        // digitisation: 0.5 × 11 + 1.0 × 11 = 16.5; satisfaction: 0.9 ≥ 0.9 → 18
        let groups = Dictionary(uniqueKeysWithValues: score.groups.map { ($0.key, $0.points) })
        #expect(abs(groups["transparency"]! - 9) < 1e-9)
        #expect(abs(groups["progress"]! - 15) < 1e-9)
        #expect(abs(groups["online-service"]! - 9) < 1e-9)
        #expect(abs(groups["online-payment"]! - 5) < 1e-9)
        #expect(abs(groups["digitisation"]! - 16.5) < 1e-9)
        #expect(abs(groups["satisfaction"]! - 18) < 1e-9)
        #expect(abs(score.points - 72.5) < 1e-9)
        #expect(score.band == "good")
    }

    @Test("inconsistent configurations are named")
    func problems() throws {
        var configuration = try #require(try Self.shipped().last)
        configuration.groups[0].maximum = 17
        configuration.groups[1].indicators[0].target = 1.5
        configuration.bands.reverse()
        #expect(configuration.problems.count == 4)
    }
}
