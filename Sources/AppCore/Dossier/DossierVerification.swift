import Domain
public import Storage

/// `verify`: the projections must equal what the events give — each current row the replay of its
/// events, and the daily counters the sum of every event's contribution.
public enum DossierVerification {
    public struct Report: Sendable {
        public var dossiers: Int
        public var events: Int
        public var problems: [String]

        public var summary: String {
            "\(dossiers) dossiers, \(events) events: " + (problems.isEmpty ? "projections equal the events" : "\(problems.count) differences")
        }
    }

    public static func run(_ store: any Store, provinceCode: String?) async throws -> Report {
        var problems: [String] = []
        var expected: [CounterKey: CounterValues] = [:]
        var eventCount = 0
        let codes = try await store.dossiers.codes(provinceCode: provinceCode)
        for code in codes {
            let events = try await store.dossiers.events(code: code)
            eventCount += events.count
            guard let replayed = Dossier.replay(events) else {
                problems.append("\(code): no opening event")
                continue
            }
            if try await store.dossiers.dossier(code: code) != replayed {
                problems.append("\(code): the current row differs from the replay of its \(events.count) events")
            }
            for (key, values) in CounterValues.of(events: events) { expected[key] = (expected[key] ?? CounterValues()) + values }
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
        return Report(dossiers: codes.count, events: eventCount, problems: problems)
    }
}
