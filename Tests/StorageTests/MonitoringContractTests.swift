import Domain
import Foundation
@testable import Storage
import StorageTesting
import Testing

/// The report sums on every engine: the SQL over the cohort and daily counters gives what the domain's
/// definition (`CohortSums.observe`) gives over the same dossiers, for several periods and breakdowns.
@Suite("monitoring store contract")
struct MonitoringContractTests {
    typealias Fixture = DossierContractTests

    /// 40 dossiers over two weeks of July 2025 with every fate, each change appended on its own.
    static let otherProcedure: ProcedureVersion = {
        var procedure = Fixture.procedure
        procedure.code = "1.001193"
        procedure.field = "Chứng thực"
        return procedure
    }()
    static let laterVersion: ProcedureVersion = {
        var procedure = Fixture.procedure
        procedure.validFrom = LocalDate(year: 2025, month: 7, day: 3)!
        return procedure
    }()

    /// `competentUnit` and `level`, when given, are every dossier's (the province's own unit and its
    /// provincial procedures; or the two disagreeing, as an import may bring them).
    static func write(
        _ store: any Store, indices: [Int] = Array(0..<40), competentUnit: String? = nil, level: ProcedureVersion.Level? = nil
    ) async throws -> [Dossier] {
        var dossiers: [Dossier] = []
        for index in indices {
            let receivedAt = Instant(minutes: Fixture.now.minutes + (index % 10) * 1440 + (index % 3) * 90)
            let channel: Channel = index % 3 == 0 ? .inPerson : (index % 3 == 1 ? .online : .onlinePortal)
            let unit = index % 2 == 0 ? "00004" : "00008"
            // Two procedures in two fields, one of them in two versions; two agencies in each unit, each
            // agency its unit's own (as in the gazetteer: a breakdown by agency is paged by unit).
            var version = index % 5 == 4 ? Self.otherProcedure : (index % 5 == 2 ? Self.laterVersion : Fixture.procedure)
            version.level = level ?? version.level
            let procedure = version
            let agency = competentUnit.map { "000.00.\($0).H11" }
                ?? (unit == "00004" ? (index % 4 < 2 ? "001.05.01.H01" : "001.05.01.H07") : (index % 4 < 2 ? "001.05.01.H02" : "001.05.01.H08"))
            // Some dossiers are received by the province's other unit (reception anywhere in the province).
            let receivingUnit = index % 7 == 3 ? (unit == "00004" ? "00008" : "00004") : unit
            let officer = DossierActor(userID: "u1", role: .specialist, unitCode: unit)
            @Sendable func context(_ minutes: Int) -> DossierContext { DossierContext(now: Instant(minutes: receivedAt.minutes + minutes), actor: officer, clock: Fixture.clock) }
            let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: receivedAt.vietnamDate) { code in
                let opening = DossierOpening(
                    code: code, provinceCode: "01", procedure: procedure, channel: channel, receivingUnit: receivingUnit,
                    receivingAgency: "001.05.01.H01", competentUnit: competentUnit ?? unit, competentAgency: agency, returnUnit: unit,
                    applicant: Applicant(name: "Lê Thị Lan"), summary: nil,
                    documents: [ReceivedDocument(name: "Tờ khai", original: true, count: 1, required: true, provided: false)],
                    portalID: nil, secretHash: "h"
                )
                let submitted = try DossierDecider.submit(opening, context: context(0))
                let opened = Dossier.opened(by: submitted)!.applying(submitted)
                if index % 13 == 12 {
                    let refused = try DossierDecider.decide(opened, DossierRequest(.refuseAtIntake, reason: "Không đủ giấy tờ"), context: context(0))
                    return DossierChange(before: nil, events: [submitted, refused], after: opened.applying(refused))
                }
                let received = try DossierDecider.decide(opened, DossierRequest(.receive), context: context(0))
                return DossierChange(before: nil, events: [submitted, received], after: opened.applying(received))
            }
            guard var dossier = try await store.dossiers.dossier(code: code) else { throw StorageError.corrupt("no \(code)") }
            func step(_ request: DossierRequest, after minutes: Int) async throws {
                let event = try DossierDecider.decide(dossier, request, context: context(minutes))
                let change = DossierChange(before: dossier, events: [event], after: dossier.applying(event))
                try await store.dossiers.append(change)
                dossier = change.after
            }
            if dossier.status == .received {
                switch index % 6 {
                case 0, 1, 2:
                    try await step(DossierRequest(.assign, assignee: "u2"), after: 10)
                    if index % 4 == 0 {
                        try await step(DossierRequest(.requestSupplement, missing: ["Bản sao"]), after: 20)
                        try await step(DossierRequest(.receiveSupplement), after: 20 + (index % 5) * 1440)
                    }
                    try await step(DossierRequest(.proposeDecision, outcome: .approved), after: 30 + (index % 7) * 1440)
                    try await step(DossierRequest(.decide, outcome: .approved), after: 31 + (index % 7) * 1440)
                    try await step(DossierRequest(.resolve), after: 32 + (index % 7) * 1440)
                case 3: try await step(DossierRequest(.withdraw, reason: "Không còn nhu cầu"), after: 2 * 1440)
                case 4:
                    try await step(DossierRequest(.assign, assignee: "u2"), after: 10)
                    try await step(DossierRequest(.requestSupplement, missing: ["Ảnh"]), after: 60)
                default: break
                }
            }
            dossiers.append(dossier)
        }
        return dossiers
    }

    static func days(_ from: Int, _ to: Int) -> (LocalDate, LocalDate) {
        (LocalDate(year: 2025, month: 7, day: from)!, LocalDate(year: 2025, month: 7, day: to)!)
    }

    @Test("cohort rows equal the dossiers' entries, and every sum the SQL gives equals the definition", arguments: TestStores.engines)
    func sums(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let dossiers = try await Self.write(store)
        var expected: [CohortKey: CohortValues] = [:]
        for dossier in dossiers {
            if let entry = CohortValues.entry(of: dossier) { expected[entry.key] = (expected[entry.key] ?? CohortValues()) + entry.values }
        }
        let stored = try await store.monitoring.cohorts(provinceCode: nil)
        #expect(stored == expected)
        var expectedSteps: [StepKey: StepValues] = [:]
        for dossier in dossiers {
            for (key, values) in StepValues.of(events: try await store.dossiers.events(code: dossier.code)) {
                expectedSteps[key] = (expectedSteps[key] ?? StepValues()) + values
            }
        }
        #expect(try await store.monitoring.stepRows(provinceCode: nil) == expectedSteps)
        let bySteps = try await store.monitoring.stepSums(ReportRequest(filters: [ReportFilter(.unit, "00004")], from: Self.days(1, 31).0, to: Self.days(1, 31).1))
        #expect(bySteps.values.reduce(StepValues(), +)["steps"] == expectedSteps.filter { $0.key.unitCode == "00004" }.values.reduce(StepValues(), +)["steps"])
        #expect(bySteps.keys.allSatisfy { $0[1] == "00004" })
        #expect(try await store.monitoring.cohorts(provinceCode: "79").isEmpty)

        for (from, to) in [Self.days(1, 1), Self.days(1, 4), Self.days(2, 9), Self.days(1, 31), Self.days(8, 8)] {
            for by in [[], [ReportDimension.channel], [.day], [.unit, .level], [.version], [.month, .channel]] {
                let request = ReportRequest(from: from, to: to, by: by)
                let sums = try await store.monitoring.cohortSums(request)
                var want: [[String]: CohortSums] = [:]
                for (key, values) in expected where key.receiveDay >= from && key.receiveDay <= to {
                    let group = by.map { dimension -> String in
                        switch dimension {
                        case .channel: key.dimensions.channel.rawValue
                        case .day: key.receiveDay.description
                        case .month: String(key.receiveDay.description.prefix(7))
                        case .unit: key.dimensions.competentUnit
                        case .level: key.dimensions.level.rawValue
                        default: "\(key.dimensions.procedureCode)@\(key.dimensions.procedureValidFrom)"
                        }
                    }
                    var sum = want[group] ?? CohortSums()
                    sum.add(key, values, end: to)
                    want[group] = sum
                }
                #expect(sums == want, "\(from)…\(to) by \(by)")
            }
        }
        // A filter keeps only its rows; the receiving perspective groups by the counter's unit.
        let filtered = try await store.monitoring.cohortSums(ReportRequest(filters: [ReportFilter(.unit, "00008")], from: Self.days(1, 31).0, to: Self.days(1, 31).1))
        #expect(filtered[[]]?.received == dossiers.count { $0.receivedAt != nil && $0.opening.competentUnit == "00008" })
        let receiving = try await store.monitoring.cohortSums(ReportRequest(from: Self.days(1, 31).0, to: Self.days(1, 31).1, by: [.unit], perspective: .receiving))
        #expect(Set(receiving.keys) == [["00004"], ["00008"]])
        let receivedBy00008 = dossiers.count { $0.receivedAt != nil && $0.opening.receivingUnit == "00008" }
        #expect(receiving[["00008"]]?.received == receivedBy00008)
        #expect(receivedBy00008 != filtered[[]]?.received, "some dossiers are received by another unit than the competent one")
        // The province rollups equal the detail, and verify sees a tampered rollup.
        #expect(try await store.monitoring.rollupDifferences().isEmpty)
        let sql = try #require(store as? any SQLExecutor)
        // On PostgreSQL the dossiers of a province add to several slots of its rollup rows (concurrent
        // filings then lock different rows); the sums above are over the slots. SQLite has one.
        let table = ProvinceCohortGranules.table
        let slots = try await sql.query(SQLStatement("SELECT COUNT(DISTINCT slot) FROM \(table)")).first?.first?.integer ?? 0
        #expect(engine == .postgres ? slots > 1 : slots == 1)
        // Migration 28 fills the rollup from the detail with the rows the filings themselves wrote (summed
        // over the slots, where a day's values may cancel out).
        let rollup = SQLStatement(GranuleRollups.stored(table, ProvinceCohortGranules.dimensions, ObservedValues.names)
            + " ORDER BY \(ProvinceCohortGranules.dimensions)")
        let written = try await sql.query(rollup)
        try await sql.transaction([SQLStatement("DELETE FROM \(table)"), SQLStatement(ProvinceCohortGranules.fill)])
        #expect(try await sql.query(rollup) == written)
        // Each observation day in its month, its dekad and itself; some observed after the receipt.
        #expect(Set(written.compactMap { $0[0].text?.first }) == ["d", "m", "x"])
        #expect(written.count > 10 && written.contains { $0[0].text?.hasPrefix("d") == true && $0[0].text != "d" + ($0[1].text ?? "") },
                "rows of other days than the receipt")
        try await sql.transaction([SQLStatement("UPDATE daily_province SET received = received + 1 WHERE day = '2025-07-01'")])
        try await sql.transaction([SQLStatement("DELETE FROM \(table) WHERE receive_day = '2025-07-02' AND granule LIKE 'x%'")])
        let differences = try await store.monitoring.rollupDifferences()
        #expect(differences.contains { $0.hasPrefix("daily_province") })
        #expect(differences.contains { $0.hasPrefix("\(table): row missing from") })
        try await store.close()
    }

    @Test("flow sums are the daily counters of the period", arguments: TestStores.engines)
    func flows(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        _ = try await Self.write(store)
        let (from, to) = Self.days(1, 31)
        let counters = try await store.dossiers.counters(provinceCode: nil, from: from, to: to)
        let total = counters.values.reduce(CounterValues(), +)
        let flow = try await store.monitoring.flowSums(ReportRequest(from: from, to: to))
        #expect(flow[[]] == total)
        #expect(total["refused_at_intake"] == 3)
        let byDay = try await store.monitoring.flowSums(ReportRequest(from: from, to: to, by: [.day]))
        #expect(byDay.values.reduce(CounterValues(), +) == total)
        // An empty period has no rows at all.
        #expect(try await store.monitoring.flowSums(ReportRequest(from: Self.days(31, 31).0, to: Self.days(31, 31).1)).isEmpty)
        #expect(try await store.monitoring.cohortSums(ReportRequest(from: Self.days(31, 31).0, to: Self.days(31, 31).1)).isEmpty)
        try await store.close()
    }

    @Test("minutes past 2³¹ are kept and added to in every counter and rollup (BIGINT on PostgreSQL since migration 33)", arguments: TestStores.engines)
    func largeMinutes(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        _ = try await Self.write(store)
        let sql = try #require(store as? any SQLScriptRunner)
        let columns = [
            ("cohort_counters", "processing_minutes"), ("cohort_granules", "processing_minutes"),
            ("cohort_province_granules", "processing_minutes"), ("daily_counters", "processing_minutes"),
            ("daily_granules", "processing_minutes"), ("daily_province", "processing_minutes"),
            ("daily_counters", "paused_minutes"), ("daily_granules", "paused_minutes"), ("daily_province", "paused_minutes"),
            ("step_counters", "overrun_minutes"), ("step_granules", "overrun_minutes"),
        ]
        let brink = Int(Int32.max) - 10
        for (table, column) in columns {
            try await sql.transaction([SQLStatement("UPDATE \(table) SET \(column) = ?", [.integer(brink)])])
        }
        // Dossiers like the first (their units, days, channels, procedures and steps repeat every 420):
        // their minutes add to the rows at the brink, as a filing adds to a rollup row that has summed a
        // month of a large province.
        _ = try await Self.write(store, indices: Array(420..<460))
        // PostgreSQL adds a filing to a rollup row of its slot, most of them new; folding July's slots sums them.
        try await store.monitoring.foldSlots(before: "2025-08")
        for (table, column) in columns {
            let largest = try await sql.query(SQLStatement("SELECT MAX(\(column)) FROM \(table)")).first?.first?.integer
            #expect((largest ?? 0) > Int(Int32.max), "\(table).\(column)")
        }
        let (from, to) = Self.days(1, 31)
        let cohort = try #require(try await store.monitoring.cohortSums(ReportRequest(from: from, to: to))[[]])
        #expect(cohort.processingMinutes > Int(Int32.max))
        try await store.close()
    }

    @Test("folding the rollups' slots of closed months, and compacting them after, changes no sum and leaves slot 0 alone there", arguments: TestStores.engines)
    func foldedSlots(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        _ = try await Self.write(store)
        let sql = try #require(store as? any SQLExecutor)
        func slotRows(before month: String) async throws -> Int {
            var count = 0
            for table in RollupSlotFolding.tables {
                count += try await sql.query(SQLStatement(
                    "SELECT COUNT(*) FROM \(table.table) WHERE slot <> 0 AND \(table.month) < ?", [.text(month)]
                )).first?.first?.integer ?? 0
            }
            return count
        }
        // Each breakdown reads another rollup: the province's, its granules, the field's, the procedure's, the unit's.
        let requests = [Self.days(1, 31), Self.days(2, 9)].flatMap { from, to in
            [[], [ReportDimension.day], [.channel], [.field], [.version], [.unit, .level]].map { ReportRequest(from: from, to: to, by: $0) }
        }
        func sums() async throws -> ([[[String]: CohortSums]], [[[String]: CounterValues]]) {
            var cohorts: [[[String]: CohortSums]] = [], flows: [[[String]: CounterValues]] = []
            for request in requests {
                cohorts.append(try await store.monitoring.cohortSums(request))
                flows.append(try await store.monitoring.flowSums(request))
            }
            return (cohorts, flows)
        }
        let before = try await sums()
        let spread = try await slotRows(before: "2025-08")
        #expect(engine == .postgres ? spread > 0 : spread == 0, "PostgreSQL spreads July's rollup rows over slots")
        try await store.monitoring.foldSlots(before: "2025-07")
        #expect(try await slotRows(before: "2025-08") == spread, "June and before hold nothing")
        try await store.monitoring.foldSlots(before: "2025-08")
        #expect(try await slotRows(before: "2025-08") == 0)
        let after = try await sums()
        #expect(after.0 == before.0 && after.1 == before.1)
        #expect(try await store.monitoring.rollupDifferences().isEmpty)
        // Compacted after the fold (PostgreSQL rewrites each table: new files), the same sums.
        func files() async throws -> [Int] {
            guard engine == .postgres else { return [] }
            var files: [Int] = []
            for table in RollupSlotFolding.tables {
                files.append(try await sql.query(SQLStatement("SELECT relfilenode::bigint FROM pg_class WHERE oid = '\(table.table)'::regclass")).first?.first?.integer ?? 0)
            }
            return files
        }
        let uncompacted = try await files()
        try await store.monitoring.compactRollups()
        let compacted = try await files()
        #expect(zip(uncompacted, compacted).allSatisfy { $0 != $1 })
        let afterCompaction = try await sums()
        #expect(afterCompaction.0 == before.0 && afterCompaction.1 == before.1)
        // Filings into a folded month add slot rows again, and the sums stay those of the detail.
        _ = try await Self.write(store, indices: [40, 41, 42])
        #expect(try await store.monitoring.rollupDifferences().isEmpty)
        try await store.close()
    }

    @Test("monthly reports are stored once per month and scope, the latest kept", arguments: TestStores.engines)
    func monthlyReports(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        try await store.monitoring.saveMonthlyReport(month: "2025-07", scope: "nation", body: "{\"a\":1}", at: Fixture.now)
        try await store.monitoring.saveMonthlyReport(month: "2025-07", scope: "nation", body: "{\"a\":2}", at: Fixture.now)
        try await store.monitoring.saveMonthlyReport(month: "2025-07", scope: "province:01", body: "{}", at: Fixture.now)
        #expect(try await store.monitoring.monthlyReport(month: "2025-07", scope: "nation") == "{\"a\":2}")
        #expect(try await store.monitoring.monthlyReports().count == 2)
        #expect(try await store.monitoring.monthlyReport(month: "2025-08", scope: "nation") == nil)
        try await store.close()
    }

    @Test("the receiving perspective has no row for a competent unit that received nothing", arguments: TestStores.engines)
    func receivedElsewhere(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        // The 11th dossier: competent 00004, received by 00008, given a supplement request.
        let written = try await Self.write(store, indices: [10])
        #expect(written.map(\.opening.competentUnit) == ["00004"] && written.map(\.opening.receivingUnit) == ["00008"])
        let sql = try #require(store as? any SQLExecutor)
        let (from, to) = Self.days(1, 31)
        for rollups in [true, false] {
            let monitoring = SQLMonitoringRepository(executor: sql, useGranuleRollups: rollups)
            for by in [[ReportDimension.unit], [.unit, .agency]] {
                let request = ReportRequest(from: from, to: to, by: by, perspective: .receiving)
                #expect(try await monitoring.cohortSums(request).keys.map { $0[0] } == ["00008"], "\(rollups) \(by)")
                #expect(try await monitoring.flowSums(request).keys.map { $0[0] } == ["00008"], "\(rollups) \(by)")
            }
            #expect(try await monitoring.cohortSums(ReportRequest(from: from, to: to, by: [.unit])).keys.map { $0[0] } == ["00004"])
        }
        try await store.close()
    }

    @Test("the pages of a breakdown that no rollup holds: each group on one page, together the whole", arguments: TestStores.engines)
    func pages(engine: TestStores.Engine) async throws {
        let (store, _, rollups, _) = try await Self.rollupsAndDetail(engine)
        let units = ["01": ["00004", "00008", "01"], "79": ["26734", "79"]]
        var compared = 0
        for (from, to) in [Self.days(1, 31), Self.days(6, 31)] {
            // Nationwide, and scoped to an agency of each unit (its unit's page, or its province's pages).
            let scopes: [([ReportFilter], (unit: String, province: String)?)] = [
                ([], nil), ([ReportFilter(.agency, "001.05.01.H07")], ("00004", "01")), ([ReportFilter(.agency, "001.05.01.H02")], ("00008", "01")),
            ]
            let kinds: [([ReportDimension], ReportPerspective)] = [
                ([.procedure, .unit], .competent), ([.channel, .agency], .competent), ([.channel, .agency], .receiving), ([.unit, .day], .receiving),
                ([.version, .unit], .receiving), ([.field, .province, .day], .competent),
            ]
            for ((by, perspective), (filters, agency)) in kinds.flatMap({ kind in scopes.map { (kind, $0) } }) {
                let request = ReportRequest(filters: filters, from: from, to: to, by: by, perspective: perspective)
                #expect(rollups.readsDetail(request), "\(by)")
                for unitsPerPage in [1, 2] {
                    let pages = try #require(ReportPage.plan(request, provinces: ["79", "01"], units: units, unitsPerPage: unitsPerPage, agency: agency))
                    var cohorts: [[String]: CohortSums] = [:], flows: [[String]: CounterValues] = [:]
                    for page in pages {
                        var part = request
                        part.page = page
                        #expect(rollups.readsDetail(part))
                        let (pageCohorts, pageFlows) = (try await rollups.cohortSums(part), try await rollups.flowSums(part))
                        #expect(Set(pageCohorts.keys).isDisjoint(with: cohorts.keys) && Set(pageFlows.keys).isDisjoint(with: flows.keys), "\(page)")
                        cohorts.merge(pageCohorts) { $1 }
                        flows.merge(pageFlows) { $1 }
                    }
                    let whole = try await rollups.cohortSums(request)
                    #expect(cohorts == whole, "\(from) \(by) \(perspective) \(filters) \(unitsPerPage)")
                    #expect(flows == (try await rollups.flowSums(request)), "\(from) \(by) \(perspective) \(filters) \(unitsPerPage)")
                    if agency != nil { #expect(!whole.isEmpty, "\(by) \(filters)") }
                    compared += whole.count
                }
            }
        }
        #expect(compared > 50, "the breakdowns have groups on several pages")
        try await store.close()
    }

    @Test("a province's own unit's page is read from the rollups by its level, and from the detail where a dossier's level and unit disagree",
          arguments: TestStores.engines)
    func ownUnitPage(engine: TestStores.Engine) async throws {
        let (store, _, rollups, detail) = try await Self.rollupsAndDetail(engine)
        _ = try await Self.write(store, indices: Array(0..<24), competentUnit: "01", level: .province)
        let own = ReportPage(province: "01", units: ["01"])
        let august = LocalDate(year: 2025, month: 8, day: 31)!
        func compare(_ expectRollups: Bool) async throws -> Int {
            var compared = 0
            for (from, to) in [Self.days(1, 31), Self.days(6, 31), Self.days(2, 9), (Self.days(1, 1).0, august)] {
                // The rollups hold the rest of the first five; the last two read the detail.
                let kinds: [([ReportDimension], [ReportFilter], Bool)] = [
                    ([.procedure, .unit], [], true), ([.unit, .day], [], true), ([.field, .unit, .channel], [ReportFilter(.province, "01")], true),
                    ([.unit, .version], [ReportFilter(.level, "commune")], true), ([.agency, .unit], [ReportFilter(.agency, "000.00.01.H11")], true),
                    ([.agency, .unit, .channel], [], false), ([.procedure, .unit], [ReportFilter(.province, "79")], false),
                ]
                for (by, filters, fromRollups) in kinds {
                    var part = ReportRequest(filters: filters, from: from, to: to, by: by)
                    part.page = own
                    #expect((SQLMonitoringRepository.ownUnitRequest(part) != nil) == fromRollups, "\(by) \(filters)")
                    let cohorts = try await rollups.cohortSums(part), flows = try await rollups.flowSums(part)
                    #expect(cohorts == (try await detail.cohortSums(part)), "\(from) \(by) \(filters) \(expectRollups)")
                    #expect(flows == (try await detail.flowSums(part)), "\(from) \(by) \(filters) \(expectRollups)")
                    #expect(cohorts.keys.allSatisfy { $0[by.firstIndex(of: .unit)!] == "01" })
                    compared += cohorts.count + flows.count
                }
            }
            #expect(try await rollups.levelsFollowUnits(province: "01", from: Self.days(1, 1).0, to: august) == expectRollups)
            return compared
        }
        #expect(try await compare(true) > 100, "the own unit has rows in most breakdowns")
        // An import may bring a procedure of the commune level decided by the province: its rows are the
        // unit's and not of the provincial level, and the page reads the detail again.
        _ = try await Self.write(store, indices: [5, 6, 7], competentUnit: "01", level: .commune)
        #expect(try await compare(false) > 100)
        #expect(try await rollups.levelsFollowUnits(province: "01", from: LocalDate(year: 2025, month: 8, day: 1)!, to: august))
        #expect(try await rollups.levelsFollowUnits(province: "79", from: Self.days(1, 1).0, to: august))
        try await store.close()
    }

    /// A store with the 40 dossiers, its monitoring read through the rollups and through the detail alone.
    static func rollupsAndDetail(
        _ engine: TestStores.Engine
    ) async throws -> (any Store, any SQLExecutor, rollups: SQLMonitoringRepository, detail: SQLMonitoringRepository) {
        let store = try await TestStores.make(engine)
        _ = try await Self.write(store)
        let sql = try #require(store as? any SQLExecutor)
        return (store, sql, SQLMonitoringRepository(executor: sql, useGranuleRollups: true), SQLMonitoringRepository(executor: sql, useGranuleRollups: false))
    }

    @Test("the step rollup gives the step counters' sums, migration 29 fills it as filings do, verify sees it tampered", arguments: TestStores.engines)
    func stepRollup(engine: TestStores.Engine) async throws {
        let (store, sql, rollups, detail) = try await Self.rollupsAndDetail(engine)
        let august = LocalDate(year: 2025, month: 8, day: 15)!
        let periods = [Self.days(1, 31), Self.days(1, 4), Self.days(2, 2), Self.days(1, 12), (Self.days(1, 1).0, august), Self.days(3, 21)]
        let filters: [[ReportFilter]] = [
            [], [ReportFilter(.province, "01")], [ReportFilter(.unit, "00004")], [ReportFilter(.agency, "001.05.01.H07")],
            [ReportFilter(.level, "commune")], [ReportFilter(.unit, "00008"), ReportFilter(.level, "commune")],
            [ReportFilter(.field, Fixture.procedure.field)],
        ]
        var compared = 0
        for (from, to) in periods {
            for filter in filters {
                let request = ReportRequest(filters: filter, from: from, to: to)
                let sums = try await rollups.stepSums(request)
                #expect(sums == (try await detail.stepSums(request)), "\(from)…\(to) \(filter)")
                compared += sums.values.reduce(0) { $0 + $1["steps"] + $1["late_steps"] }
            }
        }
        #expect(compared > 100, "the periods hold ended steps")
        let rows = SQLStatement(GranuleRollups.stored(StepGranules.table, StepGranules.dimensions, StepValues.names) + " ORDER BY \(StepGranules.dimensions)")
        let written = try await sql.query(rows)
        #expect(Set(written.compactMap { $0[0].text?.first }) == ["d", "m", "x"])
        try await sql.transaction([SQLStatement("DELETE FROM \(StepGranules.table)"), SQLStatement(StepGranules.fill)])
        #expect(try await sql.query(rows) == written)
        #expect(try await store.monitoring.rollupDifferences().isEmpty)
        try await sql.transaction([SQLStatement("UPDATE \(StepGranules.table) SET late_steps = late_steps + 1 WHERE granule = 'm2025-07'")])
        #expect(try await store.monitoring.rollupDifferences().contains { $0.hasPrefix("\(StepGranules.table): row not in the detail") })
        // The reports read the rollup (a field filter, the detail).
        let july = ReportRequest(from: Self.days(1, 31).0, to: Self.days(1, 31).1)
        #expect(try await rollups.stepSums(july) != (try await detail.stepSums(july)))
        var julyOfField = july
        julyOfField.filters = [ReportFilter(.field, Fixture.procedure.field)]
        #expect(try await rollups.stepSums(julyOfField) == (try await detail.stepSums(julyOfField)))
        try await store.close()
    }

    @Test("the granule rollups give the detailed counters' sums, migrations 26, 27 and 30 fill them as filings do, verify sees them tampered",
          arguments: TestStores.engines)
    func unitRollups(engine: TestStores.Engine) async throws {
        let (store, sql, rollups, detail) = try await Self.rollupsAndDetail(engine)
        // SQLite's rows (rollups and detail) are summed as they come, PostgreSQL's by its GROUP BY.
        #expect(sql.sumsInProcess == (engine == .sqlite))
        let august = LocalDate(year: 2025, month: 8, day: 15)!
        // Periods beginning after the 1st: the rollup's receipts from the 1st, less the detail's before the period.
        let periods = [
            Self.days(1, 31), Self.days(1, 4), Self.days(1, 1), Self.days(1, 12), (Self.days(1, 1).0, august), Self.days(3, 21),
            Self.days(2, 9), Self.days(6, 31), Self.days(10, 10), (Self.days(4, 4).0, august),
        ]
        let version = "\(Self.laterVersion.code)@\(Self.laterVersion.validFrom)"
        let shapes: [([ReportFilter], [ReportDimension], GranuleRollups.Rollup)] = [
            ([], [], .field), ([], [.unit], .unit), ([], [.province], .field), ([ReportFilter(.level, "commune")], [.province], .field), ([ReportFilter(.province, "01")], [.unit], .unit),
            ([ReportFilter(.unit, "00008")], [], .unit), ([ReportFilter(.unit, "00004")], [.province, .unit], .unit),
            ([ReportFilter(.level, "commune")], [.unit], .unit), ([], [.level, .unit], .unit), ([], [.field], .field),
            ([ReportFilter(.province, "01")], [.field, .level], .field), ([ReportFilter(.field, Fixture.procedure.field)], [], .field),
            // The unit's agency and the procedure rollup's parts: the first part filtered in SQL, the others in process.
            ([], [.agency], .unit), ([ReportFilter(.unit, "00004")], [.agency], .unit), ([ReportFilter(.agency, "001.05.01.H07")], [.unit], .unit),
            ([], [.channel], .field), ([], [.procedure], .procedure), ([], [.version, .channel], .procedure),
            ([ReportFilter(.level, "commune")], [.level, .channel], .field), ([ReportFilter(.channel, "online")], [.field], .field),
            ([ReportFilter(.channel, "online")], [.province], .field), ([ReportFilter(.channel, "online")], [.procedure], .procedure),
            // The month: of receipt for the cohorts, of the granule for the flows.
            ([], [.month], .field), ([ReportFilter(.province, "01")], [.month, .unit], .unit), ([], [.version, .month], .procedure),
            ([ReportFilter(.field, Fixture.procedure.field)], [.procedure, .channel], .procedure),
            ([ReportFilter(.version, version)], [.province], .procedure), ([ReportFilter(.procedure, Fixture.procedure.code)], [.version], .procedure),
        ]
        // From the receiving unit's perspective the rollups serve what holds no unit (the agency, the
        // field), and the unit rollup with its receiving corrections what does.
        let receiving: [([ReportFilter], [ReportDimension], GranuleRollups.Rollup)] = [
            ([], [.agency], .unit), ([], [.field], .field), ([], [.unit], .unit), ([ReportFilter(.unit, "00008")], [], .unit),
            ([ReportFilter(.unit, "00004")], [.agency], .unit), ([], [.level, .unit], .unit), ([ReportFilter(.province, "01")], [.unit, .month], .unit),
            ([ReportFilter(.agency, "001.05.01.H07")], [.unit], .unit),
        ]
        var compared = 0
        for (from, to) in periods {
            for (filters, by, expected, perspective) in shapes.map({ ($0, $1, $2, ReportPerspective.competent) }) + receiving.map({ ($0, $1, $2, .receiving) }) {
                let request = ReportRequest(filters: filters, from: from, to: to, by: by, perspective: perspective)
                let rollup = SQLMonitoringRepository.granuleRollup(for: request, cohort: false)
                #expect(rollup == expected, "\(filters) by \(by) \(perspective)")
                #expect(SQLMonitoringRepository.granuleRollup(for: request, cohort: true) == (from.day == 1 ? rollup : nil))
                let cohorts = try await rollups.cohortSums(request)
                #expect(cohorts == (try await detail.cohortSums(request)), "\(from)…\(to) \(filters) by \(by)")
                #expect(try await rollups.flowSums(request) == (try await detail.flowSums(request)), "\(from)…\(to) \(filters) by \(by)")
                compared += cohorts.values.reduce(0) { $0 + $1.received + $1.finished + $1.pendingOverdue }
            }
        }
        #expect(compared > 100, "the periods hold receipts, closings and overdue dossiers")
        let july = Self.days(1, 31)
        #expect(SQLMonitoringRepository.granuleRollup(for: ReportRequest(from: july.0, to: july.1, by: [.field, .unit]), cohort: false) == nil)
        // The receiving perspective's units differ from the competent ones, and its rows hold no unit of zeros.
        let receivingUnits = try await rollups.cohortSums(ReportRequest(from: july.0, to: july.1, by: [.unit], perspective: .receiving))
        #expect(receivingUnits != (try await rollups.cohortSums(ReportRequest(from: july.0, to: july.1, by: [.unit]))))
        #expect(receivingUnits.values.allSatisfy { $0.received > 0 })
        for by in [[ReportDimension.day], [.procedure, .unit], [.channel, .agency]] {
            #expect(SQLMonitoringRepository.granuleRollup(for: ReportRequest(from: july.0, to: july.1, by: by), cohort: false) == nil)
        }
        // What reads the detail (and so waits its turn at `DetailReportGate`): what no rollup holds, from
        // the 1st or from another day of the month.
        let detailShapes: [(filters: [ReportFilter], by: [ReportDimension], detail: Bool)] = [
            ([], [.procedure, .unit], true), ([], [.channel, .agency], true), ([ReportFilter(.unit, "00008")], [.procedure], true),
            ([], [.unit], false), ([], [.day], false), ([], [.level, .channel], false), ([ReportFilter(.province, "01")], [.procedure], false),
        ]
        for shape in detailShapes {
            for from in [july.0, Self.days(15, 31).0] {
                let request = ReportRequest(filters: shape.filters, from: from, to: july.1, by: shape.by)
                #expect(rollups.readsDetail(request) == shape.detail, "\(shape.filters) by \(shape.by) from \(from)")
                #expect(detail.readsDetail(request) == !SQLMonitoringRepository.fitsProvinceRollup(request), "without the granule rollups")
            }
        }
        // The filings wrote each member's parts, so every group above was compared.
        let members = try await sql.query(SQLStatement(
            "SELECT DISTINCT rollup, member FROM daily_granules WHERE rollup <> '\(GranuleRollups.receiving)' ORDER BY rollup, member"
        ))
        let expectedMembers = 6 + 4 + 9
        #expect(members.count == expectedMembers, "two fields × three channels, two units × two agencies, three procedure versions × three channels")

        // On PostgreSQL every granule rollup's rows are spread over slots, a unit's too (the counters of a
        // commune file in several write lanes at once); SQLite has one writer and one slot.
        // Which slot a script's rows take depends on its code and its write lane: more than one, at most four.
        let slots = try await sql.query(SQLStatement("SELECT rollup, COUNT(DISTINCT slot) FROM cohort_granules GROUP BY rollup ORDER BY rollup"))
        #expect(slots.map { $0[0] } == [.text("field"), .text("procedure"), .text("receiving"), .text("unit")])
        for row in slots {
            let count = row[1].integer ?? 0
            #expect(engine == .postgres ? (2...4).contains(count) : count == 1, "\(row)")
        }
        // Migrations 26, 27 and 30 fill the rollups from the detail with the rows the filings wrote (summed over slots).
        for (table, dimensions, names, fill) in [
            ("cohort_granules", GranuleRollups.cohortDimensions, GranuleRollups.cohortNames, 0),
            ("daily_granules", GranuleRollups.dailyDimensions, CounterValues.names, 1),
        ] {
            let rows = SQLStatement(GranuleRollups.stored(table, dimensions, names) + " ORDER BY \(dimensions)")
            let written = try await sql.query(rows)
            #expect(written.contains { $0[1].text?.hasPrefix("x") == true } && written.contains { $0[1].text?.hasPrefix("d") == true })
            let refill = [GranuleRollups.procedureMigration.sqlite[2 + fill], GranuleRollups.fieldChannelMigration.sqlite[fill],
                          GranuleRollups.fieldChannelMigration.sqlite[2 + fill], GranuleRollups.correctionMigration.sqlite[fill]]
            try await sql.transaction([SQLStatement("DELETE FROM \(table)")] + refill.map { SQLStatement($0) })
            #expect(try await sql.query(rows) == written, "\(table)")
        }
        #expect(try await store.monitoring.rollupDifferences().isEmpty)
        try await sql.transaction([
            SQLStatement("UPDATE cohort_granules SET finished = finished + 1 WHERE granule = 'm2025-07'"),
            SQLStatement("DELETE FROM daily_granules WHERE granule = 'x2025-07-01'"),
        ])
        let differences = try await store.monitoring.rollupDifferences()
        #expect(differences.contains { $0.hasPrefix("cohort_granules: row not in the detail") })
        #expect(differences.contains { $0.hasPrefix("daily_granules: row missing from") })
        // A period beginning after the 1st reads the tampered rollup too.
        let midJuly = ReportRequest(from: Self.days(3, 31).0, to: Self.days(3, 31).1, by: [.unit])
        #expect(try await rollups.cohortSums(midJuly) != (try await detail.cohortSums(midJuly)))
        try await store.close()
    }
}
