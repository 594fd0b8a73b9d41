import Domain

/// Everything the simulated systems hold, and the faults they inject. One actor: the simulator is a
/// test instrument, not a load target.
actor SimulatorState {
    var faults: FaultSettings
    var generator: SeededGenerator
    var faultGenerator: SeededGenerator
    let people: [String: PersonRecord]
    let peopleList: [PersonRecord]
    let procedures: [String]
    var filings: [PortalFiling] = []
    var statuses: [String: [Int]] = [:]
    var keys: [ExternalSystem: Set<String>] = [:]
    var records: [ExternalSystem: [RegisterRecord]] = [:]
    var notifications: [Notice] = []
    var stats = SimulatorStats()

    init(seed: UInt64, people count: Int, filings: Int, procedures: [String], faults: FaultSettings) {
        var generator = SeededGenerator(seed: seed)
        let list = FakePeople.make(count: count, generator: &generator)
        self.peopleList = list
        self.people = Dictionary(list.map { ($0.personalID, $0) }, uniquingKeysWith: { first, _ in first })
        self.generator = generator
        self.faultGenerator = SeededGenerator(seed: seed ^ 0xFA17)
        self.procedures = procedures
        self.faults = faults
        for _ in 0..<filings { self.filings.append(Self.filing(number: self.filings.count + 1, people: list, procedures: procedures, generator: &self.generator)) }
    }

    /// The fault for this request: the one a request header asks for, or a random one at the run's rate.
    func fault(forced: FaultSettings.Kind?) -> FaultSettings.Kind? {
        stats.requests += 1
        let kind: FaultSettings.Kind?
        if let forced {
            kind = forced
        } else if faults.rate > 0, !faults.kinds.isEmpty, Double.random(in: 0..<1, using: &faultGenerator) < faults.rate {
            kind = faults.kinds.randomElement(using: &faultGenerator)
        } else {
            kind = nil
        }
        if let kind { stats.faults[kind.rawValue, default: 0] += 1 }
        return kind
    }

    func setFaults(_ settings: FaultSettings) { faults = settings }

    @discardableResult
    func addFiling() -> PortalFiling {
        let filing = Self.filing(number: filings.count + 1, people: peopleList, procedures: procedures, generator: &generator)
        filings.append(filing)
        return filing
    }

    static func filing(number: Int, people: [PersonRecord], procedures: [String], generator: inout SeededGenerator) -> PortalFiling {
        let person = people.randomElement(using: &generator)!
        let commune = FakePeople.communes.randomElement(using: &generator)!
        var applicant = person.applicant
        applicant.phone = "09" + String(Int.random(in: 0...99_999_999, using: &generator)).leftPadded(8)
        return PortalFiling(
            portalID: "G22.\(String(number).leftPadded(7))", procedureCode: procedures.randomElement(using: &generator)!,
            receivingUnit: commune.code, competentUnit: commune.code, applicant: applicant,
            summary: "Hồ sơ nộp trên Cổng Dịch vụ công quốc gia", submittedAt: Instant(minutes: 29_000_000 + number)
        )
    }

    func page(after cursor: String?, limit: Int) -> FilingPage {
        let start = cursor.flatMap(Int.init) ?? 0
        let end = min(filings.count, start + max(1, min(limit, 500)))
        guard start < end else { return FilingPage(items: [], next: cursor) }
        return FilingPage(items: Array(filings[start..<end]), next: String(end))
    }

    /// Applies a write once per key (unless deduplication is off); false when it was a repeat.
    func write(_ system: ExternalSystem, key: String?, apply: @Sendable (isolated SimulatorState) -> Void) -> Bool {
        stats.writes += 1
        if let key, keys[system, default: []].contains(key) {
            if faults.deduplicate {
                stats.duplicatesIgnored += 1
                return false
            }
            stats.duplicatesStored[system.rawValue, default: 0] += 1
        }
        if let key { keys[system, default: []].insert(key) }
        apply(self)
        return true
    }

    func addStatus(_ update: PortalStatusUpdate) { statuses[update.dossierCode, default: []].append(update.status) }
    func addRecord(_ system: ExternalSystem, _ record: RegisterRecord) { records[system, default: []].append(record) }
    func addNotification(_ notification: Notice) { notifications.append(notification) }

    func statusHistories() -> [StatusHistory] {
        statuses.keys.sorted().map { StatusHistory(dossierCode: $0, statuses: statuses[$0] ?? []) }
    }

    func records(_ system: ExternalSystem, dossierCode: String?) -> [RegisterRecord] {
        let all = records[system] ?? []
        return dossierCode.map { code in all.filter { $0.dossierCode == code } } ?? all
    }

    func person(_ id: String) -> PersonRecord? { people[id] }
    func somePeople(_ limit: Int) -> [PersonRecord] { Array(peopleList.prefix(limit)) }
    func inbox() -> [Notice] { notifications }
    func currentStats() -> SimulatorStats { stats }
    func currentFaults() -> FaultSettings { faults }
}
