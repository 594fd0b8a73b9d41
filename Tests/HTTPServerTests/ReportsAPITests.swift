import Domain
import Foundation
import HTTPServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Reports over HTTP: the shape the issue names, CSV for Excel, and clear 400s for bad parameters.
@Suite("reports API")
struct ReportsAPITests {
    static let period = "from=2025-07-01&to=2025-08-23"

    @Test("indicators answer every figure the issue names, per row and in total; service index ranks")
    func indicators() async throws {
        try await TestApp.test { client in
            let answer = try await DossierAPITests.call(client, "/api/v1/reports/indicators?scope=province:79&\(Self.period)&by=channel", headers: [:])
            #expect(answer.status == 200)
            let total = try #require(answer.json["total"] as? [String: Any])
            for key in ["received", "receivedOnline", "onlineShare", "resolved", "resolvedShare", "onTime", "onTimeShare", "late",
                        "pendingOnTrack", "pendingOverdue", "avgProcessingDays"] {
                #expect(total.keys.contains(key), "\(key)")
            }
            #expect(answer.json["scope"] as? String == "province:79")
            #expect(answer.json["by"] as? [String] == ["channel"])
            let index = try await DossierAPITests.call(client, "/api/v1/reports/service-index?\(Self.period)", headers: [:])
            #expect(index.status == 200)
            #expect(index.json["version"] as? String == "766-2022.1")
            #expect(index.json["by"] as? String == "province")
        }
    }

    @Test("versions of a procedure compared: one entry per procedure, the first version without a change; a malformed code is a 400")
    func versions() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            #expect(try await DossierAPITests.file(client, as: clerk).status == 201)
            let today = LocalDate(vietnamTimeOf: Date().timeIntervalSince1970)
            let answer = try await DossierAPITests.call(
                client, "/api/v1/reports/versions?scope=province:01&from=\(today.adding(days: -1))&to=\(today)&procedure=\(DossierAPITests.procedure)",
                headers: [:]
            )
            #expect(answer.status == 200)
            let procedures = try #require(answer.json["procedures"] as? [[String: Any]])
            #expect(procedures.map { $0["procedure"] as? String } == [DossierAPITests.procedure])
            let versions = try #require(procedures.first?["versions"] as? [[String: Any]])
            #expect((versions.first?["received"] as? Int ?? 0) >= 1 && versions.first?["change"] == nil)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/versions?\(Self.period)&procedure=%20", headers: [:]).status == 400)
        }
    }

    @Test("CSV with a byte order mark for Excel, headed in Vietnamese")
    func csv() async throws {
        try await TestApp.test { client in
            let (type, bytes) = try await client.execute(uri: "/api/v1/reports/indicators?\(Self.period)&by=level&format=csv&bom=true", method: .get) {
                ($0.headers[.contentType] ?? "", Array($0.body.readableBytesView))
            }
            #expect(type.hasPrefix("text/csv"))
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("Cấp thẩm quyền,Tiếp nhận,Trực tuyến,Tỷ lệ trực tuyến"))
            let (xlsxType, xlsx) = try await client.execute(uri: "/api/v1/reports/indicators?\(Self.period)&by=level,channel&format=xlsx", method: .get) {
                ($0.headers[.contentType] ?? "", Array($0.body.readableBytesView))
            }
            #expect(xlsxType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(Array(xlsx.prefix(2)) == [0x50, 0x4B])
        }
    }

    @Test("bad parameters get 400 problem+json naming the parameter", arguments: [
        ("scope=planet:3&\(period)", "scope"),
        ("from=2025-08-24&to=2025-08-23", "to"),
        ("from=2019-01-01&to=2025-08-23", "to"),
        ("\(period)&by=colour", "by"),
        ("to=2025-08-23", "from"),
        ("\(period)&perspective=mine", "perspective"),
        ("\(period)&format=pdf", "format"),
    ])
    func badParameters(query: String, field: String) async throws {
        try await TestApp.test { client in
            let (status, type, body) = try await client.execute(uri: "/api/v1/reports/indicators?\(query)", method: .get) {
                (Int($0.status.code), $0.headers[.contentType] ?? "", $0.text)
            }
            #expect(status == 400)
            #expect(type.hasPrefix("application/problem+json"))
            #expect(body.contains("\"field\":\"\(field)\""), "\(body)")
        }
        try await TestApp.test { client in
            let status = try await client.execute(uri: "/api/v1/reports/service-index?\(Self.period)&version=1999", method: .get) { Int($0.status.code) }
            #expect(status == 400)
        }
    }
}

extension ReportsAPITests {
    /// An agency code one character over the 64 a scope's value may have.
    static let longCode = String(repeating: "A", count: 65)

