import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Query parameters that used to take a malformed value quietly — a flag read the other way, a code that
/// matched nothing and read as "none" — now answer 400 problem+json naming the parameter.
@Suite("malformed query parameters are refused by name")
struct QueryValidationTests {
    @Test("flags, codes, months, sort keys and formats: 400 with the parameter's name, never a quiet default")
    func refused() async throws {
        try await TestApp.test { client in
            let (sysadmin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "96")
            let (receptionist, _) = try await DossierAPITests.officer(client, roles: ["receptionist"], unit: "00004")
            let cases: [(String, HTTPRequest.Method, HTTPFields, String)] = [
                // `True` used to run the real import: only true/false (1/0, yes/no) are a flag.
                ("/api/v1/imports/address-updates?province=96&dryRun=True", .post, admin, "dryRun"),
                ("/api/v1/imports/address-updates?province=9x", .post, admin, "province"),
                ("/api/v1/imports/address-updates?province=123", .get, sysadmin, "province"),
                ("/api/v1/imports/reviews?province=abc", .get, admin, "province"),
                ("/api/v1/imports/reviews?resolved=maybe", .get, admin, "resolved"),
                ("/api/v1/grants?active=yes-please", .get, sysadmin, "active"),
                ("/api/v1/grants?unit=ab", .get, sysadmin, "unit"),
                ("/api/v1/agencies?province=abc", .get, sysadmin, "province"),
                ("/api/v1/agencies?unit=001", .get, sysadmin, "unit"),
                ("/api/v1/users?unit=ab", .get, sysadmin, "unit"),
                ("/api/v1/access-log?format=xml", .get, sysadmin, "format"),
                ("/api/v1/dossiers?procedure=%3F%3F", .get, receptionist, "procedure"),
                ("/api/v1/dossiers?field=Kh%C3%B4ng%20c%C3%B3", .get, receptionist, "field"),
                ("/api/v1/registries/outbox?dossier=abc", .get, sysadmin, "dossier"),
                ("/api/v1/registries/outbox?limit=9999", .get, sysadmin, "limit"),
                ("/api/v1/reports/monthly/2026-13", .get, sysadmin, "month"),
                ("/api/v1/reports/monthly/2026-01?scope=foo", .get, sysadmin, "scope"),
                ("/api/v1/reports/indicators?scope=province:1&from=2025-07-01&to=2025-07-31", .get, sysadmin, "scope"),
                ("/api/v1/reports/indicators?scope=nation&from=2025-07-01&to=2025-07-31&format=csv&bom=sure", .get, sysadmin, "bom"),
                ("/api/v1/code-lists/statuses?format=csv&bom=2", .get, sysadmin, "bom"),
                ("/api/v1/bookkeeping/export/agencies?scope=province:01&format=json&sheet=1", .get, sysadmin, "sheet"),
            ]
            for (uri, method, headers, field) in cases {
                let answer = try await DossierAPITests.call(client, uri, method, headers: headers)
                #expect(answer.status == 400, "\(uri): \(answer.status)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(uri)")
                let named = (answer.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                #expect(named.contains(field), "\(uri) names \(named), not \(field)")
            }
            // The same parameters well formed are answered.
            for (uri, headers) in [
                ("/api/v1/imports/reviews?province=96&resolved=false", admin), ("/api/v1/grants?active=true", sysadmin),
                ("/api/v1/agencies?province=01&limit=5", sysadmin), ("/api/v1/access-log?format=csv&offset=10", sysadmin),
                ("/api/v1/registries/outbox?limit=500", sysadmin), ("/api/v1/code-lists/statuses?format=csv&bom=true", sysadmin),
            ] {
                #expect(try await DossierAPITests.call(client, uri, headers: headers).status == 200, "\(uri)")
            }
            // Pages too: a paging offset and a sort key.
            for uri in ["/?tu=abc", "/theo-doi?scope=nation&sort=colour", "/theo-doi?scope=nation&from=2025-07-01&to=2025-02-30"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri): \(response.status)")
                }
            }
        }
    }

    @Test("the address conversions waiting for review are personal data: a clerk may not list them, another province sees none")
    func addressUpdatesScope() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "96")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"], unit: "31825")
            let (stranger, _) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "00004")
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96", .post, headers: admin).status == 200)
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96", headers: clerk).status == 403)
            for state in ["review", "converted"] {
                let theirs = try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96&state=\(state)", headers: stranger)
                #expect(theirs.status == 200)
                #expect((theirs.json["items"] as? [Any])?.isEmpty == true, "a Hà Nội specialist sees no Cà Mau address (\(state))")
            }
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96&state=converted", headers: admin).status == 200)
        }
    }
}
