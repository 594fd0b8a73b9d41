import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

/// The redundancy pipeline's use cases: a register file checked row by row and written whole or not at
/// all, re-imports that change nothing, scope, masking, and the generated national totals.
struct RedundancyServiceTests {
    static let header = "id,unit_code,person_name,category,decision_number,decision_date,requested_amount,requested_on,approved_amount,approved_on,paid_amount,paid_on"

    static func setUp() async throws -> (RedundancyService, [String: UserRecord]) {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        return (RedundancyService(store: identity.store, now: { clock.now }), users)
    }

    @Test("a register with wrong rows is reported line by line and column by column, and nothing is written")
    func malformedRows() async throws {
        let (service, users) = try await Self.setUp()
        let file = """
            \(Self.header)
            01-NV-1,00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,400000000,2025-07-05,400000000,2025-07-20,400000000,2025-08-01
            01-NV-2,00004,Trần Thị Bình,cleaner,12/QĐ-UBND,2025-07-01,,,,,,
            01-NV-3,99999,Lê Văn Cường,partTime,13/QĐ-UBND,2025-07-01,,,,,,
            01-NV-4,00008,Phạm Thị Dung,partTime,14/QĐ-UBND,2025-07-01,100000000,2025-07-05,120000000,2025-07-06,,
            01-NV-5,00008,Hoàng Văn Em,official,15/QĐ-UBND,2025-07-01,100000000,2025-07-05,,,100000000,2025-07-09
            01-NV-6,00008,,official,15/QĐ-UBND,07/01/2025,một trăm,2025-07-05,,,,
            01-NV-1,00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,,,,,,
            01-NV-7,00004,Vũ Thị Giang,partTime,16/QĐ-UBND
            """
        await #expect {
            try await service.importCases(csv: file, by: users["padmin"])
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == [
                "line 3: category", "line 4: unit_code", "line 5: approved_amount", "line 6: paid_amount",
                "line 7: requested_amount", "line 7: decision_date", "line 7: person_name", "line 8: id", "line 9",
            ]
        }
        #expect(try await service.store.bookkeeping.redundancyCases(provinceCode: nil, unitCode: nil, stage: nil, offset: 0, limit: 10).isEmpty)
    }

    @Test("a clean register is written; importing it again changes nothing; a later stage updates; an earlier one is refused")
    func reimport() async throws {
        let (service, users) = try await Self.setUp()
        let decided = "01-NV-1,00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,,,,,,"
        let requested = "01-NV-1,00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,400.000.000,2025-07-05,,,,"
        let other = "01-NV-2,01,Trần Thị Bình,publicEmployee,20/QĐ-UBND,2025-07-02,500000000,2025-07-06,500000000,2025-07-10,500000000,2025-07-15"
        let padmin = try #require(users["padmin"])
        #expect(try await service.importCases(csv: "\(Self.header)\n\(requested)\n\(other)\n", by: padmin)
            == .init(inserted: 2, updated: 0, unchanged: 0))
        #expect(try await service.importCases(csv: "\(Self.header)\n\(requested)\n\(other)\n", by: padmin)
            == .init(inserted: 0, updated: 0, unchanged: 2))
        await #expect {
            try await service.importCases(csv: "\(Self.header)\n\(decided)\n", by: padmin)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 2: id"]
        }
        let approved = requested.replacingOccurrences(of: ",,,,", with: ",390000000,2025-07-20,,")
        #expect(try await service.importCases(csv: "\(Self.header)\n\(approved)\n", by: padmin) == .init(inserted: 0, updated: 1, unchanged: 0))
        let stored = try await service.store.bookkeeping.redundancyCases(ids: ["01-NV-1"])
        #expect(stored.first?.stage == .approved && stored.first?.approved?.dong == 390_000_000)
        // One step at a time through the API's use case: paying more than approved is refused, then paid.
        await #expect(throws: AppError.invalid("paid_amount", "Số tiền chi trả 400.000.000 đồng vượt số được duyệt 390.000.000 đồng")) {
            try await service.advance(id: "01-NV-1", to: .paid, dong: 400_000_000, on: LocalDate(year: 2025, month: 8, day: 1)!, by: padmin)
        }
        let paid = try await service.advance(id: "01-NV-1", to: .paid, dong: 390_000_000, on: LocalDate(year: 2025, month: 8, day: 1)!, by: padmin)
        #expect(paid.stage == .paid)
        await #expect(throws: AppError.self) {
            try await service.advance(id: "01-NV-1", to: .paid, dong: 1, on: LocalDate(year: 2025, month: 8, day: 2)!, by: padmin)
        }
        // Another province's admin may neither import nor move Hà Nội's cases, nor list them.
        let hcm = try #require(users["hcmadmin"])
        await #expect {
            try await service.importCases(csv: "\(Self.header)\n\(other.replacingOccurrences(of: "01-NV-2", with: "01-NV-3"))\n", by: hcm)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 2: unit_code"]
        }
        await #expect(throws: AppError.self) {
            try await service.advance(id: "01-NV-2", to: .paid, dong: 1, on: LocalDate(year: 2025, month: 8, day: 2)!, by: hcm)
        }
        await #expect(throws: AppError.self) { try await service.cases(scope: "province:01", stage: nil, offset: 0, limit: 50, by: hcm) }
        let clerk = try #require(users["clerk"])
        await #expect(throws: AppError.self) { try await service.cases(scope: nil, stage: nil, offset: 0, limit: 50, by: clerk) }
        let listed = try await service.cases(scope: "province:01", stage: nil, offset: 0, limit: 50, by: padmin)
        #expect(listed.map(\.personName) == ["Nguyễn Văn An", "Trần Thị Bình"])

        let (total, rows) = try await service.tally(scope: "nation", groupBy: .unit, asOf: LocalDate(year: 2025, month: 8, day: 31)!)
        #expect(total.decisions == 2 && total.paid == 2 && total.paidDong == 890_000_000)
        #expect(rows.map(\.code) == ["00004", "01"])
        #expect(rows.map(\.name) == ["Phường Ba Đình", "Thành phố Hà Nội"])
        await #expect(throws: AppError.self) { try await service.tally(scope: "province:1", groupBy: .province) }
        await #expect(throws: AppError.self) { try await service.tally(scope: "commune:99999", groupBy: .province) }
        try await service.store.close()
    }

    @Test("the generated pipeline prints the resolution's totals exactly, every case within the rules")
    func generated() async throws {
        let (service, _) = try await Self.setUp()
        let sizes = try #require(SyntheticProfile.resolution268.redundancy)
        #expect(try await RedundancyGenerator(store: service.store, seed: 1).run(sizes) == 94_402)
        let (total, rows) = try await service.tally(scope: "nation", groupBy: .province, asOf: LocalDate(year: 2025, month: 8, day: 31)!)
        #expect(total.decisions == 94_402)
        #expect(total.fundingRequested == 81_410)
        #expect(total.paid == 75_710)
        #expect(total.paidDong <= total.approvedDong && total.approvedDong <= total.requestedDong)
        #expect(rows.count == 34)
        #expect(rows.reduce(RedundancyTally()) { $0 + $1.tally } == total)
        let table = ReportTable(redundancy: total, rows: rows)
        #expect(table.text.contains("94402") && table.text.contains("81410") && table.text.contains("75710"))
        try await service.store.close()
    }
}