    @Test("a breakdown the rollups do not hold is answered a page at a time, each linked to the next; page=all and the exports whole")
    func pages() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let filed = try await DossierAPITests.file(client, as: clerk)
            #expect(filed.status == 201)
            let today = LocalDate(vietnamTimeOf: Date().timeIntervalSince1970)
            let query = "scope=province:01&from=\(today)&to=\(today)&by=procedure,commune&unitsPerPage=40"
            // Scoped to the competent agency: its unit's one page, with the dossier (without the agency's
            // lookup, every province's pages, most of them empty).
            let agency = try #require(filed.json["competentAgency"] as? String)
            let scoped = try await DossierAPITests.call(
                client, "/api/v1/reports/indicators?scope=agency:\(agency)&from=\(today)&to=\(today)&by=procedure,commune", headers: [:]
            )
            #expect(scoped.status == 200 && scoped.json["pages"] as? Int == 1 && scoped.headers[HTTPField.Name("Link")!] == nil)
            // (Other tests' dossiers of the same agency may be there too, under other procedures.)
            #expect(Set(((scoped.json["rows"] as? [[String: Any]]) ?? []).compactMap { ($0["group"] as? [String: String])?["unit"] }) == ["00004"])
            // An agency nobody has: no look-up hit, so every province's pages, and no row on the first.
            let unknown = try await DossierAPITests.call(
                client, "/api/v1/reports/indicators?scope=agency:000.00.00.X99&from=\(today)&to=\(today)&by=procedure,commune", headers: [:]
            )
            let unknownPages = unknown.json["pages"] as? Int ?? 0, unknownRows = unknown.json["rows"] as? [[String: Any]] ?? [["": 0]]
            #expect(unknown.status == 200 && unknownPages > 34 && unknownRows.isEmpty)
            let whole = try await DossierAPITests.call(client, "/api/v1/reports/indicators?\(query)&page=all", headers: [:])
            #expect(whole.status == 200 && whole.json["page"] == nil && whole.json["pages"] == nil)
            var next: String? = "/api/v1/reports/indicators?\(query)"
            var units: [[String]] = [], number = 0, pages = 0
            while let uri = next {
                let answer = try await DossierAPITests.call(client, uri, headers: [:])
                number += 1
                #expect(answer.status == 200 && answer.json["page"] as? Int == number, "\(uri)")
                pages = answer.json["pages"] as? Int ?? 0
                #expect((answer.json["total"] as? [String: Any])?["received"] as? Int ?? 0 >= 1, "the whole breakdown's total")
                units.append(((answer.json["rows"] as? [[String: Any]]) ?? []).compactMap { ($0["group"] as? [String: String])?["unit"] })
                next = answer.headers[HTTPField.Name("Link")!].map { String($0.dropFirst().prefix { $0 != ">" }) }
                #expect(next == nil || next == "/api/v1/reports/indicators?\(query)&page=\(number + 1)")
                if number > 10 { break }
            }
            // Hà Nội's 126 communes, 40 a page: the 61 coded below the city's "01", the city itself alone,
            // the 65 above it; the filed dossier's unit on one page.
            #expect(pages == 5 && number == pages)
            #expect(units.count { $0.contains("00004") } == 1)
            let ordered = units.map { Set($0).sorted() }
            for (earlier, later) in zip(ordered, ordered.dropFirst()) where !earlier.isEmpty && !later.isEmpty {
                #expect(earlier.last! < later.first!, "pages in the units' order")
            }
            for bad in ["\(query)&page=6", "\(query)&page=0", "\(query)&page=two", "\(query)&page=99999999999999999999", "\(Self.period)&by=procedure,commune&unitsPerPage=ten", "\(query)&page=2&format=csv", "\(Self.period)&by=level&page=2",
                        "scope=province:01&\(Self.period)&by=procedure,commune&unitsPerPage=0", "\(Self.period)&by=procedure,commune&unitsPerPage=501",
                        "scope=agency:%27%3B--&\(Self.period)&by=procedure,commune", "scope=agency:\(Self.longCode)&\(Self.period)&by=procedure,commune"] {
                let answer = try await DossierAPITests.call(client, "/api/v1/reports/indicators?\(bad)", headers: [:])
                #expect(answer.status == 400, "\(bad)")
            }
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/indicators?\(query)&page=all&format=csv", headers: [:]).status == 200)
        }
    }
}

extension ReportsAPITests {
    @Test("alerts and monthly reports answer; an unknown month is 404, a bad threshold 400")
    func alertsAndMonthly() async throws {
        try await TestApp.test { client in
            let alerts = try await DossierAPITests.call(client, "/api/v1/reports/alerts?scope=province:01&\(Self.period)&overdueShare=0.2", headers: [:])
            #expect(alerts.status == 200)
            #expect(alerts.json["by"] as? String == "unit")
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/alerts?\(Self.period)&overdueShare=2", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/alerts?\(Self.period)&backlog=many", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/late-steps?scope=province:01&\(Self.period)", headers: [:]).status == 200)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/late-steps?scope=channel:online&\(Self.period)", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/monthly", headers: [:]).status == 200)
            #expect(try await DossierAPITests.call(client, "/api/v1/reports/monthly/1999-01", headers: [:]).status == 404)
        }
    }
}
