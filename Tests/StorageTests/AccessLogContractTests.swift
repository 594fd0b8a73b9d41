import Domain
import Storage
import StorageTesting
import Testing

@Suite("access log contract")
struct AccessLogContractTests {
    @Test("the access log is append-only in the database itself", arguments: TestStores.engines)
    func appendOnly(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let entry = AccessLogEntry(
            at: "2026-11-30T00:00:00Z", officerID: "u1", unitCode: "00004", provinceCode: "01", roles: [.receptionist],
            purpose: "000.00.01.H01-261130-0001", action: "queryPopulationRegister", resource: "person", subject: "001099012345",
            fields: ["fullName", "birthDate"], client: "127.0.0.1"
        )
        try await store.identity.appendAccessLog(entry)
        let executor = try #require(store as? any SQLExecutor)
        await #expect(throws: (any Error).self) {
            try await executor.transaction([SQLStatement("UPDATE access_log SET officer_id = 'someone else'")])
        }
        await #expect(throws: (any Error).self) {
            try await executor.transaction([SQLStatement("DELETE FROM access_log")])
        }
        let rows = try await store.identity.accessLog(AccessLogQuery(subject: "001099012345"))
        #expect(rows.count == 1)
        #expect(rows.first?.officerID == "u1")
        #expect(try await store.identity.accessLog(AccessLogQuery(unitCode: "01")).count == 1)
        #expect(try await store.identity.accessLog(AccessLogQuery(unitCode: "79")).isEmpty)
        try await store.close()
    }
}
