import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The open code lists: every list with a version, JSON and CSV alike, a 304 while nothing changed.
@Suite("code lists API")
struct CodeListAPITests {
    @Test("index, JSON, CSV, ETag; unknown lists and formats are problems")
    func codeLists() async throws {
        try await TestApp.test { client in
            let index = try await DossierAPITests.call(client, "/api/v1/code-lists", headers: [:])
            let items = index.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["name"] as? String }
                == ["units", "lineage", "procedures", "fields", "statuses", "channels", "event-kinds", "agencies"])
            #expect(items.allSatisfy { ($0["version"] as? String)?.count == 16 && ($0["rows"] as? Int ?? 0) > 0 })

            let statuses = try await DossierAPITests.call(client, "/api/v1/code-lists/statuses", headers: [:])
            let rows = statuses.json["items"] as? [[String: String]] ?? []
            #expect(rows.count == 10 && rows.contains { $0["code"] == "awaitingSupplement" && $0["name"] == "Yêu cầu bổ sung" })
            let etag = try #require(statuses.headers[.eTag])
            let again = try await client.execute(uri: "/api/v1/code-lists/statuses", method: .get, headers: [.ifNoneMatch: etag]) { $0.status.code }
            #expect(again == 304)

            // Units: Phường Ba Đình of today, the pre-reform Phường Phúc Xá, and where Phúc Xá went (Phường Hồng Hà).
            let units = try await client.execute(uri: "/api/v1/code-lists/units?format=csv", method: .get) { $0 }
            #expect(units.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = units.text
            #expect(text.hasPrefix("level,code,name,type,parent_code,province_code,valid_from,valid_to\n"))
            #expect(text.contains("\ncommune,00004,Phường Ba Đình,phuong,01,01,2025-07-01,\n"))
            #expect(text.contains("\ncommune,00001,Phường Phúc Xá,phuong,001,01,"))
            let lineage = try await client.execute(uri: "/api/v1/code-lists/lineage?format=csv", method: .get) { $0.text }
            #expect(lineage.contains("\ncommune,00001,Phường Phúc Xá,01,00097,Phường Hồng Hà,01,0,0\n"))
            let version = (items.first { $0["name"] as? String == "units" }?["version"] as? String) ?? ""
            #expect(units.headers[.eTag] == "\"\(version)-csv\"")

            #expect(try await DossierAPITests.call(client, "/api/v1/code-lists/colours", headers: [:]).status == 404)
            let bad = try await DossierAPITests.call(client, "/api/v1/code-lists/units?format=xml", headers: [:])
            #expect(bad.status == 400 && bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }
}
