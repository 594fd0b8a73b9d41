import AppCore
import Domain
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import Storage
import Testing

/// The portal's push, population look-ups and the outbox over HTTP.
@Suite("registries API")
struct RegistriesAPITests {
    static let pushToken = "portal-push-secret"

    /// The shared app, with push from the portal switched on.
    static func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var services = try await TestApp.shared.services()
        services.portalPushToken = pushToken
        let app = Application(router: try buildRouter(services), logger: Logger(label: "test"))
        return try await app.test(.router, body)
    }

    static func filing(_ portalID: String) -> [String: Any] {
        [
            "portalID": portalID, "procedureCode": "MC-HT-001", "receivingUnit": "00004",
            "applicant": ["name": "Vũ Thị Hạnh", "phone": "0987654321"], "submittedAt": "2026-11-30T08:00:00+07:00",
        ]
    }

    @Test("the portal pushes a dossier once; without its token it is refused")
    func push() async throws {
        try await Self.test { client in
            let id = "G22.TEST-\(UUID().uuidString.prefix(8))"
            var headers = jsonHeaders
            let none = try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: Self.filing(id))
            #expect(none.status == 401)
            headers[.authorization] = "Bearer wrong"
            #expect(try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: Self.filing(id)).status == 401)
            headers[.authorization] = "Bearer \(Self.pushToken)"
            let first = try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: Self.filing(id))
            #expect(first.status == 201, "\(first.json)")
            #expect(first.json["status"] as? String == "submitted" && first.json["channel"] as? String == "online-portal")
            let again = try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: Self.filing(id))
            #expect(again.status == 201 && again.json["code"] as? String == first.json["code"] as? String, "the same dossier, not a second one")
            let garbled = try await client.execute(uri: "/api/v1/portal/dossiers", method: .post, headers: headers, body: ByteBuffer(string: "{\"portalID\":")) {
                Int($0.status.code)
            }
            #expect(garbled == 400, "malformed JSON")
            var huge = Self.filing(id + "-huge")
            huge["summary"] = String(repeating: "Hồ sơ ", count: 60_000)
            #expect(try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: huge).status == 413)
            var bad = Self.filing(id + "-x")
            bad["procedureCode"] = "KHONG-CO"
            let refused = try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: bad)
            #expect(refused.status == 400 && refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
        try await TestApp.test { client in
            var headers = jsonHeaders
            headers[.authorization] = "Bearer \(Self.pushToken)"
            let off = try await DossierAPITests.call(client, "/api/v1/portal/dossiers", .post, headers: headers, body: Self.filing("G22.OFF"))
            #expect(off.status == 403, "push is off without MOTCUA_PORTAL_PUSH_TOKEN")
        }
    }

    @Test("a population look-up with a malformed ID, without a purpose or without a grant is a clear 4xx")
    func lookupRefusals() async throws {
        try await Self.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let filed = try await DossierAPITests.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            let malformed = try await DossierAPITests.call(client, "/api/v1/population/lookup", .post, headers: clerk, body: ["personalID": "0011", "purpose": code])
            #expect(malformed.status == 400)
            #expect(malformed.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(String(describing: malformed.json).contains("personalID"))
            let noPurpose = try await DossierAPITests.call(client, "/api/v1/population/lookup", .post, headers: clerk, body: ["personalID": "001095012345"])
            #expect(noPurpose.status == 400 && String(describing: noPurpose.json).contains("purpose"))
            let noGrant = try await DossierAPITests.call(
                client, "/api/v1/population/lookup", .post, headers: clerk, body: ["personalID": "001095012345", "purpose": code]
            )
            #expect(noGrant.status == 403)
            let anonymous = try await DossierAPITests.call(
                client, "/api/v1/population/lookup", .post, headers: jsonHeaders, body: ["personalID": "001095012345", "purpose": code]
            )
            #expect(anonymous.status == 401)
            let oversized = try await DossierAPITests.call(
                client, "/api/v1/population/lookup", .post, headers: clerk, body: ["personalID": String(repeating: "1", count: 10_000), "purpose": code]
            )
            #expect(oversized.status == 413)
            let log = try await TestApp.shared.services().store.identity.accessLog(AccessLogQuery(limit: 500))
            #expect(log.filter { $0.action == "populationLookupRefused" && $0.purpose == code }.count >= 2, "refusals are logged")
        }
    }

    @Test("operators list, retry and discard outbox messages; other roles may not")
    func outbox() async throws {
        try await Self.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            let filed = try await DossierAPITests.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox", headers: clerk).status == 403)
            let listed = try await DossierAPITests.call(client, "/api/v1/registries/outbox?dossier=\(code)", headers: admin)
            #expect(listed.status == 200)
            let items = listed.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["system"] as? String } == ["portal", "portal", "notification"], "two statuses and the receipt SMS, in order")
            #expect(items.allSatisfy { $0["state"] as? String == "pending" }, "no system configured: they wait")
            let id = try #require(items.first?["id"] as? Int)
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox/\(id)/retry", .post, headers: admin).status == 409, "only dead or discarded")
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox/\(id)/discard", .post, headers: admin).status == 204)
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox/\(id)/retry", .post, headers: admin).status == 204)
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox/abc/retry", .post, headers: admin).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/registries/outbox?state=lost", headers: admin).status == 400)
            let summary = try await DossierAPITests.call(client, "/api/v1/registries/summary", headers: clerk)
            #expect(summary.status == 200)
            #expect((summary.json["items"] as? [[String: Any]])?.contains { $0["unitCode"] as? String == "00004" && $0["state"] as? String == "pending" } == true)
        }
    }
}
