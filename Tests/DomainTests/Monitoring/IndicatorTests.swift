import Domain
import DomainTesting
import Foundation
import Testing

/// DOMAIN.md §7's worked example through the cohort counters: the figures of the table, exactly.
struct IndicatorTests {
    static let july1 = LocalDate(year: 2025, month: 7, day: 1)!
    static let july31 = LocalDate(year: 2025, month: 7, day: 31)!

    /// The cohort rows the example's dossiers end in, built event by event as the store builds them.
    static func cohortRows() throws -> [CohortKey: CohortValues] {
        var rows: [CohortKey: CohortValues] = [:]
        for scenario in try DossierStatisticsTests.example().values {
            var dossier: Dossier?
            for event in scenario.events {
                guard let current = dossier ?? Dossier.opened(by: event) else { continue }
                let after = current.applying(event)
                for (key, delta) in CohortValues.deltas(before: dossier, after: after) {
                    rows[key] = (rows[key] ?? CohortValues()) + delta
                }
                dossier = after
            }
        }
        return rows.filter { !$0.value.isZero }
    }

    static func flow() throws -> CounterValues {
        try DossierStatisticsTests.example().values.reduce(CounterValues()) { total, scenario in
            CounterValues.of(events: scenario.events).values.reduce(total, +)
        }
    }

    @Test("the worked example: received 7, online 3/7, resolvedShare 4/6, onTimeShare 2/4, pending 1 on track and 1 overdue")
    func workedExample() throws {
        let row = IndicatorRow(cohort: CohortSums.observe(try Self.cohortRows(), from: Self.july1, to: Self.july31), flow: try Self.flow())
        #expect(row.received == 7)
        #expect(row.receivedOnline == 3)
        #expect(row.onlineShare == 3.0 / 7.0)
        #expect(row.cohort.withdrawn == 1)
        #expect(row.resolved == 4)
        #expect(row.resolvedShare == 4.0 / 6.0)
        #expect(row.onTime == 2)
        #expect(row.onTimeShare == 0.5)
        #expect(row.late == 2)
        #expect(row.pendingOnTrack == 1)
        #expect(row.pendingOverdue == 1)
        #expect(row.flow["refused_at_intake"] == 1)
        // Rounded as DOMAIN.md prints them.
        #expect((row.onlineShare! * 100).rounded() / 100 == 0.43)
        #expect((row.resolvedShare! * 100).rounded() / 100 == 0.67)
    }

    @Test("each dossier ends in exactly one cohort row, and moving between rows leaves no residue")
    func oneRowPerDossier() throws {
        let rows = try Self.cohortRows()
        #expect(rows.values.reduce(0) { $0 + $1["dossiers"] } == 7, "H was never received")
        #expect(rows.values.allSatisfy { $0["dossiers"] >= 0 && $0.values.allSatisfy { $0 >= 0 } })
    }

    @Test("observed earlier, the same dossiers give the figures of that day: 10 July")
    func earlierPeriodEnd() throws {
        let rows = try Self.cohortRows()
        let sums = CohortSums.observe(rows, from: Self.july1, to: LocalDate(year: 2025, month: 7, day: 10)!)
        // Received by 10 July: A B C D E (H refused, F G later).
        #expect(sums.received == 5)
        // E withdrawn on 9 July; A (3 Jul), C (4 Jul) finished; B (11 Jul) and D (11 Jul) still pending.
        #expect(sums.withdrawn == 1)
        #expect(sums.finished == 2)
        #expect(sums.pending == 2)
        // D was due 10 July 08:00: overdue at the end of 10 July; B, due 14 July, on track.
        #expect(sums.pendingOverdue == 1)
    }

    @Test("the average processing time is in working days net of pauses")
    func processingDays() throws {
        let rows = try Self.cohortRows()
        let example = try DossierStatisticsTests.example()
        let finished = ["A", "B", "C", "D"].compactMap { example[$0]?.dossier.processingMinutes }
        let row = IndicatorRow(cohort: CohortSums.observe(rows, from: Self.july1, to: Self.july31), flow: CounterValues())
        #expect(row.avgProcessingDays == Double(finished.reduce(0, +)) / 4 / 480)
    }

    @Test("a paused dossier is on track while its due time moves with the pause")
    func pausedIsOnTrack() throws {
        var b = try DossierScenario("B2", at: "2025-07-02T08:00", channel: .inPerson)
        try b.apply("2025-07-02T09:00", DossierRequest(.assign, assignee: "u2"))
        try b.apply("2025-07-03T10:00", DossierRequest(.requestSupplement, missing: ["Bản sao giấy khai sinh"]))
        let entry = try #require(CohortValues.entry(of: b.dossier))
        #expect(entry.key.dueDay == .distantFuture)
        #expect(DossierFigures.pendingState(b.dossier, at: DossierScenario.at("2025-08-01T00:00")) == true)
    }
}

struct ReportRequestTests {
    @Test("scope, period, breakdown and perspective parse; commune is a unit")
    func parses() throws {
        let request = try ReportRequest.parse(
            scope: "province:79,field:ho-tich", from: "2025-07-01", to: "2025-08-23", by: "commune,week", perspective: "receiving"
        )
        #expect(request.filters == [ReportFilter(.province, "79"), ReportFilter(.field, "ho-tich")])
        #expect(request.by == [.unit, .week])
        #expect(request.perspective == .receiving)
        #expect(try ReportRequest.parse(scope: nil, from: "2025-07-01", to: "2025-07-01", by: nil, perspective: nil).filters.isEmpty)
    }

