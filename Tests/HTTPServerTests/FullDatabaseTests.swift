import AppCore
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import StorageSQLite
import Testing

/// A database that runs out of room (SQLite's `max_page_count`, standing in for a full disk): filing
/// gets a 507 problem+json in Vietnamese, never a 500; nothing half-written; every acknowledged dossier
/// intact and `verify` clean; once there is room again, filing works. `scripts/faults` fills a real disk.
@Suite("full database")
struct FullDatabaseTests {
    @Test("a full SQLite file: 507 problem+json, nothing half-written, writes resume once there is room")
    func fullDatabase() async throws {
        let services = try await TestApp.makeServices()
        let store = try #require(services.store as? SQLiteStore)
        _ = try await services.identity.addUser(.init(
            username: "full.clerk", fullName: "Lê Thị Mai", password: IdentityAPITests.password, roles: ["receptionist"], unitCode: "00004"
        ), by: nil)
        try await TestApp.test(services: services) { client in
            let clerk = try await AccountsAPITests.token(client, "full.clerk")
            #expect(try await DossierAPITests.file(client, as: clerk).status == 201)
            // The writer may grow the file by a few pages only from now on.
            let pages = try #require(try await store.query(SQLStatement("PRAGMA page_count")).first?.first?.integer)
            try await store.transaction([SQLStatement("PRAGMA max_page_count = \(pages + 8)")])

            var acknowledged = 1
            var refusal: DossierAPITests.Answer?
            var contentType = ""
            for _ in 0..<2_000 {
                let answer = try await client.execute(
                    uri: "/api/v1/dossiers", method: .post, headers: clerk,
                    body: try jsonBody(["procedureCode": DossierAPITests.procedure, "applicant": DossierAPITests.applicant(),
                                        "summary": "Xác nhận để kết hôn"])
                ) { response in
                    contentType = response.contentType
                    return DossierAPITests.Answer(status: Int(response.status.code), json: (try? response.json()) ?? [:], headers: response.headers)
                }
                if answer.status == 201 { acknowledged += 1; continue }
                refusal = answer
                break
            }
            let full = try #require(refusal, "the file never filled")
            #expect(full.status == 507)
            #expect(contentType.hasPrefix("application/problem+json"))
            #expect(full.json["title"] as? String == "Cơ sở dữ liệu đã hết dung lượng")
            #expect((full.json["detail"] as? String)?.contains("chưa được lưu") == true)

            // Nothing half-written: the acknowledged dossiers, complete, and nothing else.
            let count = try await services.store.dossiers.count(provinceCode: nil)
            #expect(count == acknowledged)
            let verification = try await DossierVerification.run(services.store, provinceCode: nil)
            #expect(verification.problems.isEmpty, "\(verification.problems.prefix(3))")
            #expect(try await store.query(SQLStatement("PRAGMA integrity_check")).first?.first?.text == "ok")

            // Room again (an operator freed disk): the same request is filed.
            try await store.transaction([SQLStatement("PRAGMA max_page_count = 1073741823")])
            #expect(try await DossierAPITests.file(client, as: clerk).status == 201)
            #expect(try await services.store.dossiers.count(provinceCode: nil) == acknowledged + 1)
        }
        try await services.store.close()
    }
}
