import Domain
import Storage
import StorageTesting
import Testing

/// The bookkeeping tables on every engine: redundancy cases saved and replaced by id, read back equal,
/// listed by scope and stage, and counted by group, stage and stage day with their amounts.
@Suite("bookkeeping store contract")
struct BookkeepingContractTests {
    static let today = LocalDate(year: 2025, month: 8, day: 31)!

    static func make(_ id: String, unit: String, province: String, stages: Int, decided: Int = 1, dong: Int = 400_000_000) throws -> RedundancyCase {
        var steps: [RedundancyCase.Stage: RedundancyCase.Amount] = [:]
        for (index, stage) in RedundancyCase.Stage.allCases.dropFirst().prefix(stages).enumerated() {
            // Billions of đồng summed: past 32-bit integers on purpose.
            steps[stage] = RedundancyCase.Amount(dong: dong - index, on: LocalDate(year: 2025, month: 7, day: decided + index + 1)!)
        }
        return try RedundancyRules.build(
            id: id, provinceCode: province, unitCode: unit, personName: "Trần Thị Mai", category: .partTime, decisionNumber: "12/QĐ",
            decisionDate: LocalDate(year: 2025, month: 7, day: decided)!, steps: steps, today: today
        )
    }

    @Test("cases are saved, replaced by id, listed and counted", arguments: TestStores.engines)
    func redundancy(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        var cases: [RedundancyCase] = []
        for index in 0..<12 {
            cases.append(try Self.make("01-NV-\(index)", unit: index % 2 == 0 ? "00004" : "00008", province: "01", stages: index % 4))
        }
        cases.append(try Self.make("79-NV-1", unit: "79", province: "79", stages: 3, dong: 3_000_000_000))
        try await store.bookkeeping.saveRedundancyCases(cases, source: "test", at: at)
        let read = try await store.bookkeeping.redundancyCases(ids: cases.map(\.id))
        #expect(Set(read) == Set(cases))
        #expect(try await store.bookkeeping.redundancyCases(ids: ["none"]).isEmpty)

        // A later stage replaces the row; nothing else changes.
        let advanced = try RedundancyRules.advance(cases[0], to: .requested, RedundancyCase.Amount(dong: 7, on: Self.today), today: Self.today)
        try await store.bookkeeping.saveRedundancyCases([advanced], source: "test", at: at)
        #expect(try await store.bookkeeping.redundancyCases(ids: [cases[0].id]) == [advanced])

        let hanoi = try await store.bookkeeping.redundancyCases(provinceCode: "01", unitCode: nil, stage: nil, offset: 0, limit: 100)
        #expect(hanoi.count == 12)
        #expect(hanoi.map { [$0.unitCode, $0.id] } == hanoi.map { [$0.unitCode, $0.id] }.sorted { $0.lexicographicallyPrecedes($1) })
        let page = try await store.bookkeeping.redundancyCases(provinceCode: "01", unitCode: "00008", stage: nil, offset: 2, limit: 2)
        #expect(page.count == 2 && page.allSatisfy { $0.unitCode == "00008" })
        let paid = try await store.bookkeeping.redundancyCases(provinceCode: nil, unitCode: nil, stage: .paid, offset: 0, limit: 100)
        #expect(Set(paid.map(\.id)) == Set(cases.filter { $0.stage == .paid }.map(\.id)))

        let byProvince = try await store.bookkeeping.redundancyCounts(provinceCode: nil, unitCode: nil, groupBy: .province)
        var tallies: [String: RedundancyTally] = [:]
        for count in byProvince {
            tallies[count.group, default: RedundancyTally()].add(
                stage: count.stage, since: count.since, cases: count.cases, requestedDong: count.requestedDong,
                approvedDong: count.approvedDong, paidDong: count.paidDong, asOf: Self.today
            )
        }
        var expected: [String: RedundancyTally] = [:]
        for item in cases.dropFirst() + [advanced] { expected[item.provinceCode, default: RedundancyTally()].add(item, asOf: Self.today) }
        #expect(tallies == expected)
        #expect(tallies["79"]?.paidDong == 2_999_999_998)
        let units = try await store.bookkeeping.redundancyCounts(provinceCode: "01", unitCode: nil, groupBy: .unit)
        #expect(Set(units.map(\.group)) == ["00004", "00008"])
        let none = try await store.bookkeeping.redundancyCounts(provinceCode: "01", unitCode: "00004", groupBy: .none)
        #expect(none.allSatisfy { $0.group == "" } && none.reduce(0) { $0 + $1.cases } == 6)
        try await store.close()
    }

