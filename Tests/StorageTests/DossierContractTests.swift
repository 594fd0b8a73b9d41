import AppCore
import Domain
import Foundation
import Storage
@testable import StoragePostgres
@testable import StorageSQLite
import StorageTesting
import Testing

/// The dossier store on every engine: code allocation under concurrency, version checks, idempotency
/// keys, projections written with the events, and PostgreSQL's partitions.
@Suite("dossier store contract")
struct DossierContractTests {
    static let clock: WorkClock = {
        do { return WorkClock(calendar: try WorkingCalendar()) } catch { preconditionFailure("\(error)") }
    }()
    static let procedure: ProcedureVersion = {
        do {
            return try ProcedureVersion(
                code: "1.004873", name: "Cấp Giấy xác nhận tình trạng hôn nhân", field: "Hộ tịch", level: .commune, legalBasis: [],
                limit: TimeLimit(value: 3, unit: .workingDays), documents: [RequiredDocument(name: "Tờ khai", original: true)]
            )
        } catch { preconditionFailure("\(error)") }
    }()
    static let now = Instant(iso: "2025-07-01T08:00:00+07:00")!
    static let officer = DossierActor(userID: "u1", role: .receptionist, unitCode: "00004")

    /// A change that files and receives a dossier with the allocated code, in province `province`.
    static func receipt(_ code: String, province: String = "01", unit: String = "00004", key: String? = nil) throws -> DossierChange {
        let context = DossierContext(now: now, actor: officer, clock: clock)
        let agency = province == "01" ? "001.05.01.H01" : "001.05.01.H\(province)"
        let opening = DossierOpening(
            code: code, provinceCode: province, procedure: procedure, channel: .inPerson, receivingUnit: unit,
            receivingAgency: agency, competentUnit: unit, competentAgency: agency, returnUnit: unit,
            applicant: Applicant(name: "Trần Văn Bình"), summary: nil,
            documents: [ReceivedDocument(name: "Tờ khai", original: true, count: 1, required: true, provided: false)],
            portalID: nil, secretHash: "h"
        )
        let submitted = try DossierDecider.submit(opening, context: context)
        let opened = Dossier.opened(by: submitted)!.applying(submitted)
        let received = try DossierDecider.decide(opened, DossierRequest(.receive), context: context)
        let record = key.map {
            IdempotencyRecord(scope: "u1", key: $0, fingerprint: "f", status: 201, body: "{}", dossierCode: code, createdAt: now)
        }
        let after = opened.applying(received)
        return DossierChange(
            before: nil, events: [submitted, received], after: after, idempotency: record,
            publicView: try StreamingJSONEncoder().string(PublicDossierView(after))
        )
    }

    static func command(_ dossier: Dossier, _ request: DossierRequest, at minutes: Int = 60, key: String? = nil) throws -> DossierChange {
        let context = DossierContext(now: Instant(minutes: now.minutes + minutes), actor: officer, clock: clock)
        let event = try DossierDecider.decide(dossier, request, context: context)
        let record = key.map {
            IdempotencyRecord(scope: "u1", key: $0, fingerprint: "f", status: 200, body: "{}", dossierCode: dossier.code, createdAt: now)
        }
        let after = dossier.applying(event)
        return DossierChange(
            before: dossier, events: [event], after: after, idempotency: record,
            publicView: try StreamingJSONEncoder().string(PublicDossierView(after))
        )
    }

