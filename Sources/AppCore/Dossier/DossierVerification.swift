import Domain
import Foundation
public import Storage

/// `verify`: the projections must equal what the events give — each current row the replay of its
/// events, its citizen look-up view that of the replayed dossier, and the counters the sum of every
/// event's contribution.
public enum DossierVerification {
    public struct Report: Sendable {
        public var dossiers: Int
        public var events: Int
        public var problems: [String]

        public var summary: String {
            "\(dossiers) dossiers, \(events) events: " + (problems.isEmpty ? "projections equal the events" : "\(problems.count) differences")
        }
    }

    /// Replays every dossier of a province (or all); `progress` hears how many of how many are done.
    ///
    /// All of them are checked one province at a time: the expected counters are held in memory until
    /// compared, about one entry per dossier, which took 3.4 GB for the whole nation at a tenth of its
    /// real size. A dossier of a province the geography does not hold is counted and reported.
    public static func run(
        _ store: any Store, provinceCode: String?, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        if let provinceCode { return try await run(store, provinceCode: provinceCode, offset: 0, total: nil, progress: progress) }
        let provinces = Set(try await store.geography.allUnits().filter { $0.level == .province }.map(\.code)).sorted()
        guard !provinces.isEmpty else { return try await run(store, provinceCode: nil, offset: 0, total: nil, progress: progress) }
        let total = try await store.dossiers.count(provinceCode: nil)
        var report = Report(dossiers: 0, events: 0, problems: [])
        for province in provinces {
            let part = try await run(store, provinceCode: province, offset: report.dossiers, total: total, progress: progress)
            report.dossiers += part.dossiers
            report.events += part.events
            report.problems += part.problems
        }
        if report.dossiers != total {
            report.problems.append("dossiers in provinces the geography does not hold: \(total - report.dossiers)")
        }
        report.problems += try await store.monitoring.rollupDifferences()
        return report
    }

    /// One province, or everything at once when `provinceCode` is nil; `offset` and `total` place its
    /// progress within a whole run.
    private static func run(
        _ store: any Store, provinceCode: String?, offset: Int, total overall: Int?, progress: @Sendable (Int, Int) -> Void
    ) async throws -> Report {
        var problems: [String] = []
        var expected: [CounterKey: CounterValues] = [:]
        var expectedCohorts: [CohortKey: CohortValues] = [:]
        var expectedSteps: [StepKey: StepValues] = [:]
        var eventCount = 0
        let total: Int
        if let overall { total = overall } else { total = try await store.dossiers.count(provinceCode: provinceCode) }
        var position: (province: String, code: String)?
        var dossiers = 0
        let decoder = JSONDecoder()
        progress(offset, total)
        while true {
            let page = try await store.dossiers.replayPage(provinceCode: provinceCode, after: position, limit: 1_000)
            guard let last = page.last else { break }
            position = (last.current.provinceCode, last.current.code)
            for (current, events, publicView) in page {
                let code = current.code
                eventCount += events.count
                guard let replayed = Dossier.replay(events) else {
                    problems.append("\(code): no opening event")
                    continue
                }
                if current != replayed {
                    problems.append("\(code): the current row differs from the replay of its \(events.count) events")
                }
                // Compared as values, not bytes: views written by earlier encoders spell the same JSON
                // differently (escaped slashes), and say the same.
                if (try? decoder.decode(PublicDossierView.self, from: Data(publicView.utf8))) != PublicDossierView(replayed) {
                    problems.append("\(code): the look-up view differs from the replay of its \(events.count) events")
                }
                for (key, values) in CounterValues.of(events: events) { expected[key] = (expected[key] ?? CounterValues()) + values }
                for (key, values) in StepValues.of(events: events) { expectedSteps[key] = (expectedSteps[key] ?? StepValues()) + values }
                if let entry = CohortValues.entry(of: replayed) {
                    expectedCohorts[entry.key] = (expectedCohorts[entry.key] ?? CohortValues()) + entry.values
                }
            }
            dossiers += page.count
            progress(offset + dossiers, max(total, offset + dossiers))
        }
        let stored = try await store.dossiers.counters(provinceCode: provinceCode, from: LocalDate(year: 2000, month: 1, day: 1)!, to: .distantFuture)
        for key in Set(expected.keys).union(stored.keys) {
            let want = expected[key] ?? CounterValues(), have = stored[key] ?? CounterValues()
            if want != have {
                let differing = CounterValues.names.indices.filter { want.values[$0] != have.values[$0] }
                    .map { "\(CounterValues.names[$0]) \(have.values[$0]) ≠ \(want.values[$0])" }
                problems.append("counters \(key.day) \(key.competentUnit) \(key.procedureCode) \(key.channel.rawValue): \(differing.joined(separator: ", "))")
            }
        }
        let storedCohorts = try await store.monitoring.cohorts(provinceCode: provinceCode)
        for key in Set(expectedCohorts.keys).union(storedCohorts.keys) {
            let want = expectedCohorts[key] ?? CohortValues(), have = storedCohorts[key] ?? CohortValues()
            if want != have {
                let differing = CohortValues.names.indices.filter { want.values[$0] != have.values[$0] }
                    .map { "\(CohortValues.names[$0]) \(have.values[$0]) ≠ \(want.values[$0])" }
                problems.append(
                    "cohort \(key.receiveDay) \(key.dimensions.competentUnit) \(key.dimensions.procedureCode) "
                        + "closed \(key.closeDay) due \(key.dueDay): \(differing.joined(separator: ", "))"
                )
            }
        }
        let storedSteps = try await store.monitoring.stepRows(provinceCode: provinceCode)
        for key in Set(expectedSteps.keys).union(storedSteps.keys) where expectedSteps[key] != storedSteps[key] {
            let want = expectedSteps[key] ?? StepValues(), have = storedSteps[key] ?? StepValues()
            let differing = StepValues.names.indices.filter { want.values[$0] != have.values[$0] }
                .map { "\(StepValues.names[$0]) \(have.values[$0]) ≠ \(want.values[$0])" }
            problems.append("steps \(key.day) \(key.agencyCode) \(key.kind.rawValue) \(key.procedureCode): \(differing.joined(separator: ", "))")
        }
        if provinceCode == nil { problems += try await store.monitoring.rollupDifferences() }
        return Report(dossiers: dossiers, events: eventCount, problems: problems)
    }
}