    @Test("positions and roster counts are saved, replaced by key and read back by scope", arguments: TestStores.engines)
    func staffing(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        let positions = [
            Position(id: "00004-land", provinceCode: "01", unitCode: "00004", title: "Địa chính", skill: .land, quota: 2),
            Position(id: "01-it", provinceCode: "01", unitCode: "01", agencyCode: "000.00.01.H01", title: "Chuyển đổi số", skill: .informationTechnology, quota: 12),
            Position(id: "26734-land", provinceCode: "79", unitCode: "26734", title: "Địa chính", skill: .land, quota: 3),
        ]
        let staff = [
            StaffCount(provinceCode: "01", unitCode: "00004", skill: .land, category: .civilServant, people: 1),
            StaffCount(provinceCode: "01", unitCode: "00004", skill: .land, category: .partTime, people: 2),
            StaffCount(provinceCode: "79", unitCode: "26734", skill: .land, category: .civilServant, people: 5),
            // The same unit, skill and category in an agency: a row of its own.
            StaffCount(provinceCode: "01", unitCode: "00004", agencyCode: "001.06.02.H01", skill: .land, category: .civilServant, people: 7),
        ]
        try await store.bookkeeping.saveStaffing(positions: positions, staff: staff, at: at)
        var replaced = positions[0]
        replaced.quota = 4
        var recounted = staff[0]
        recounted.people = 3
        try await store.bookkeeping.saveStaffing(positions: [replaced], staff: [recounted], at: at)
        let all = try await store.bookkeeping.staffing(provinceCode: nil, unitCode: nil)
        #expect(all.positions == [replaced, positions[1], positions[2]])
        // A roster is the whole of the unit, skill and category groups it names: the agency's row of the
        // group went with the file that no longer names it.
        #expect(Set(all.staff) == Set([recounted, staff[1], staff[2]]))
        let commune = try await store.bookkeeping.staffing(provinceCode: "01", unitCode: "00004")
        #expect(commune.positions == [replaced] && commune.staff.count == 2)
        let places = try await store.bookkeeping.places(in: .positions, ids: ["01-it", "26734-land", "none"])
        #expect(places.mapValues { "\($0.province)/\($0.unit)" } == ["01-it": "01/01", "26734-land": "79/26734"])
        #expect(try await store.bookkeeping.staffing(provinceCode: "79", unitCode: nil).positions == [positions[2]])
        try await store.close()
    }

    @Test("requests, offers and assignments are saved and read by province; a second assignment of a pair adds", arguments: TestStores.engines)
    func secondments(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        let day = LocalDate(year: 2025, month: 9, day: 1)!
        let requests = [
            SupportRequest(id: "r1", provinceCode: "01", unitCode: "00004", problem: "Đất đai", skill: .land, headcount: 3, from: day, days: 30),
            SupportRequest(id: "r2", provinceCode: "79", unitCode: "26704", problem: "Xây dựng", skill: .construction, headcount: 1, from: day, days: 10),
        ]
        let offers = [
            StaffOffer(id: "o1", body: "Bộ Tài chính", provinceCode: nil, skill: .land, people: 4, availableFrom: day, availableTo: day.adding(days: 90)),
            StaffOffer(id: "o2", body: "79", provinceCode: "79", skill: .construction, people: 1, availableFrom: day, availableTo: day.adding(days: 90)),
        ]
        try await store.bookkeeping.saveSecondments(requests: requests, offers: offers,
                                                    assignments: [Assignment(requestID: "r1", offerID: "o1", body: "Bộ Tài chính", people: 1)], at: at)
        try await store.bookkeeping.saveSecondments(requests: [], offers: [],
                                                    assignments: [Assignment(requestID: "r1", offerID: "o1", body: "Bộ Tài chính", people: 1),
                                                                  Assignment(requestID: "r2", offerID: "o2", body: "79", people: 1)], at: at)
        let hanoi = try await store.bookkeeping.secondments(provinceCode: "01")
        #expect(hanoi.requests == [requests[0]])
        #expect(hanoi.offers == offers, "every offer: staff may come from anywhere")
        #expect(hanoi.assignments == [Assignment(requestID: "r1", offerID: "o1", body: "Bộ Tài chính", people: 2)])
        let all = try await store.bookkeeping.secondments(provinceCode: nil)
        #expect(all.requests == requests && all.assignments.count == 2)
        try await store.close()
    }

