import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The catalogue over HTTP: search, show, export in both formats, import only by a system administrator.
@Suite("catalogue API")
struct CatalogAPITests {
    @Test("search and show the shipped catalogue; export JSON and CSV; bad parameters are 400")
    func readCatalogue() async throws {
        try await TestApp.test { client in
            let search = try await DossierAPITests.call(client, "/api/v1/procedures?q=ket%20hon&level=commune", headers: [:])
            #expect(search.status == 200)
            let names = (search.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(!names.isEmpty && names.allSatisfy { $0.lowercased().contains("kết hôn") })
            let shown = try await DossierAPITests.call(client, "/api/v1/procedures/1.004873", headers: [:])
            #expect((shown.json["versions"] as? [[String: Any]])?.first?["timeLimit"] != nil)
            #expect(try await DossierAPITests.call(client, "/api/v1/procedures/9.999999", headers: [:]).status == 404)
            #expect(try await DossierAPITests.call(client, "/api/v1/procedures?level=district", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/procedures?limit=0", headers: [:]).status == 400)
            let csv = try await client.execute(uri: "/api/v1/catalog/export?format=csv", method: .get) { ($0.headers[.contentType] ?? "", $0.text) }
            #expect(csv.0.hasPrefix("text/csv") && csv.1.hasPrefix("code,nationalCode,name"))
            #expect(try await DossierAPITests.call(client, "/api/v1/catalog/export?format=xml", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/results/x/verify?sha256=nothex", headers: [:]).status == 400)
        }
    }

    @Test("import: refused to other roles, a bad file changes nothing, a new version is added")
    func importCatalogue() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            let file: [String: Any] = ["version": 1, "procedures": [[
                "code": "TEST-IMPORT-1", "name": "Thủ tục thử nghiệm nhập danh mục", "field": "Thử nghiệm", "level": "commune",
                "agencyKind": "communePeoplesCommittee", "timeLimit": ["value": 2, "unit": "workingDays"], "validFrom": "2025-07-01",
            ]]]
            func post(_ body: ByteBuffer, _ headers: HTTPFields) async throws -> Int {
                try await client.execute(uri: "/api/v1/catalog/import", method: .post, headers: headers, body: body) { Int($0.status.code) }
            }
            #expect(try await post(try jsonBody(file), clerk) == 403)
            #expect(try await post(ByteBuffer(string: "{\"version\":1,\"procedures\":[{\"code\":\"x\"}]}"), admin) == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/procedures/TEST-IMPORT-1", headers: [:]).status == 404, "nothing stored")
            #expect(try await post(try jsonBody(file), admin) == 200)
            let shown = try await DossierAPITests.call(client, "/api/v1/procedures/TEST-IMPORT-1", headers: [:])
            #expect((shown.json["versions"] as? [[String: Any]])?.count == 1)
        }
    }
}
