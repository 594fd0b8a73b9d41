import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

/// Public service units: a register checked row by row against the units, their agencies and the rules,
/// written whole or not at all; the review report; the generated units.
struct PublicServiceUnitServiceTests {
    static let header = PublicServiceUnitService.columns.joined(separator: ",")

    /// The People's Committee of a commune, as the organisation register seeds it.
    static func committee(_ store: any Store, _ unit: String) async throws -> String {
        let agencies = try await store.identity.agencies(provinceCode: nil, unitCode: unit, offset: 0, limit: 100)
        return try #require(agencies.first { $0.kind == .communePeoplesCommittee }?.code)
    }

    @Test("a register with wrong rows is reported by line and column and writes nothing; a clean one is written, re-imports change nothing")
    func importRegister() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        _ = try await identity.seedAgencies()
        let service = PublicServiceUnitService(store: store, now: { clock.now })
        let padmin = try #require(users["padmin"])
        let baDinh = try await Self.committee(store, "00004"), ngocHa = try await Self.committee(store, "00008")
        let bad = """
            \(Self.header)
            00004-MN,00004,\(baDinh),Trường Mầm non Ba Đình,education,Giáo dục mầm non,25,4,merged,,9/QĐ-UBND,2025-09-15,00004-XX
            00004-TH,00004,\(ngocHa),Trường Tiểu học Ba Đình,education,Giáo dục tiểu học,40,4,pending,2025-12-31,,,
            00008-YT,00008,\(ngocHa),Trạm Y tế Ngọc Hà,hospital,Chăm sóc sức khỏe,eight,3,adjusted,,,,
            00008-TH,00008,\(ngocHa),Trường Tiểu học Ngọc Hà,education,Giáo dục tiểu học,35,4,kept,2025-12-31,10/QĐ-UBND,2025-10-01,
            00008-TH,00008,\(ngocHa),Trường Tiểu học Ngọc Hà,education,Giáo dục tiểu học,35,4,pending,2025-12-31,,,
            """
        await #expect {
            _ = try await service.importCSV(bad, by: padmin)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == [
                "line 2: merged_into", "line 3: agency_code", "line 4: sector", "line 4: staff", "line 6: id",
            ]
        }
        #expect(try await store.bookkeeping.publicServiceUnits(provinceCode: nil, unitCode: nil).isEmpty, "nothing partial")

        let good = """
            \(Self.header)
            00004-MN,00004,\(baDinh),Trường Mầm non Ba Đình,education,Giáo dục mầm non,25,4,merged,,9/QĐ-UBND,2025-09-15,00004-TH
            00004-TH,00004,\(baDinh),Trường Tiểu học Ba Đình,education,Giáo dục tiểu học,40,4,pending,2025-12-31,,,
            00008-YT,00008,\(ngocHa),Trạm Y tế Ngọc Hà,health,Chăm sóc sức khỏe ban đầu,8,3,inReview,2025-09-30,,,
            00008-TH,00008,\(ngocHa),Trường Tiểu học Ngọc Hà,education,Giáo dục tiểu học,35,,kept,2025-12-31,10/QĐ-UBND,2025-10-01,
            """
        #expect(try await service.importCSV(good, by: padmin) == RegisterImportSummary(inserted: 4))
        #expect(try await service.importCSV(good, by: padmin) == RegisterImportSummary(unchanged: 4))
        let hcm = try #require(users["hcmadmin"])
        await #expect(throws: AppError.self, "another province's admin") { _ = try await service.importCSV(good, by: hcm) }

        let report = try await service.report(scope: "province:01", groupBy: .unit, asOf: LocalDate(year: 2025, month: 10, day: 15)!)
        #expect(report.total.units == 4 && report.total.staff == 108 && report.total.decided == 2 && report.total.overdue == 1)
        #expect(report.rows.map(\.code) == ["00004", "00008"] && report.rows.map(\.units) == [2, 2])
        #expect(report.rows[1].reviews == [.inReview: 1, .kept: 1] && report.rows[1].name == "Phường Ngọc Hà")
        #expect(report.overdue.map(\.id) == ["00008-YT"])
        let bySector = try await service.report(scope: "nation", groupBy: .sector, asOf: LocalDate(year: 2026, month: 1, day: 5)!)
        #expect(bySector.rows.map(\.name) == ["Giáo dục", "Y tế"] && bySector.total.overdue == 2)
        try await store.close()
    }

    @Test("the generated units: five per commune under its People's Committee, every one within the rules, some reviews late")
    func generated() async throws {
        let (identity, clock, _) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        _ = try await identity.seedAgencies()
        let count = try await PublicServiceUnitGenerator(store: store, seed: 1).run()
        #expect(count == 3_321 * 5)
        let all = try await store.bookkeeping.publicServiceUnits(provinceCode: nil, unitCode: nil)
        let today = LocalDate(vietnamTimeOf: clock.now.timeIntervalSince1970)
        #expect(all.count == count && all.allSatisfy { PublicServiceUnitRules.problems($0, today: today).isEmpty })
        let ids = Set(all.map(\.id))
        #expect(all.allSatisfy { $0.mergedInto.map(ids.contains) ?? true }, "every merger names a registered unit")
        let report = try await PublicServiceUnitService(store: store, now: { clock.now })
            .report(scope: "nation", groupBy: .province, asOf: LocalDate(year: 2026, month: 1, day: 1)!)
        #expect(report.rows.count == 34 && report.total.units == count)
        #expect(report.total.overdue > 0 && report.total.overdue == count - report.total.decided)
        try await store.close()
    }
}
