import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// What `scripts/fuzz-api` (Schemathesis against the OpenAPI document) found, each kept from coming back.
@Suite("API fuzzing regressions")
struct FuzzRegressionTests {
    @Test("paging parameters out of range or not numbers: 400, never passed to the database")
    func paging() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            for query in ["offset=-1", "offset=x", "limit=-1", "limit=0", "limit=1001", "limit=abc"] {
                let answer = try await DossierAPITests.call(client, "/api/v1/agencies?\(query)", headers: admin)
                #expect(answer.status == 400, "agencies?\(query)")
            }
            #expect(try await DossierAPITests.call(client, "/api/v1/access-log?limit=-1", headers: admin).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/agencies?offset=0&limit=5", headers: admin).status == 200)
        }
    }

    @Test("a NUL character in a query or a JSON body: 400 problem+json naming it (PostgreSQL refused it with a 503)")
    func nulCharacters() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            try await client.execute(uri: "/api/v1/agencies?province=%00", method: .get, headers: admin) { response in
                #expect(response.status == .badRequest && response.contentType.hasPrefix("application/problem+json"))
            }
            let body = ByteBuffer(string: #"{"username":"a\u0000b","password":"x"}"#)
            try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: jsonHeaders, body: body) { response in
                #expect(response.status == .badRequest)
                #expect((try? response.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == "body")
            }
            try await client.execute(uri: "/api/v1/dossiers/A%00B", method: .get, headers: admin) { response in
                #expect(response.status == .notFound && response.contentType.hasPrefix("application/problem+json"))
                // Refused at the door, before any store is asked (PostgreSQL answered 503 for it).
                #expect((try? response.json()["detail"] as? String)?.hasPrefix("Không có địa chỉ") == true)
            }
            let lookup = ByteBuffer(string: #"{"code":"A\u0000","secret":"x"}"#)
            try await client.execute(uri: "/api/v1/lookup", method: .post, headers: jsonHeaders, body: lookup) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("the bookkeeping CSV imports take Content-Type: text/csv, as documented")
    func csvContentType() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            var headers = admin
            headers[.contentType] = "text/csv; charset=utf-8"
            let text = "id,unit_code,name,kind,area_m2,condition,status,planned_use,responsible,deadline,progress\n"
                + "fuzz-\(UUID().uuidString.prefix(6)),26704,Trụ sở cũ,office,700,fair,surplus,,,,\n"
            try await client.execute(uri: "/api/v1/bookkeeping/facilities/import", method: .post, headers: headers, body: ByteBuffer(string: text)) { response in
                #expect(response.status == .ok, "\(response.text)")
            }
            headers[.contentType] = "image/png"
            try await client.execute(uri: "/api/v1/bookkeeping/facilities/import", method: .post, headers: headers, body: ByteBuffer(string: text)) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }

    @Test("raising an obstacle at a level below the unit's own is a wrong field (400), not a state conflict")
    func obstacleLevel() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            let answer = try await DossierAPITests.call(client, "/api/v1/bookkeeping/obstacles", .post, headers: admin, body: [
                "unitCode": "01", "field": "legal", "description": "Chưa rõ thẩm quyền", "body": "UBND", "level": "commune", "deadline": "2099-01-31",
            ])
            #expect(answer.status == 400)
            #expect((answer.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "/level")
        }
    }
}
