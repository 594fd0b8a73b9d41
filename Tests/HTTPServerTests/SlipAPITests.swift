import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The printable papers of a dossier along its life, as JSON and as HTML.
@Suite("slips API")
struct SlipAPITests {
    static func get(_ client: any TestClientProtocol, _ uri: String, _ headers: HTTPFields) async throws -> (Int, String, String) {
        try await client.execute(uri: uri, method: .get, headers: headers) { (Int($0.status.code), $0.headers[.contentType] ?? "", $0.text) }
    }

    @Test("receipt, supplement, apology, control slip and stop notice appear as the dossier earns them")
    func slips() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let (specialist, specialistID) = try await DossierAPITests.officer(client, roles: ["specialist"])
            let (leader, _) = try await DossierAPITests.officer(client, roles: ["approver"])
            let filed = try await DossierAPITests.file(client, as: clerk, extra: ["applicant": ["name": "Vũ Thị <Hạnh>", "address": "Ngõ 5 & số 7"]])
            let code = try #require(filed.json["code"] as? String)
            let secret = try #require(filed.json["lookupSecret"] as? String)

            let receipt = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/slips/receipt", headers: clerk)
            #expect(receipt.status == 200)
            #expect(receipt.json["title"] as? String == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
            let lines = receipt.json["lines"] as? [[String: String]] ?? []
            #expect(lines.contains { $0["label"] == "Thời gian trả kết quả" && $0["value"]?.contains("giờ") == true })
            #expect((receipt.json["list"] as? [String])?.count == 2, "both documents handed in are listed")
            let (status, type, html) = try await Self.get(client, "/api/v1/dossiers/\(code)/slips/receipt?format=html", clerk)
            #expect(status == 200 && type.hasPrefix("text/html"))
            #expect(html.contains("<html lang=\"vi\">") && html.contains("size:A5") && html.contains(code))
            #expect(html.contains("Vũ Thị &lt;Hạnh&gt;") && !html.contains("<Hạnh>"), "names are escaped")
            #expect(!html.contains("<script"))

            var citizen: HTTPFields = [:]
            citizen[.init("X-Lookup-Secret")!] = secret
            #expect(try await Self.get(client, "/api/v1/dossiers/\(code)/slips/receipt?format=html", citizen).0 == 200, "the applicant's copy")
            #expect(try await Self.get(client, "/api/v1/dossiers/\(code)/slips/control", citizen).0 == 404, "not the internal slip")
            #expect(try await Self.get(client, "/api/v1/dossiers/\(code)/slips/apology", clerk).0 == 404, "no apology yet")
            #expect(try await Self.get(client, "/api/v1/dossiers/\(code)/slips/nonsense", clerk).0 == 400)

            var version = filed.version
            let steps: [([String: Any], HTTPFields)] = [
                (["command": "assign", "assignee": specialistID], leader),
                (["command": "requestSupplement", "missing": ["Bản sao giấy khai sinh", "Ảnh 4x6"], "reason": "Thiếu giấy tờ"], specialist),
                (["command": "receiveSupplement"], clerk),
                (["command": "apologise", "reason": "Chờ xác minh nơi cư trú", "newAppointment": "2027-01-15T16:00:00+07:00"], specialist),
                (["command": "stop", "reason": "Người yêu cầu đang có tranh chấp"], leader),
            ]
            for (body, who) in steps {
                let answer = try await DossierAPITests.command(client, code, body, as: who, version: version)
                #expect(answer.status == 200, "\(body): \(answer.json)")
                version = answer.version
            }
            let supplement = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/slips/supplement", headers: clerk)
            #expect(supplement.json["list"] as? [String] == ["Bản sao giấy khai sinh", "Ảnh 4x6"])
            let apology = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/slips/apology", headers: clerk)
            #expect((apology.json["lines"] as? [[String: String]])?.contains { $0["value"] == "16 giờ 00 phút, ngày 15/01/2027" } == true)
            let stop = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/slips/stop", headers: clerk)
            #expect((stop.json["paragraphs"] as? [String])?.contains("Người yêu cầu đang có tranh chấp") == true)
            let control = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/slips/control", headers: clerk)
            #expect((control.json["table"] as? [[String]])?.count == 2, "reception and handling")
            #expect(try await Self.get(client, "/api/v1/dossiers/\(code)/slips/refusal", clerk).0 == 404, "it was received, not refused")

            let book = try await DossierAPITests.call(client, "/api/v1/tracking-book", headers: clerk)
            #expect(book.status == 200)
            #expect((book.json["rows"] as? [[String]])?.contains { $0[1] == code } == true)
            let (bookStatus, _, bookHTML) = try await Self.get(client, "/api/v1/tracking-book?format=html", clerk)
            #expect(bookStatus == 200 && bookHTML.contains("SỔ THEO DÕI HỒ SƠ") && bookHTML.contains("A4 landscape"))
            #expect(try await Self.get(client, "/api/v1/tracking-book?from=2026-01-02&to=2026-01-01", clerk).0 == 400)
        }
    }
}