    @Test("bad parameters name what is wrong", arguments: [
        ("planet:3", "2025-07-01", "2025-08-23", "", "scope"),
        ("province:HCM", "2025-07-01", "2025-08-23", "", "scope"),
        ("level:district", "2025-07-01", "2025-08-23", "", "scope"),
        ("nation", "2025-07-01", "2025-08-23", "planet", "by"),
        ("nation", "2025-07-01", "2025-08-23", "province,unit,field,day", "by"),
        ("nation", "2025-08-24", "2025-08-23", "", "to"),
        ("nation", "2019-01-01", "2025-08-23", "", "to"),
        ("nation", "2025-02-30", "2025-08-23", "", "from"),
        ("nation", "2025-07-01", "yesterday", "", "to"),
        (Array(repeating: "province:01", count: 500).joined(separator: ","), "2025-07-01", "2025-08-23", "", "scope"),
        ("province:" + String(repeating: "7", count: 100), "2025-07-01", "2025-08-23", "", "scope"),
    ])
    func rejects(_ scope: String, _ from: String, _ to: String, _ by: String, _ parameter: String) {
        #expect(throws: ReportError.self) { try ReportRequest.parse(scope: scope, from: from, to: to, by: by, perspective: nil) }
        do {
            _ = try ReportRequest.parse(scope: scope, from: from, to: to, by: by, perspective: nil)
        } catch {
            #expect(error.parameter == parameter)
            #expect(!error.message.isEmpty)
        }
    }

    @Test("weeks start on Monday; months are YYYY-MM")
    func buckets() {
        #expect(ReportDimension.week.bucket(of: LocalDate(year: 2025, month: 7, day: 6)!) == "2025-06-30")
        #expect(ReportDimension.week.bucket(of: LocalDate(year: 2025, month: 7, day: 7)!) == "2025-07-07")
        #expect(ReportDimension.month.bucket(of: LocalDate(year: 2025, month: 8, day: 23)!) == "2025-08")
    }
}

struct AlertTests {
    static func row(_ unit: String, pending: Int, overdue: Int) -> IndicatorRow {
        var cohort = CohortSums()
        cohort.received = pending + 10
        cohort.pending = pending
        cohort.pendingOverdue = overdue
        return IndicatorRow(group: ["unit": unit], cohort: cohort, flow: CounterValues())
    }

    @Test("units over the overdue share or the backlog are flagged, the most overdue first; small units are not judged on share")
    func evaluate() {
        let rows = [
            Self.row("A", pending: 20, overdue: 1),  // 5 %: fine
            Self.row("B", pending: 20, overdue: 6),  // 30 %
            Self.row("C", pending: 150, overdue: 15),  // exactly 10 %: not over the share, over the backlog
            Self.row("D", pending: 4, overdue: 4),  // 100 % of 4: under the minimum pending
            Self.row("E", pending: 200, overdue: 100),  // both
        ]
        let alerts = Alert.evaluate(rows, thresholds: AlertThresholds(overdueShare: 0.10, backlog: 100, minimumPending: 5))
        #expect(alerts.map { $0.group["unit"] } == ["E", "B", "C"])
        #expect(alerts[0].reasons == [.overdueShare, .backlog])
        #expect(alerts[1].message == "6/20 hồ sơ đang giải quyết đã quá hạn (30,0%)")
        #expect(alerts[2].reasons == [.backlog])
    }
}

extension IndicatorTests {
    @Test("a row encoded as the API answers decodes back to the same counts: every counter has a key")
    func roundTrip() throws {
        var flow = CounterValues()
        for index in flow.values.indices { flow.values[index] = index + 1 }
        let row = IndicatorRow(group: ["unit": "00004"], cohort: CohortSums.observe(try Self.cohortRows(), from: Self.july1, to: Self.july31), flow: flow)
        let decoded = try JSONDecoder().decode(IndicatorRow.self, from: try JSONEncoder().encode(row))
        #expect(decoded == row)
    }
}

extension IndicatorTests {
    @Test("where D's time went: its handling step overran by 10 working hours; reception steps have no allotted time")
    func lateSteps() throws {
        let d = try #require(try DossierStatisticsTests.example()["D"])
        let steps = StepValues.of(events: d.events)
        let handling = steps.filter { $0.key.kind == .handling }.values.reduce(StepValues(), +)
        #expect(handling["steps"] == 1)
        #expect(handling["late_steps"] == 1)
        // Due Thu 10 July 08:00, resolved Fri 11 July 10:00: 8 hours on the 10th and 2 on the 11th.
        #expect(handling["overrun_minutes"] == 10 * 60)
        let reception = steps.filter { $0.key.kind == .reception }.values.reduce(StepValues(), +)
        #expect(reception["steps"] == 1 && reception["timed_steps"] == 0 && reception["late_steps"] == 0)
        let a = try #require(try DossierStatisticsTests.example()["A"])
        #expect(StepValues.of(events: a.events).values.reduce(StepValues(), +)["late_steps"] == 0)
    }
}
