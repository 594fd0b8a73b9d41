import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

struct AgencyTests {
    @Test("every province and commune gets a service centre and a People's Committee, with codes of the QCVN 102 shape")
    func seed() async throws {
        let (service, _, _) = try await GrantWorkflowTests.setUp()
        let all = try await service.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 100_000)
        let expected = 6_710 // two agencies for each of 34 provinces and 3,321 communes
        #expect(all.count == expected)
        #expect(all.allSatisfy { AgencyCode.isValid($0.code) })
        #expect(Set(all.map(\.code)).count == all.count)
        let baDinh = try await service.agencies(provinceCode: nil, unitCode: "00004", offset: 0, limit: 10)
        #expect(Set(baDinh.map(\.name)) == ["Ủy ban nhân dân phường Ba Đình", "Trung tâm Phục vụ hành chính công phường Ba Đình"])
        #expect(try await service.seedAgencies() == 0, "seeding twice adds nothing")
        try await service.store.close()
    }

    @Test("an agency file is checked whole before anything is written")
    func importAgencies() async throws {
        let (service, _, _) = try await GrantWorkflowTests.setUp()
        let bad = """
            code,name,kind,unit_code,parent_code,fields
            000.00.05.H01,Sở Tư pháp,provincialDepartment,01,,tư pháp;hộ tịch
            000.00.06.H01,Sở Xây dựng,provincialDepartment,00004,,xây dựng
            12.3,Phòng Kinh tế,communeOffice,00004,,
            """
        await #expect {
            try await service.importAgencies(csv: bad)
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field) == ["line 3: kind", "line 4: code"]
        }
        #expect(try await service.store.identity.agency(code: "000.00.05.H01") == nil)
        let good = "code,name,kind,unit_code,parent_code,fields\n000.00.05.H01,Sở Tư pháp,provincialDepartment,01,,tư pháp;hộ tịch\n"
        #expect(try await service.importAgencies(csv: good) == 1)
        #expect(try await service.store.identity.agency(code: "000.00.05.H01")?.fields == ["tư pháp", "hộ tịch"])
        try await service.store.close()
    }
}

struct ConcurrentAccountTests {
    @Test("two creations of one username at once: one account, and the other gets a conflict")
    func sameUsername() async throws {
        let (service, _, _) = try await GrantWorkflowTests.setUp()
        let new = IdentityService.NewUser(username: "twin.name", fullName: "A", password: "Đủ-Mạnh-2026-x", roles: ["receptionist"], unitCode: "00004")
        async let first = Result { () async throws(AppError) -> UserRecord in try await service.addUser(new, by: nil) }
        async let second = Result { () async throws(AppError) -> UserRecord in try await service.addUser(new, by: nil) }
        let results = await [first, second]
        #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
        #expect(results.contains { if case .failure(.conflict) = $0 { true } else { false } })
        try await service.store.close()
    }
}

extension Result where Failure == AppError {
    init(_ body: () async throws(AppError) -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
