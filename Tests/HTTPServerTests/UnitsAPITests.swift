import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("units API")
struct UnitsAPITests {
    @Test("today's provinces: 34, in one page")
    func provinces() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/units?level=province", method: .get) { response in
                #expect(response.status == .ok)
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.count == 34)
                let json = try response.json()
                #expect(json["nextCursor"] == nil)
            }
        }
    }

    @Test("districts need a date before the reform, and then all 696 come page by page")
    func districtsByCursor() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/units?level=district", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.contentType.hasPrefix("application/problem+json"))
                let errors = try #require(try response.json()["errors"] as? [[String: String]])
                #expect(errors.first?["field"] == "at")
            }
            var codes: Set<String> = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/api/v1/units?level=district&at=2025-06-30&limit=100" + (cursor.map { "&cursor=\($0)" } ?? "")
                cursor = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    let json = try response.json()
                    for item in try #require(json["items"] as? [[String: Any]]) { codes.insert(item["code"] as? String ?? "") }
                    return json["nextCursor"] as? String
                }
                pages += 1
            } while cursor != nil && pages < 20
            #expect(codes.count == 696)
            #expect(pages == 7)
        }
    }

    @Test("a code before and after 1 July 2025")
    func carriedCode() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/units/00004?at=2025-06-30", method: .get) { response in
                let json = try response.json()
                #expect(json["name"] as? String == "Phường Trúc Bạch")
            }
            try await client.execute(uri: "/api/v1/units/00004", method: .get) { response in
                let json = try response.json()
                #expect(json["name"] as? String == "Phường Ba Đình")
                #expect(json["class"] as? String == "urban")
                #expect(json["validFrom"] as? String == "2025-07-01")
            }
            try await client.execute(uri: "/api/v1/units/00004/lineage", method: .get) { response in
                let json = try response.json()
                let olds = (json["predecessors"] as? [[String: Any]] ?? []).compactMap { $0["oldName"] as? String }
                #expect(olds.contains("Phường Trúc Bạch"))
                #expect((json["versions"] as? [Any])?.count == 2)
            }
        }
    }

    @Test("search ignores diacritics and đ")
    func search() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/units?q=dak%20lak&level=province", method: .get) { response in
                let items = try #require(try response.json()["items"] as? [[String: Any]])
                #expect(items.first?["name"] as? String == "Tỉnh Đắk Lắk")
            }
        }
    }

    @Test("unit counts at a date")
    func counts() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/unit-counts?at=2025-07-01", method: .get) { response in
                let json = try response.json()
                #expect(json["total"] as? Int == 3_355)
            }
        }
    }

    @Test("bad look-ups get a clear 4xx problem", arguments: [
        ("/api/v1/units/99999", 404, "not-found"),
        ("/api/v1/units/abc", 400, "invalid-input"),
        ("/api/v1/units/00004?at=2025-13-45", 400, "invalid-input"),
        ("/api/v1/units/00004?level=province", 400, "invalid-input"),
        ("/api/v1/units?level=village", 400, "invalid-input"),
        ("/api/v1/units?province=1", 400, "invalid-input"),
        ("/api/v1/units?limit=0", 400, "invalid-input"),
        ("/api/v1/units?limit=abc", 400, "invalid-input"),
        ("/api/v1/units?cursor=%21%21", 400, "invalid-input"),
        ("/api/v1/units/99999/lineage", 404, "not-found"),
        ("/api/v1/nothing-here", 404, "not-found"),
    ])
    func badLookups(uri: String, status: Int, type: String) async throws {
        try await TestApp.test { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status.code == status, "\(uri)")
                #expect(response.contentType.hasPrefix("application/problem+json"))
                let json = try response.json()
                #expect(json["type"] as? String == "/api/v1/problems/\(type)")
                #expect(json["status"] as? Int == status)
                let title = json["title"] as? String ?? ""
                #expect(title.unicodeScalars.contains { $0.value > 0x7F }, "the title is Vietnamese: \(title)")
            }
        }
    }
}
