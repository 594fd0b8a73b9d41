import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The bookkeeping API: a register imported over HTTP (refused whole with line and column on a bad
/// row), cases listed with masked names, steps checked by the rules, public totals.
@Suite("bookkeeping API")
struct BookkeepingAPITests {
    @Test("import, list, step and totals; bad rows and bad steps are 4xx problems that change nothing")
    func redundancy() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (monitor, _) = try await DossierAPITests.officer(client, roles: ["nationalMonitor"], unit: "01")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let tag = UUID().uuidString.prefix(8)
            let header = "id,unit_code,person_name,category,decision_number,decision_date,requested_amount,requested_on,approved_amount,approved_on,paid_amount,paid_on"
            let good = "\(header)\n01-T\(tag),00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,400000000,2025-07-05,,,,\n"
            let bad = good + "01-U\(tag),00004,Trần Thị Bình,partTime,13/QĐ-UBND,2025-07-01,100,2025-07-05,200,2025-07-06,,\n"
            func post(_ text: String, _ headers: HTTPFields) async throws -> DossierAPITests.Answer {
                try await client.execute(uri: "/api/v1/bookkeeping/redundancy/import", method: .post, headers: headers, body: ByteBuffer(string: text)) {
                    DossierAPITests.Answer(status: Int($0.status.code), json: (try? $0.json()) ?? [:], headers: $0.headers)
                }
            }
            let refused = try await post(bad, admin)
            #expect(refused.status == 400)
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let fields = (refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["line 3: approved_amount"], "\(refused.json)")
            #expect(try await post(good, clerk).status == 400, "a clerk has no bookkeeping rights: the row is refused")
            #expect(try await post(good, [:]).status == 401)
            #expect(try await post(good, admin).json["inserted"] as? Int == 1)
            #expect(try await post(good, admin).json["unchanged"] as? Int == 1)

            let listed = try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases?scope=commune:00004&stage=requested&limit=500", headers: monitor)
            #expect(listed.status == 200)
            let mine = (listed.json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "01-T\(tag)" }
            #expect(mine?["personName"] as? String == "Nguyễn V. A.", "a national monitor sees no names")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases", headers: clerk).status == 403)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases?stage=closed", headers: admin).status == 400)

            let path = "/api/v1/bookkeeping/redundancy/cases/01-T\(tag)/steps"
            let tooMuch = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 500_000_000, "on": "2025-07-10"])
            #expect(tooMuch.status == 400)
            let skipped = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "paid", "amount": 1, "on": "2025-07-10"])
            #expect(skipped.status == 409)
            #expect(try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 1, "on": "10/07/2025"]).status == 400)
            #expect(try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved"]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases/none/steps", .post, headers: admin,
                                                    body: ["stage": "approved", "amount": 1, "on": "2025-07-10"]).status == 404)
            let approved = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 390_000_000, "on": "2025-07-10"])
            #expect(approved.status == 200 && approved.json["stage"] as? String == "approved")

            let totals = try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?scope=commune:00004&by=unit&asOf=2025-08-31", headers: [:])
            #expect(totals.status == 200)
            #expect(((totals.json["total"] as? [String: Any])?["approved"] as? Int ?? 0) >= 1)
            #expect((totals.json["rows"] as? [[String: Any]])?.first?["code"] as? String == "00004")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?by=district", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?scope=province:7", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?asOf=tomorrow", headers: [:]).status == 400)
        }
    }
}
