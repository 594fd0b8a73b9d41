import Domain
import Testing

/// Before/after across procedure versions: versions in order, each with its change from the one before.
@Suite("version comparison")
struct VersionComparisonTests {
    static func row(_ version: String, received: Int, finished: Int, onTime: Int, online: Int, minutes: Int) -> IndicatorRow {
        var cohort = CohortSums()
        cohort.received = received
        cohort.receivedOnline = online
        cohort.finished = finished
        cohort.onTime = onTime
        cohort.processingMinutes = minutes
        return IndicatorRow(group: ["version": version], cohort: cohort, flow: CounterValues())
    }

    @Test("two versions of one procedure: the later one's change is its figure minus the earlier one's; a lone version has none")
    func deltas() throws {
        let rows = [
            Self.row("1.004873@2025-07-01", received: 40, finished: 20, onTime: 15, online: 30, minutes: 20 * 960),
            Self.row("1.004873@2024-01-01", received: 100, finished: 80, onTime: 40, online: 50, minutes: 80 * 1_440),
            Self.row("2.000001@2025-01-01", received: 5, finished: 0, onTime: 0, online: 0, minutes: 0),
            IndicatorRow(group: ["version": "malformed"], cohort: CohortSums(), flow: CounterValues()),
        ]
        let compared = VersionComparison.compare(rows)
        #expect(compared.map(\.procedure) == ["1.004873", "2.000001"])
        let first = try #require(compared.first)
        #expect(first.versions.map(\.validFrom) == ["2024-01-01", "2025-07-01"])
        #expect(first.versions[0].change == nil)
        let change = try #require(first.versions[1].change)
        #expect(change.onTimeShare == 15.0 / 20 - 40.0 / 80)
        #expect(change.onlineShare == 30.0 / 40 - 50.0 / 100)
        #expect(change.avgProcessingDays == 2.0 - 3.0, "960 minutes a dossier is 2 working days, 1,440 is 3")
        let lone = compared[1].versions
        #expect(lone.count == 1 && lone[0].figures.onTimeShare == nil, "nothing finished: nothing to measure")
    }
}