/// Staffing use cases: position and roster files checked row by row, surplus and shortage by group,
/// rotations within a province, the generated data set.
struct StaffingServiceTests {
    @Test("files checked whole; gaps summed per unit and skill so a surplus does not hide a shortage; rotations")
    func importAndReport() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let service = StaffingService(store: identity.store, now: { clock.now })
        let padmin = try #require(users["padmin"])
        let badPositions = """
            id,unit_code,title,skill,quota
            p1,00004,Địa chính,land,2
            p2,00004,,finance,-1
            p1,00008,Địa chính,astrology,1
            p4,26734,Địa chính,land,1
            """
        await #expect {
            try await service.importCSV(badPositions, by: padmin)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 3: quota", "line 3: title", "line 4: skill", "line 4: id", "line 5: unit_code"]
        }
        #expect(try await service.gaps(scope: "nation", groupBy: .unit).rows.isEmpty, "nothing written")
        let positions = "id,unit_code,title,skill,quota\np1,00004,Địa chính,land,3\np2,00008,Địa chính,land,1\np3,00004,Tài chính,finance,1\n"
        #expect(try await service.importCSV(positions, by: padmin) == 3)
        let roster = """
            unit_code,skill,category,people
            00004,land,civilServant,1
            00004,finance,civilServant,3
            00004,land,partTime,2
            00008,land,civilServant,3
            """
        #expect(try await service.importCSV(roster, by: padmin) == 4)
        await #expect(throws: AppError.self) { try await service.importCSV("unit_code,skill,category,people\n00004,land,intern,1\n", by: padmin) }
        let (total, rows) = try await service.gaps(scope: "province:01", groupBy: .unit)
        #expect(rows.map(\.code) == ["00004", "00008"])
        // 00004: land 3 quota / 1 person (short 2), finance 1 / 3 (surplus 2): both shown, not netted.
        #expect(rows[0].quota == 4 && rows[0].people == 4 && rows[0].surplus == 2 && rows[0].shortage == 2 && rows[0].partTime == 2)
        #expect(rows[1].surplus == 2 && rows[1].shortage == 0)
        #expect(total.surplus == 4 && total.shortage == 2)
        let bySkill = try await service.gaps(scope: "nation", groupBy: .skill).rows
        #expect(bySkill.map(\.name) == ["Tài chính", "Đất đai"], "by code: finance, land")
        let rotations = try await service.rotations(scope: "province:01")
        #expect(rotations == [StaffingRules.Rotation(provinceCode: "01", skill: .land, from: "00008", to: "00004", people: 2)])
        await #expect(throws: AppError.self) { try await service.rotations(scope: "commune:00004") }
        // Another province's admin may not import Hà Nội's units, nor take one of its positions by its id.
        let hcm = try #require(users["hcmadmin"])
        await #expect(throws: AppError.self) { try await service.importCSV(positions, by: hcm) }
        await #expect {
            try await service.importCSV("id,unit_code,title,skill,quota\np1,26704,Địa chính,land,0\n", by: hcm)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 2: unit_code"]
        }
        #expect(try await service.gaps(scope: "commune:00004", groupBy: .none).total.quota == 4, "the position stayed in Ba Đình")
        try await identity.store.close()
    }

    @Test("positions and people named by agency: checked against the unit's agencies, reported by agency and by unit class")
    func byAgency() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        _ = try await identity.seedAgencies()
        _ = try await AgencyGenerator(store: store).run()
        let service = StaffingService(store: store, now: { clock.now })
        let padmin = try #require(users["padmin"])
        let offices = try await store.identity.agencies(provinceCode: "01", unitCode: nil, offset: 0, limit: 10_000).filter { $0.kind == .communeOffice }
        let economy = try #require(offices.first { $0.unitCode == "00004" && $0.name.hasPrefix("Phòng Kinh tế") })
        let general = try #require(offices.first { $0.unitCode == "00004" && $0.name.hasPrefix("Văn phòng") })
        let elsewhere = try #require(offices.first { $0.unitCode == "00008" })
        let bad = "id,unit_code,agency_code,title,skill,quota\na1,00004,\(economy.code),Địa chính,land,2\na2,00004,\(elsewhere.code),Tư pháp,legal,1\n"
        await #expect {
            try await service.importCSV(bad, by: padmin)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 3: agency_code"]
        }
        let positions = "id,unit_code,agency_code,title,skill,quota\na1,00004,\(economy.code),Địa chính,land,2\na2,00004,\(general.code),Tư pháp,legal,1\n"
        #expect(try await service.importCSV(positions, by: padmin) == 2)
        let roster = """
            unit_code,agency_code,skill,category,people
            00004,\(economy.code),land,civilServant,1
            00004,\(general.code),legal,civilServant,2
            00004,\(general.code),legal,partTime,1
            00008,,land,civilServant,1
            """
        #expect(try await service.importCSV(roster, by: padmin) == 4)
        let byAgency = try await service.gaps(scope: "province:01", groupBy: .agency).rows
        #expect(byAgency.map(\.name) == ["Chưa ghi cơ quan"] + [economy, general].sorted { $0.code < $1.code }.map(\.name), "by code")
        #expect(byAgency.first { $0.name == economy.name }.map { ($0.quota, $0.people, $0.shortage) } ?? (0, 0, 0) == (2, 1, 1))
        #expect(byAgency.first { $0.name == general.name }.map { ($0.people, $0.partTime, $0.surplus) } ?? (0, 0, 0) == (2, 1, 1))
        // A roster file without agencies replaces the unit, skill and category it names, agency rows included.
        #expect(try await service.importCSV("unit_code,skill,category,people\n00004,land,civilServant,5\n", by: padmin) == 1)
        #expect(try await service.gaps(scope: "province:01", groupBy: .none).total.people == 8, "5 + 2 + 1, nothing counted twice")
        let byClass = try await service.gaps(scope: "province:01", groupBy: .unitClass).rows
        #expect(byClass.map(\.name) == ["Đô thị"] && byClass[0].people == 8, "Ba Đình and Ngọc Hà are wards")
        try await store.close()
    }

    @Test("the generated staffing gives every current unit a quota per skill, short more often in the named fields")
    func generated() async throws {
        let (identity, clock, _) = try await GrantWorkflowTests.setUp()
        let service = StaffingService(store: identity.store, now: { clock.now })
        #expect(try await StaffingGenerator(store: identity.store, seed: 1).run() == 3_355)
        let rows = try await service.gaps(scope: "nation", groupBy: .skill).rows
        #expect(rows.count == 8)
        let land = try #require(rows.first { $0.code == "land" }), administration = try #require(rows.first { $0.code == "administration" })
        #expect(land.shortage > land.surplus && administration.surplus > administration.shortage)
        #expect(try await service.gaps(scope: "nation", groupBy: .province).rows.count == 34)
        #expect(try await service.gaps(scope: "nation", groupBy: .agency).rows.map(\.code) == [""], "no specialised agencies: none named")
        try await identity.store.close()
    }
}

