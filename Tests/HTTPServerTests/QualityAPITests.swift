import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The data-quality report over HTTP: counts for any officer, findings only for those who may see the
/// dossiers, CSV and XLSX alike, bad parameters refused.
@Suite("data-quality API")
struct QualityAPITests {
    @Test("JSON, CSV and XLSX; findings withheld from a national monitor; bad scope and no token refused")
    func quality() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (monitor, _) = try await DossierAPITests.officer(client, roles: ["nationalMonitor"], unit: "01")
            // A dossier filed without the applicant's commune or contact: a finding of Hà Nội.
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let filed = try await DossierAPITests.file(client, as: clerk, extra: ["applicant": ["name": "Đặng Văn Lâm"]])
            #expect(filed.status == 201)
            let code = try #require(filed.json["code"] as? String)

            let report = try await DossierAPITests.call(client, "/api/v1/quality?scope=province:01&by=unit", headers: admin)
            #expect(report.status == 200)
            let totals = report.json["totals"] as? [String: Int] ?? [:]
            #expect(Set(totals.keys) == ["missingFields", "preReformAddress", "conflictingIdentity", "notLive", "uncataloguedProcedure", "documentMismatch",
                                       "registerMismatch"])
            let findings = report.json["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["subject"] as? String == code && $0["check"] as? String == "missingFields" })
            let hidden = try await DossierAPITests.call(client, "/api/v1/quality?scope=province:01&by=unit", headers: monitor)
            #expect(hidden.json["totals"] as? [String: Int] == totals && (hidden.json["findings"] as? [Any])?.isEmpty == true)

            let csv = try await client.execute(uri: "/api/v1/quality?scope=province:01&format=csv", method: .get, headers: admin) { $0 }
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true && csv.text.hasPrefix("Tỉnh,Tên,Thiếu trường bắt buộc,"))
            let xlsx = try await client.execute(uri: "/api/v1/quality?format=xlsx", method: .get, headers: admin) { $0 }
            #expect(xlsx.status == .ok && Array(xlsx.body.readableBytesView.prefix(2)) == [0x50, 0x4B])

            for uri in ["/api/v1/quality?scope=commune:00004", "/api/v1/quality?format=pdf", "/api/v1/quality?by=agency"] {
                let bad = try await DossierAPITests.call(client, uri, headers: admin)
                #expect(bad.status == 400 && bad.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(uri)")
            }
            #expect(try await DossierAPITests.call(client, "/api/v1/quality?scope=province:99", headers: admin).status == 404)
            #expect(try await DossierAPITests.call(client, "/api/v1/quality", headers: [:]).status == 401)
        }
    }
}