    @Test("facilities and equipment counts are saved, replaced by key and read back by scope", arguments: TestStores.engines)
    func facilities(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        var old = Facility(id: "f1", provinceCode: "01", unitCode: "00004", name: "Trụ sở cũ", kind: .office, areaSquareMetres: 700,
                           condition: .fair, status: .surplus)
        let kept = Facility(id: "f2", provinceCode: "79", unitCode: "26704", name: "Đất trống", kind: .land, areaSquareMetres: 1_500,
                            condition: .poor, status: .surplus, plannedUse: .publicWorks, responsible: "UBND phường",
                            deadline: LocalDate(year: 2025, month: 12, day: 31)!, progress: .inProgress)
        let count = EquipmentCount(provinceCode: "01", unitCode: "00004", kind: .computer, have: 10, needed: 20)
        try await store.bookkeeping.saveFacilities([old, kept], equipment: [count], at: at)
        old.plannedUse = .health
        old.responsible = "Sở Y tế"
        old.deadline = LocalDate(year: 2025, month: 11, day: 30)!
        var recount = count
        recount.have = 18
        try await store.bookkeeping.saveFacilities([old], equipment: [recount], at: at)
        let all = try await store.bookkeeping.facilities(provinceCode: nil, unitCode: nil)
        #expect(all.facilities == [old, kept] && all.equipment == [recount])
        #expect(try await store.bookkeeping.facilities(provinceCode: "79", unitCode: "26704").facilities == [kept])
        #expect(try await store.bookkeeping.facilities(provinceCode: "01", unitCode: "00008").facilities.isEmpty)
        try await store.close()
    }

    @Test("an obstacle is saved, then replaced only if unchanged since it was read", arguments: TestStores.engines)
    func obstacles(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        let day = LocalDate(year: 2025, month: 8, day: 1)!
        let raised = try ObstacleRules.raise(
            id: "VM-1", provinceCode: "01", unitCode: "00004", field: .land, description: "Chưa rõ thẩm quyền", legalBasis: nil,
            body: "UBND phường", level: .commune, deadline: day.adding(days: 14), on: day
        )
        try await store.bookkeeping.saveObstacle(raised, replacing: nil, at: at)
        #expect(try await store.bookkeeping.obstacle(id: "VM-1") == raised)
        let escalated = try ObstacleRules.escalate(raised, to: "Sở", level: .province, deadline: day.adding(days: 30), reason: "Vượt thẩm quyền",
                                                   on: day.adding(days: 3))
        let resolved = try ObstacleRules.resolve(raised, resolution: "Đã hướng dẫn", on: day.adding(days: 3))
        try await store.bookkeeping.saveObstacle(escalated, replacing: raised, at: at)
        // The second officer decided on the obstacle as it was before the escalation: refused, nothing changed.
        await #expect(throws: BookkeepingWriteError.changedMeanwhile("VM-1")) {
            try await store.bookkeeping.saveObstacle(resolved, replacing: raised, at: at)
        }
        #expect(try await store.bookkeeping.obstacle(id: "VM-1") == escalated)
        #expect(try await store.bookkeeping.obstacles(provinceCode: "01", unitCode: nil) == [escalated])
        #expect(try await store.bookkeeping.obstacles(provinceCode: "79", unitCode: nil).isEmpty)
        try await store.close()
    }

    @Test("public service units are saved, replaced by id and read back by scope and by id", arguments: TestStores.engines)
    func publicServiceUnits(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let at = Instant(minutes: 29_000_000)
        var school = PublicServiceUnit(
            id: "00004-TH", provinceCode: "01", unitCode: "00004", agencyCode: "000.00.04.H01", name: "Trường Tiểu học Ba Đình",
            sector: .education, functions: "Giáo dục tiểu học", staff: 40, autonomyGroup: 4, reviewDeadline: LocalDate(year: 2025, month: 12, day: 31)!
        )
        let station = PublicServiceUnit(
            id: "26704-YT", provinceCode: "79", unitCode: "26704", agencyCode: "000.00.04.H79", name: "Trạm Y tế", sector: .health,
            functions: "Chăm sóc sức khỏe ban đầu", staff: 8
        )
        try await store.bookkeeping.savePublicServiceUnits([school, station], at: at)
        school.review = .adjusted
        school.decision = "7/QĐ-UBND"
        school.decidedOn = LocalDate(year: 2025, month: 10, day: 2)!
        try await store.bookkeeping.savePublicServiceUnits([school], at: at)
        #expect(try await store.bookkeeping.publicServiceUnits(provinceCode: nil, unitCode: nil) == [school, station])
        #expect(try await store.bookkeeping.publicServiceUnits(provinceCode: "79", unitCode: "26704") == [station])
        #expect(try await store.bookkeeping.publicServiceUnits(provinceCode: "01", unitCode: "00008").isEmpty)
        let many = (0..<600).map { "x\($0)" } + ["26704-YT", "00004-TH"]
        #expect(try await store.bookkeeping.publicServiceUnits(ids: many) == [school, station], "ids beyond one statement's parameters")
        try await store.close()
    }
}
