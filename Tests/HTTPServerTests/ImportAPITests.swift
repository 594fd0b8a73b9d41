import Crypto
import Domain
import Foundation
import HTTPServer
import Hummingbird
import Storage
import HummingbirdTesting
import Testing

/// The import API: a province administrator brings over an old system's records (the valid one
/// imported, the split one queued, the bad one reported by line and field), others are refused with
/// problems, the citizen finds the dossier by its old code, and an officer of a candidate commune
/// settles the review.
@Suite("import API")
struct ImportAPITests {
    static func line(code: String, commune: String, competent: String? = nil, secret: String? = nil) -> String {
        var object: [String: Any] = [
            "sourceSystem": "mc-95-test", "code": code, "procedureCode": "1.004873", "channel": "inPerson",
            "applicant": ["name": "Lý Thị Thu", "personalID": "095190000123", "address": "Số 8, ấp 3", "communeCode": commune],
            "receivingUnit": commune, "competentUnit": competent ?? commune,
            "history": [["status": "received", "at": "2025-05-12T08:00:00+07:00"], ["status": "processing", "at": "2025-05-12T09:00:00+07:00"],
                        ["status": "resolved", "at": "2025-05-13T10:00:00+07:00"]],
        ]
        if let secret { object["secretSha256"] = Hex.string(SHA256.hash(data: Data(secret.utf8))) }
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test("the officers' review page: the record with its address, a wrong choice refused, the right one imports it")
    func reviewPage() async throws {
        try await TestApp.test { client in
            let tag = UUID().uuidString.prefix(6)
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "96")
            var headers = admin
            headers[.contentType] = "application/x-ndjson"
            let queued = try await client.execute(uri: "/api/v1/imports/dossiers", method: .post, headers: headers,
                                                  body: ByteBuffer(string: Self.line(code: "P\(tag)", commune: "32017"))) { (try? $0.json()) ?? [:] }
            #expect(queued["queuedForReview"] as? Int == 1)
            let (session, _) = try await OfficerPagesTests.signIn(client, roles: ["specialist"], unit: "32025")
            let (status, html, _) = try await OfficerPagesTests.get(client, "/can-bo/chuyen-doi", session)
            #expect(status == 200 && html.contains("P\(tag)") && html.contains("Số 8, ấp 3") && html.contains("value=\"32041\""))
            let (refused, page) = try await OfficerPagesTests.post(client, "/can-bo/chuyen-doi", session, [
                ("system", "mc-95-test"), ("code", "P\(tag)"), ("chon-32017", "31825"),
            ])
            #expect(refused == 200 && page.contains("role=\"alert\""))
            let (settled, _) = try await OfficerPagesTests.post(client, "/can-bo/chuyen-doi", session, [
                ("system", "mc-95-test"), ("code", "P\(tag)"), ("chon-32017", "32025"),
            ])
            #expect(settled == 303)
            let (_, after, _) = try await OfficerPagesTests.get(client, "/can-bo/chuyen-doi", session)
            #expect(!after.contains("P\(tag)"))
            #expect(try await DossierAPITests.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": "P\(tag)", "secret": "x"]).status == 404,
                    "imported (no secret was exported, so no look-up)")
            let (forgedStatus, _) = try await OfficerPagesTests.post(client, "/can-bo/chuyen-doi", session, [("system", "mc-95-test"), ("code", "P\(tag)")], csrf: "forged")
            #expect(forgedStatus == 403)
        }
    }

    @Test("import, refusals, look-up by the old code, review and its settling")
    func importAndReview() async throws {
        try await TestApp.test { client in
            let tag = UUID().uuidString.prefix(6)
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "96")
            let (hanoiAdmin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"], unit: "31825")
            let (candidate, _) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "32041")
            let (stranger, _) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "00004")
            // Phường 2 (Bạc Liêu) went whole into Phường Bạc Liêu; Phường 6 (Cà Mau) was split.
            let file = [
                Self.line(code: "T\(tag)-1", commune: "31813", secret: "ABCDE23456"), Self.line(code: "T\(tag)-2", commune: "32017"),
                Self.line(code: "T\(tag)-3", commune: "31813", competent: "99999"),
            ].joined(separator: "\n")
            func post(_ text: String, _ headers: HTTPFields, query: String = "") async throws -> DossierAPITests.Answer {
                var headers = headers
                if headers[.contentType] == nil { headers[.contentType] = "application/x-ndjson" }
                return try await client.execute(uri: "/api/v1/imports/dossiers\(query)", method: .post, headers: headers, body: ByteBuffer(string: text)) {
                    DossierAPITests.Answer(status: Int($0.status.code), json: (try? $0.json()) ?? [:], headers: $0.headers)
                }
            }
            let dry = try await post(file, admin, query: "?dryRun=true")
            #expect(dry.status == 200 && dry.json["imported"] as? Int == 1 && dry.json["dryRun"] as? Bool == true)
            #expect(try await DossierAPITests.call(client, "/api/v1/lookup", .post, headers: jsonHeaders,
                                                    body: ["code": "T\(tag)-1", "secret": "ABCDE23456"]).status == 404, "a dry run writes nothing")

            let report = try await post(file, admin)
            #expect(report.status == 200)
            #expect(report.json["imported"] as? Int == 1 && report.json["queuedForReview"] as? Int == 1 && report.json["invalidRecords"] as? Int == 1)
            let problems = report.json["problems"] as? [[String: Any]] ?? []
            #expect(problems.map { "\($0["line"] ?? "") \($0["field"] ?? "")" } == ["3 competentUnit"])
            #expect(try await post(file, admin).json["alreadyKnown"] as? Int == 2, "a second import changes nothing")

            for (headers, status) in [(clerk, 403), ([:], 401)] as [(HTTPFields, Int)] {
                let refused = try await post(file, headers)
                #expect(refused.status == status)
                #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            let elsewhere = try await post(Self.line(code: "T\(tag)-4", commune: "31813"), hanoiAdmin)
            #expect(elsewhere.json["imported"] as? Int == 0 && elsewhere.json["invalidRecords"] as? Int == 1, "Cà Mau is outside Hà Nội's scope")
            #expect(try await post("  \n", admin).status == 400)
            #expect(try await post(file, admin.merging([.contentType: "image/png"])).status == 415)

            let found = try await DossierAPITests.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": "T\(tag)-1", "secret": "abcde23456"])
            #expect(found.status == 200)
            #expect(found.json["originalCode"] as? String == "T\(tag)-1" && found.json["status"] as? String == "resolved")
            #expect((found.json["history"] as? [[String: Any]])?.count == 6, "submit, receive, assign, proposal, decision, result")
            #expect(try await DossierAPITests.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": "T\(tag)-3", "secret": "x"]).status == 404)

            let listed = try await DossierAPITests.call(client, "/api/v1/imports/reviews?province=96", headers: candidate)
            let mine = (listed.json["items"] as? [[String: Any]] ?? []).first { $0["originalCode"] as? String == "T\(tag)-2" }
            #expect(mine?["address"] as? String == "Số 8, ấp 3")
            #expect(((mine?["candidates"] as? [String: Any])?["32017"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["32025", "32041"])
            let hidden = try await DossierAPITests.call(client, "/api/v1/imports/reviews?province=96", headers: stranger)
            #expect((hidden.json["items"] as? [[String: Any]] ?? []).allSatisfy { $0["originalCode"] as? String != "T\(tag)-2" })

            let path = "/api/v1/imports/reviews/mc-95-test/T\(tag)-2"
            #expect(try await DossierAPITests.call(client, path, .post, headers: stranger, body: ["choices": ["32017": "32041"]]).status == 404)
            let wrong = try await DossierAPITests.call(client, path, .post, headers: candidate, body: ["choices": ["32017": "31825"]])
            #expect(wrong.status == 400 && wrong.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let settled = try await DossierAPITests.call(client, path, .post, headers: candidate, body: ["choices": ["32017": "32041"]])
            #expect(settled.status == 201)
            let code = try #require(settled.json["dossierCode"] as? String)
            let dossier = try #require(try await TestApp.shared.services().store.dossiers.dossier(code: code))
            #expect(dossier.opening.competentUnit == "32041" && dossier.opening.provinceCode == "96")
            #expect(try await DossierAPITests.call(client, path, .post, headers: candidate, body: ["choices": ["32017": "32041"]]).status == 409)

            // The address job: a province administrator counts (dry run); a clerk may not run it.
            let counted = try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96&dryRun=true", .post, headers: admin)
            #expect(counted.status == 200 && counted.json["dryRun"] as? Bool == true && (counted.json["dossiersRead"] as? Int ?? 0) >= 2)
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates?province=96", .post, headers: clerk).status == 403)
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates?state=lost", headers: admin).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/imports/address-updates", headers: admin).json["items"] as? [Any] != nil)
            let unknown = try await DossierAPITests.call(client, "/api/v1/imports/address-updates/applicant/NONE", .post, headers: candidate, body: ["choice": "32041"])
            #expect(unknown.status == 404)
            let badKind = try await DossierAPITests.call(client, "/api/v1/imports/address-updates/colour/X", .post, headers: candidate, body: ["choice": "32041"])
            #expect(badKind.status == 400 && badKind.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let noChoice = try await DossierAPITests.call(client, "/api/v1/imports/address-updates/applicant/X", .post, headers: candidate, body: ["pick": 1])
            #expect(noChoice.status == 400)
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var copy = self
        for field in other { copy[field.name] = field.value }
        return copy
    }
}