/// Facilities and equipment: a register checked row by row, the surplus report with what needs
/// attention, equipment shortage by unit, the generated data set.
struct FacilityServiceTests {
    @Test("a facility register with wrong rows writes nothing; the report finds the unplanned and the late")
    func importAndReport() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let service = FacilityService(store: identity.store, now: { clock.now })
        let padmin = try #require(users["padmin"])
        let header = "id,unit_code,name,kind,area_m2,condition,status,planned_use,responsible,deadline,progress"
        let bad = """
            \(header)
            f1,00004,Trụ sở UBND phường Ba Đình,office,1200,good,inUse,,,,
            f2,00004,Trụ sở cũ phường Trúc Bạch,office,800,fair,surplus,clinic,,,
            f3,00004,Trụ sở cũ phường Quán Thánh,office,600,poor,surplus,health,,2025-12-31,
            f4,00008,,office,0,fair,inUse,,,,
            """
        await #expect {
            try await service.importCSV(bad, by: padmin)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 3: planned_use", "line 4: responsible", "line 5: name", "line 5: area_m2"]
        }
        #expect(try await service.report(scope: "nation").facilities == 0)
        let good = """
            \(header)
            f1,00004,Trụ sở UBND phường Ba Đình,office,1200,good,inUse,,,,
            f2,00004,Trụ sở cũ phường Trúc Bạch,office,800,fair,surplus,,,,
            f3,00004,Trụ sở cũ phường Quán Thánh,office,600,poor,surplus,health,Sở Y tế,2025-09-30,inProgress
            f4,00008,Trụ sở cũ phường Điện Biên,land,900,fair,surplus,education,Sở Giáo dục,2025-12-31,notStarted
            """
        #expect(try await service.importCSV(good, by: padmin) == 4)
        #expect(try await service.importCSV("unit_code,kind,have,needed\n00004,computer,40,55\n00008,vehicle,3,1\n", by: padmin) == 2)
        let report = try await service.report(scope: "province:01", asOf: LocalDate(year: 2025, month: 10, day: 1)!)
        #expect(report.facilities == 4 && report.surplus == 3 && report.surplusArea == 2_300)
        #expect(report.attention.map { "\($0.facility.id) \($0.why.rawValue)" } == ["f2 noPlan", "f3 overdue"])
        #expect(report.byUse == ["": 1, "health": 1, "education": 1])
        #expect(report.shortUnits == ["00004": [.computer: 15]])
        #expect(report.equipment[.vehicle]?.surplus == 2)
        let commune = try await service.report(scope: "commune:00008", asOf: LocalDate(year: 2025, month: 10, day: 1)!)
        #expect(commune.facilities == 1 && commune.attention.isEmpty)
        let hcm = try #require(users["hcmadmin"])
        await #expect(throws: AppError.self) { try await service.importCSV(good, by: hcm) }
        let takeover = "id,unit_code,name,kind,area_m2,condition,status,planned_use,responsible,deadline,progress\nf1,26704,Trụ sở,office,10,good,inUse,,,,\n"
        await #expect(throws: AppError.self, "a stored facility of Hà Nội cannot be moved by another province") {
            try await service.importCSV(takeover, by: hcm)
        }
        #expect(try await service.report(scope: "commune:00004").facilities == 3)
        try await identity.store.close()
    }

    @Test("the generated facilities: every commune's office in use, former offices surplus, some late")
    func generated() async throws {
        let (identity, clock, _) = try await GrantWorkflowTests.setUp()
        let service = FacilityService(store: identity.store, now: { clock.now })
        let count = try await FacilityGenerator(store: identity.store, seed: 1).run()
        let report = try await service.report(scope: "nation", asOf: LocalDate(year: 2025, month: 10, day: 15)!)
        #expect(report.facilities == count && report.surplus == count - 3_321)
        #expect(report.attention.contains { $0.why == .overdue } && report.attention.contains { $0.why == .noPlan })
        #expect(!report.shortUnits.isEmpty)
        try await identity.store.close()
    }
}