    @Test("16 concurrent receptions at one agency on one day get 16 distinct consecutive codes", arguments: TestStores.engines)
    func concurrentCodes(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let day = Self.now.vietnamDate
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0) }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(codes.sorted() == (1...16).map { DossierCode(agencyCode: "001.05.01.H01", date: day, number: $0).description })
        // Another agency and another day count from 1 again.
        let other = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.02.H01", day: day) { try Self.receipt($0) }
        #expect(other.hasSuffix("-250701-0001"))
        let tomorrow = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day.adding(days: 1)) {
            try Self.receipt($0)
        }
        #expect(tomorrow.hasSuffix("-250702-0001"))
        try await store.close()
    }

    @Test("a number drawn apart from its filing is lost when the filing fails; drawn inside, never", arguments: TestStores.engines)
    func numbersDrawnApart(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let runner = try #require(store as? any SQLScriptRunner)
        let day = Self.now.vietnamDate
        // Each engine's default: PostgreSQL draws apart (filings at one agency do not queue on its counter), SQLite inside.
        for (apart, agency) in [(engine == .postgres, "001.05.01.H01"), (true, "001.05.02.H01"), (false, "001.05.03.H01")] {
            let dossiers = agency == "001.05.01.H01"
                ? store.dossiers : SQLDossierRepository(executor: runner, partitioned: engine == .postgres, codesApart: apart)
            let first = try await dossiers.create(provinceCode: "01", agencyCode: agency, day: day) { try Self.receipt($0) }
            // The same event twice: the events' key refuses the second, and the whole filing with it.
            await #expect(throws: (any Error).self) {
                _ = try await dossiers.create(provinceCode: "01", agencyCode: agency, day: day) { code in
                    var change = try Self.receipt(code)
                    change.events.append(change.events[1])
                    return change
                }
            }
            let next = try await dossiers.create(provinceCode: "01", agencyCode: agency, day: day) { try Self.receipt($0) }
            #expect(first.hasSuffix("-0001"))
            #expect(next.hasSuffix(apart ? "-0003" : "-0002"), "\(agency), drawn \(apart ? "apart" : "inside"): \(next)")
            #expect(try await store.dossiers.codes(provinceCode: "01").filter { $0.hasPrefix(agency) }.sorted() == [first, next])
        }
        try await store.close()
    }

    @Test("a change built on a stale version is refused and writes nothing", arguments: TestStores.engines)
    func staleVersion(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: Self.now.vietnamDate) { try Self.receipt($0) }
        let dossier = try #require(try await store.dossiers.dossier(code: code))
        #expect(dossier.code == code && !dossier.opening.documents.isEmpty, "stored with the allocated code everywhere")
        #expect(try await store.dossiers.events(code: code).allSatisfy { $0.details.opening.map { $0.code == code } ?? true })
        let first = try Self.command(dossier, DossierRequest(.assign, assignee: "u2"))
        let second = try Self.command(dossier, DossierRequest(.assign, assignee: "u3"))
        try await store.dossiers.append(first)
        await #expect(throws: DossierWriteError.staleVersion(code: dossier.code)) { try await store.dossiers.append(second) }
        #expect(try await store.dossiers.dossier(code: dossier.code) == first.after)
        #expect(try await store.dossiers.events(code: dossier.code).count == 3)
        try await store.close()
    }

    @Test("an idempotency key used once stops a second write of any kind", arguments: TestStores.engines)
    func idempotencyKey(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let day = Self.now.vietnamDate
        let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0, key: "k1") }
        let created = try #require(try await store.dossiers.dossier(code: code))
        await #expect(throws: DossierWriteError.idempotencyKeyUsed(scope: "u1", key: "k1")) {
            _ = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0, key: "k1") }
        }
        #expect(try await store.dossiers.codes(provinceCode: nil) == [code], "no second dossier")
        let assign = try Self.command(created, DossierRequest(.assign, assignee: "u2"), key: "k1")
        await #expect(throws: DossierWriteError.idempotencyKeyUsed(scope: "u1", key: "k1")) { try await store.dossiers.append(assign) }
        #expect(try await store.dossiers.dossier(code: code)?.version == 2)
        let record = try #require(try await store.dossiers.idempotencyRecord(scope: "u1", key: "k1"))
        #expect(record.dossierCode == code && record.status == 201)
        // The next number was not used up by the refused second reception.
        let next = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0) }
        #expect(next.hasSuffix("-0002"))
        try await store.close()
    }

    @Test("projections: current row, steps and counters equal what the events give", arguments: TestStores.engines)
    func projections(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: Self.now.vietnamDate) {
            try Self.receipt($0)
        }
        var dossier = try #require(try await store.dossiers.dossier(code: code))
        let requests: [DossierRequest] = [
            DossierRequest(.assign, assignee: "u2"), DossierRequest(.requestSupplement, missing: ["Tờ khai có chữ ký"]),
            DossierRequest(.receiveSupplement), DossierRequest(.proposeDecision, outcome: .approved),
            DossierRequest(.decide, outcome: .approved), DossierRequest(.resolve), DossierRequest(.returnResult, returnChannel: .counter),
        ]
        for (index, request) in requests.enumerated() {
            let change = try Self.command(dossier, request, at: 60 * (index + 1) + 24 * 60 * index)
            try await store.dossiers.append(change)
            dossier = change.after
        }
        let events = try await store.dossiers.events(code: dossier.code)
        #expect(events.count == 9)
        #expect(Dossier.replay(events) == dossier)
        #expect(try await store.dossiers.dossier(code: dossier.code) == dossier)
        let stored = try await store.dossiers.counters(provinceCode: "01", from: Self.now.vietnamDate, to: Self.now.vietnamDate.adding(days: 30))
        #expect(stored == CounterValues.of(events: events))
        #expect(stored.values.reduce(CounterValues(), +)["received"] == 1)
        #expect(stored.values.reduce(CounterValues(), +)["returned"] == 1)
        let queue = try await store.dossiers.queue(DossierQuery(agencyCode: "001.05.01.H01", statuses: [.returned]))
        #expect(queue.map(\.code) == [dossier.code])
        try await store.close()
    }

    @Test("concurrent filings and transitions, some refused: the counters hold exactly what the others wrote", arguments: TestStores.engines)
    func concurrentCounters(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let day = Self.now.vietnamDate
        // Twenty filings at four units; eight of them pairs on one idempotency key, so that one of each
        // pair is refused after its batch neighbours have written.
        let filed = await withTaskGroup(of: String?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let unit = ["00004", "00008", "00011", "00016"][index % 4]
                    let key = index < 8 ? "pair-\(index / 2)" : nil
                    return try? await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) {
                        try Self.receipt($0, unit: unit, key: key)
                    }
                }
            }
            return await group.reduce(into: [String]()) { if let code = $1 { $0.append(code) } }
        }
        #expect(filed.count == 16)
        // Two officers assign each dossier from the same version: one wins. Then each winner is resolved.
        var dossiers: [Dossier] = []
        for code in filed { dossiers.append(try #require(try await store.dossiers.dossier(code: code))) }
        let assigned = await withTaskGroup(of: DossierChange?.self) { group in
            for dossier in dossiers {
                for officer in ["u2", "u3"] {
                    group.addTask {
                        guard let change = try? Self.command(dossier, DossierRequest(.assign, assignee: officer)) else { return nil }
                        return (try? await store.dossiers.append(change)) == nil ? nil : change
                    }
                }
            }
            return await group.reduce(into: [DossierChange]()) { if let change = $1 { $0.append(change) } }
        }
        #expect(assigned.count == 16)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for change in assigned {
                group.addTask {
                    var dossier = change.after
                    for request in [DossierRequest(.proposeDecision, outcome: .approved), DossierRequest(.decide, outcome: .approved),
                                    DossierRequest(.resolve)] {
                        let next = try Self.command(dossier, request, at: 24 * 60)
                        try await store.dossiers.append(next)
                        dossier = next.after
                    }
                }
            }
            try await group.waitForAll()
        }
        if let sqlite = store as? SQLiteStore {
            #expect(sqlite.groupCommit.mostScriptsInOneCommit > 1, "some commits wrote several scripts")
        }
        if let postgres = store as? PostgresStore {
            #expect(try #require(postgres.groupCommit).mostScriptsInOneCommit > 1, "some transactions wrote several scripts")
        }
        let verification = try await DossierVerification.run(store, provinceCode: nil)
        #expect(verification.dossiers == 16)
        #expect(verification.problems.isEmpty, "\(verification.problems.prefix(5))")
        let stored = try await store.dossiers.counters(provinceCode: "01", from: day, to: day.adding(days: 30)).values.reduce(CounterValues(), +)
        #expect(stored["received"] == 16)
        #expect(stored["resolved_early"] + stored["resolved_on_time"] + stored["resolved_late"] == 16)
        try await store.close()
    }

    @Test("the work queue's entries: the page of `queue`, each with its version and undecoded state", arguments: TestStores.engines)
    func queueEntries(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let day = Self.now.vietnamDate
        var codes: [String] = []
        for _ in 0..<3 {
            codes.append(try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0) })
        }
        let dossier = try #require(try await store.dossiers.dossier(code: codes[0]))
        try await store.dossiers.append(try Self.command(dossier, DossierRequest(.assign, assignee: "u2")))
        let query = DossierQuery(agencyCode: "001.05.01.H01", limit: 10)
        let entries = try await store.dossiers.queueEntries(query)
        let queue = try await store.dossiers.queue(query)
        #expect(entries.count == 3)
        #expect(entries.map(\.code) == queue.map(\.code), "the same page in the same order")
        #expect(entries.map(\.dueKey) == queue.map { $0.dueAt?.minutes ?? 0 })
        #expect(entries.map(\.version) == queue.map(\.version))
        #expect(try entries.map { try $0.dossier() } == queue)
        #expect(entries.first { $0.code == codes[0] }?.version == 3)
        try await store.close()
    }

    @Test("what the data-quality scan reads of each dossier is what the dossier holds, page by page in (province, code) order",
          arguments: TestStores.engines)
    func qualitySubjects(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        var filed: [Dossier] = []
        for (index, (province, unit)) in [("79", "26734"), ("01", "00004"), ("01", "00007"), ("79", "26737"), ("01", "00004")].enumerated() {
            let code = try await store.dossiers.create(provinceCode: province, agencyCode: "001.05.01.H\(province)", day: Self.now.vietnamDate) {
                var change = try Self.receipt($0, province: province, unit: unit)
                var applicant = Applicant(
                    name: "Lê Thị Hoa \(index)", personalID: index == 2 ? nil : "00109501234\(index)",
                    birthDate: LocalDate(year: 1990, month: 1, day: index + 1), phone: index == 1 ? nil : "091234567\(index)",
                    email: index == 1 ? "a\(index)@example.vn" : nil, address: "Số \(index) phố Huế", communeCode: index == 3 ? "00001" : unit
                )
                if index == 4 { applicant = Applicant(name: "Chỉ có họ tên") }
                change.after.opening.applicant = applicant
                return change
            }
            var dossier = try #require(try await store.dossiers.dossier(code: code))
            if index.isMultiple(of: 2) {
                let change = try Self.command(dossier, DossierRequest(.assign, assignee: "u2"), at: 60 * 24 * (index + 1))
                try await store.dossiers.append(change)
                dossier = change.after
            }
            filed.append(dossier)
        }
        let ordered = filed.sorted { ($0.provinceCode, $0.code) < ($1.provinceCode, $1.code) }.map(QualitySubject.init)
        #expect(Set(ordered.map(\.applicant.name)).count == 5, "each dossier its own applicant")
        func all(_ provinceCode: String?, pages limit: Int) async throws -> [QualitySubject] {
            var read: [QualitySubject] = []
            var after: (province: String, code: String)?
            // At most ten pages: a position that does not move on reads the same rows again (and fails below).
            for _ in 0..<10 {
                let page = try await store.dossiers.subjects(provinceCode: provinceCode, after: after, limit: limit)
                read += page
                guard let last = page.last, page.count == limit else { return read }
                after = (last.provinceCode, last.code)
            }
            return read
        }
        #expect(try await all(nil, pages: 2) == ordered)
        #expect(try await all("01", pages: 1) == ordered.filter { $0.provinceCode == "01" })
        #expect(try await all("79", pages: 10) == ordered.filter { $0.provinceCode == "79" })
        try await store.close()
    }

    @Test("work queue: due order across statuses, page by page, as one sort of everything would give", arguments: TestStores.engines)
    func queueOrder(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        var all: [Dossier] = []
        for index in 0..<9 {
            let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: Self.now.vietnamDate) {
                try Self.receipt($0)
            }
            var dossier = try #require(try await store.dossiers.dossier(code: code))
            let requests: [DossierRequest] = switch index % 3 {
            case 0: []
            case 1: [DossierRequest(.assign, assignee: "u2")]
            default: [DossierRequest(.assign, assignee: "u2"), DossierRequest(.requestSupplement, missing: ["Tờ khai"])]
            }
            for (step, request) in requests.enumerated() {
                let change = try Self.command(dossier, request, at: 60 * (step + 1) + 7 * index)
                try await store.dossiers.append(change)
                dossier = change.after
            }
            all.append(dossier)
        }
        let key = { (dossier: Dossier) in (dossier.dueAt?.minutes ?? 0, dossier.code) }
        let expected = all.sorted { key($0) < key($1) }.map(\.code)
        #expect(Set(all.map(\.status)).count == 3)
        var paged: [String] = []
        var after: (dueAt: Int, code: String)?
        repeat {
            let page = try await store.dossiers.queue(DossierQuery(agencyCode: "001.05.01.H01", after: after, limit: 4))
            paged += page.map(\.code)
            after = page.count == 4 ? page.last.map(key) : nil
        } while after != nil
        #expect(paged == expected)
        let open = try await store.dossiers.queue(DossierQuery(agencyCode: "001.05.01.H01", statuses: [.received, .processing], limit: 50))
        #expect(open.map(\.code) == all.filter { [.received, .processing].contains($0.status) }.sorted { key($0) < key($1) }.map(\.code))
        try await store.close()
    }

    @Test("events are append-only in the database itself", arguments: TestStores.engines)
    func appendOnly(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        _ = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: Self.now.vietnamDate) { try Self.receipt($0) }
        let executor = try #require(store as? any SQLExecutor)
        await #expect(throws: (any Error).self) {
            try await executor.transaction([SQLStatement("UPDATE dossier_events SET kind = 'rate'")])
        }
        await #expect(throws: (any Error).self) { try await executor.transaction([SQLStatement("DELETE FROM dossier_events")]) }
        #expect(try await executor.query(SQLStatement("SELECT COUNT(*) FROM dossier_events")).first?.first?.integer == 2)
        try await store.close()
    }

    @Test("PostgreSQL: each province's dossiers, events, steps and counters live in its own partition")
    func partitions() async throws {
        guard TestStores.engines.contains(.postgres) else { return }
        let store = try await TestStores.make(.postgres)
        let day = Self.now.vietnamDate
        _ = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) { try Self.receipt($0) }
        _ = try await store.dossiers.create(provinceCode: "79", agencyCode: "001.05.01.H79", day: day) {
            try Self.receipt($0, province: "79", unit: "26734")
        }
        let postgres = try #require(store as? PostgresStore)
        for table in ["dossiers", "dossier_events", "dossier_steps", "daily_counters", "dossier_code_counters"] {
            let rows = try await postgres.query(SQLStatement("""
                SELECT DISTINCT c.relname, t.province_code FROM \(table) t JOIN pg_class c ON c.oid = t.tableoid ORDER BY 2
                """))
            #expect(rows.map { $0[0].text ?? "" } == ["\(table)_p01", "\(table)_p79"], "\(table)")
            let parent = try await postgres.query(SQLStatement(
                "SELECT partstrat FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid WHERE c.relname = ?", [.text(table)]
            ))
            #expect(parent.first?.first?.text == "l", "\(table) is LIST-partitioned")
        }
        // Their long texts compressed with lz4 (migration 32), partitions included, where the server has it.
        let lz4 = try await postgres.query(SQLStatement(
            "SELECT COUNT(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)"
        )).first?.first?.integer == 1
        let compressed = try await postgres.query(SQLStatement("""
            SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE a.attcompression = 'l' AND c.relnamespace = current_schema()::regnamespace AND c.relname IN ('dossiers', 'dossiers_p01', 'dossiers_p79', 'idempotency_keys', 'outbox')
            ORDER BY 1, 2
            """)).map { "\($0[0].text ?? "").\($0[1].text ?? "")" }
        #expect(compressed == (lz4 ? [
            "dossiers.public_view", "dossiers.state", "dossiers_p01.public_view", "dossiers_p01.state", "dossiers_p79.public_view",
            "dossiers_p79.state", "idempotency_keys.body", "outbox.payload",
        ] : []))
        try await store.close()
    }
}
