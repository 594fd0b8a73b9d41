import Domain
@testable import Storage
@testable import StoragePostgres
import StorageTesting
import Testing

/// Reads by code on PostgreSQL name their partition once the agency's province is known, and a hint
/// that is wrong costs a round trip, never a result.
struct AgencyProvincesTests {
    @Test("the agency part of a dossier code, and which provinces may stand in a statement")
    func parts() {
        #expect(AgencyProvinces.agency(of: "001.05.01.H01-250701-0001") == "001.05.01.H01")
        #expect(AgencyProvinces.agency(of: "A-B-250701-0012") == "A-B")
        for code in ["250701-0001", "-250701-0001", "nothing", ""] {
            #expect(AgencyProvinces.agency(of: code) == nil, "\(code)")
        }
        #expect(AgencyProvinces.isPlainCode("01") && AgencyProvinces.isPlainCode("H79"))
        for province in ["", "0'1", "01 OR 1=1", "012345678", "Hà"] {
            #expect(!AgencyProvinces.isPlainCode(province), "\(province)")
        }
        let hints = AgencyProvinces()
        hints.learn(code: "001.05.01.H01-250701-0001", province: "01'; DROP TABLE dossiers; --")
        #expect(hints.province(ofCode: "001.05.01.H01-250702-0009") == nil)
        hints.learn(code: "001.05.01.H01-250701-0001", province: "01")
        #expect(hints.province(ofCode: "001.05.01.H01-250702-0009") == "01")
        #expect(hints.province(ofCode: "001.05.01.H79-250702-0009") == nil)
    }

    @Test("PostgreSQL: a read by code goes straight to the partition of its agency's province, learned from the read function")
    func partitionReads() async throws {
        guard TestStores.engines.contains(.postgres) else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return
        }
        let store = try await TestStores.make(.postgres)
        let postgres = try #require(store as? PostgresStore)
        let day = DossierContractTests.now.vietnamDate
        let file = { (agency: String, province: String, unit: String) in
            try await store.dossiers.create(provinceCode: province, agencyCode: agency, day: day) {
                try DossierContractTests.receipt($0, province: province, unit: unit)
            }
        }
        let first = try await file("001.05.01.H01", "01", "00004")
        let second = try await file("001.05.01.H01", "01", "00004")
        let elsewhere = try await file("001.05.01.H79", "79", "26734")

        #expect(try await store.dossiers.lookup(code: first) != nil)
        #expect(postgres.agencyProvinces.province(ofCode: second) == "01")
        // A wrong hint: the partition it names has no such code, and the function answers and corrects it.
        postgres.agencyProvinces.learn(code: elsewhere, province: "01")
        #expect(try await store.dossiers.dossier(code: elsewhere)?.code == elsewhere)
        #expect(postgres.agencyProvinces.province(ofCode: elsewhere) == "79")

        // Without the read functions, only what the hints know can still be read: they are not asked.
        _ = try await postgres.query(SQLStatement("DROP FUNCTION dossier_lookup(TEXT)"))
        _ = try await postgres.query(SQLStatement("DROP FUNCTION dossier_state(TEXT)"))
        let found = try #require(try await store.dossiers.lookup(code: second))
        #expect(found.publicView.contains(second))
        #expect(try await store.dossiers.dossier(code: second)?.code == second)
        #expect(try await store.dossiers.dossier(code: elsewhere)?.provinceCode == "79")
        try await store.close()
    }
}