/// The specialised agencies at the resolution's size, and their report.
struct AgencyReportTests {
    @Test("465 provincial departments and 9,916 commune offices, counted back exactly, every code of the QCVN 102 shape and unique")
    func resolutionSize() async throws {
        let (identity, clock, _) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        _ = try await identity.seedAgencies()
        #expect(try await AgencyGenerator(store: store).run() == 465 + 9_916)
        #expect(try await AgencyGenerator(store: store).run() == 0, "never padded twice")
        let (total, rows) = try await AgencyReport(store: store, now: { clock.now }).counts(scope: "nation", byUnit: false)
        #expect(total[.provincialDepartment] == 465)
        #expect(total[.communeOffice] == 9_916)
        #expect(total[.communePeoplesCommittee] == 3_321 && total[.provincialServiceCentre] == 34)
        #expect(rows.count == 34 && rows.allSatisfy { (13...14).contains($0.counts[.provincialDepartment] ?? 0) })
        let all = try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000)
        #expect(Set(all.map(\.code)).count == all.count && all.allSatisfy { AgencyCode.isValid($0.code) })
        let commune = try await AgencyReport(store: store, now: { clock.now }).counts(scope: "commune:00004", byUnit: true)
        #expect((2...3).contains(commune.total[.communeOffice] ?? 0) && commune.rows.map(\.code) == ["00004"])
        try await store.close()
    }
}
