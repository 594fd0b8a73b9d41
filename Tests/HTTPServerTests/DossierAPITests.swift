import AppCore
import Domain
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The dossier life cycle over HTTP on the shared SQLite app with the shipped catalogue.
@Suite("dossier API")
struct DossierAPITests {
    static let procedure = "1.004873"

    /// A new officer of a unit; returns the sign-in headers and the user id.
    static func officer(_ client: any TestClientProtocol, roles: [String], unit: String = "00004") async throws -> (HTTPFields, String) {
        let services = try await TestApp.shared.services()
        let username = "dossier." + UUID().uuidString.prefix(8).lowercased()
        let user = try await services.identity.addUser(.init(
            username: username, fullName: "Lê Thị Mai", password: IdentityAPITests.password, roles: roles, unitCode: unit
        ), by: nil)
        return (try await AccountsAPITests.token(client, username), user.id)
    }

    static func applicant(_ name: String = "Phạm Minh Đức") -> [String: Any] {
        ["name": name, "personalID": "001095012345", "birthDate": "1995-03-04", "sex": "male", "phone": "0912345678", "address": "12 Phố Quán Thánh"]
    }

    struct Answer {
        var status: Int
        var json: [String: Any]
        var headers: HTTPFields
        var version: String? { headers[.eTag] }
    }

    static func call(_ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method = .get, headers: HTTPFields, body: [String: Any]? = nil) async throws -> Answer {
        try await client.execute(uri: uri, method: method, headers: headers, body: try body.map(jsonBody)) { response in
            Answer(status: Int(response.status.code), json: (try? response.json()) ?? [:], headers: response.headers)
        }
    }

    static func command(_ client: any TestClientProtocol, _ code: String, _ body: [String: Any], as headers: HTTPFields, version: String?) async throws -> Answer {
        var headers = headers
        if let version { headers[.ifMatch] = version }
        return try await call(client, "/api/v1/dossiers/\(code)/commands", .post, headers: headers, body: body)
    }

    static func file(_ client: any TestClientProtocol, as headers: HTTPFields, extra: [String: Any] = [:]) async throws -> Answer {
        var body: [String: Any] = ["procedureCode": procedure, "applicant": applicant(), "summary": "Xác nhận để kết hôn"]
        body.merge(extra) { $1 }
        return try await call(client, "/api/v1/dossiers", .post, headers: headers, body: body)
    }

    @Test("a counter dossier from reception to the applicant's rating, every step by the role that may take it")
    func lifeCycle() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"])
            let (specialist, specialistID) = try await Self.officer(client, roles: ["specialist"])
            let (leader, _) = try await Self.officer(client, roles: ["approver"])
            let filed = try await Self.file(client, as: clerk)
            #expect(filed.status == 201)
            let code = try #require(filed.json["code"] as? String)
            let secret = try #require(filed.json["lookupSecret"] as? String)
            #expect(filed.json["status"] as? String == "received")
            #expect(filed.version == "\"2\"")
            #expect(filed.headers[.location] == "/api/v1/dossiers/\(code)")
            #expect((filed.json["applicant"] as? [String: Any])?["personalID"] as? String == Masking.personalID("001095012345"), "masked")
            #expect(filed.json["dueAt"] is String)

            var version = filed.version
            func step(_ body: [String: Any], as who: HTTPFields, expect status: Int = 200) async throws {
                let answer = try await Self.command(client, code, body, as: who, version: version)
                #expect(answer.status == status, "\(body["command"] ?? ""): \(answer.json)")
                if answer.status == 200 { version = answer.version }
            }
            try await step(["command": "assign", "assignee": specialistID], as: leader)
            try await step(["command": "decide", "outcome": "approved"], as: specialist, expect: 403)
            try await step(["command": "proposeDecision", "outcome": "approved"], as: specialist)
            try await step(["command": "decide", "outcome": "approved"], as: leader)
            try await step(["command": "resolve"], as: specialist)
            try await step(["command": "returnResult", "returnChannel": "counter"], as: clerk)
            try await step(["command": "rate", "rating": 5], as: clerk, expect: 403)

            let lookup = try await Self.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": code, "secret": secret])
            #expect(lookup.status == 200)
            #expect(lookup.json["status"] as? String == "returned")
            #expect(lookup.json["mayRate"] as? Bool == true)
            let history = lookup.json["history"] as? [[String: Any]] ?? []
            #expect(history.count == 7)
            #expect(!String(describing: history).contains("Lê Thị Mai"), "no officer's name in the public history")

            var citizen = jsonHeaders
            citizen[.init("X-Lookup-Secret")!] = secret
            try await step(["command": "rate", "rating": 4, "comment": "Nhanh, chu đáo"], as: citizen)
            try await step(["command": "rate", "rating": 5], as: citizen, expect: 409)
            citizen[.init("X-Lookup-Secret")!] = "WRONG"
            try await step(["command": "withdraw"], as: citizen, expect: 404)

            let shown = try await Self.call(client, "/api/v1/dossiers/\(code)", headers: clerk)
            #expect(shown.json["rating"] as? Int == 4)
            #expect(((shown.json["figures"] as? [String: Any])?["finished"] as? Bool) == true)
            #expect((shown.json["steps"] as? [[String: Any]])?.count == 3)
            let events = try await Self.call(client, "/api/v1/dossiers/\(code)/events", headers: leader)
            #expect((events.json["items"] as? [[String: Any]])?.map { $0["kind"] as? String ?? "" } == [
                "submit", "receive", "assign", "proposeDecision", "decide", "resolve", "returnResult", "rate",
            ])
        }
    }

    @Test("versions: a missing If-Match is 428, a stale one 412; of two officers on one version, one wins")
    func versions() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"])
            let (leader, _) = try await Self.officer(client, roles: ["approver"])
            let (specialist, specialistID) = try await Self.officer(client, roles: ["specialist"])
            let filed = try await Self.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            let assign: [String: Any] = ["command": "assign", "assignee": specialistID]
            #expect(try await Self.command(client, code, assign, as: leader, version: nil).status == 428)
            #expect(try await Self.command(client, code, assign, as: leader, version: "\"1\"").status == 412)
            #expect(try await Self.command(client, code, assign, as: leader, version: "\"x\"").status == 400)
            let assigned = try await Self.command(client, code, assign, as: leader, version: filed.version)
            #expect(assigned.status == 200)
            let version = assigned.version
            async let first = Self.command(client, code, ["command": "proposeDecision", "outcome": "approved"], as: specialist, version: version).status
            async let second = Self.command(client, code, ["command": "requestSupplement", "missing": ["Ảnh"]], as: specialist, version: version).status
            let statuses = try await [first, second].sorted()
            #expect(statuses == [200, 412])
            let shown = try await Self.call(client, "/api/v1/dossiers/\(code)", headers: clerk)
            #expect(shown.version == "\"4\"")
        }
    }

    @Test("an Idempotency-Key replay returns the first answer, secret included, and files nothing more")
    func idempotency() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"])
            var headers = clerk
            headers[.init("Idempotency-Key")!] = UUID().uuidString
            let first = try await Self.file(client, as: headers)
            let again = try await Self.file(client, as: headers)
            #expect(first.status == 201 && again.status == 201)
            #expect(again.headers[.init("Idempotent-Replayed")!] == "true")
            #expect(again.json["code"] as? String == first.json["code"] as? String)
            #expect(again.json["lookupSecret"] as? String == first.json["lookupSecret"] as? String)
            let different = try await Self.file(client, as: headers, extra: ["summary": "Khác"])
            #expect(different.status == 422)
            let services = try await TestApp.shared.services()
            let code = try #require(first.json["code"] as? String)
            #expect(try await services.store.dossiers.events(code: code).count == 2)
            let next = try await Self.file(client, as: clerk)
            let number = { (code: String?) in Int(code?.split(separator: "-").last ?? "") ?? 0 }
            #expect(number(next.json["code"] as? String) > number(code), "the replay used no number")
            let lookup = try await Self.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: [
                "code": code, "secret": again.json["lookupSecret"] as? String ?? "",
            ])
            #expect(lookup.status == 200)
        }
    }

    @Test("bad input gets a 4xx problem with the field named, and changes nothing")
    func badInput() async throws {
        try await TestApp.test { client in
            // A commune no other test files at: the first good dossier after the bad ones must be its first.
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"], unit: "00070")
            let services = try await TestApp.shared.services()
            let cases: [([String: Any], Int, String)] = [
                (["procedureCode": "9.999999"], 400, "procedureCode"),
                (["provided": []], 400, "documents"),
                (["applicant": ["name": "A", "personalID": "12345"]], 400, "applicant.personalID"),
                (["applicant": ["name": "A", "personalID": "001195012345", "birthDate": "1995-03-04", "sex": "male"]], 400, "applicant.personalID"),
                (["applicant": ["name": " "]], 400, "applicant.name"),
                (["competentUnit": "26734"], 400, "competentUnit"),
                (["channel": "pigeon"], 400, "channel"),
            ]
            for (extra, status, field) in cases {
                let answer = try await Self.file(client, as: clerk, extra: extra)
                #expect(answer.status == status, "\(extra): \(answer.json)")
                #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let fields = (answer.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field), "\(extra): \(answer.json)")
                #expect(answer.json["title"] as? String != nil)
            }
            let filed = try await Self.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            #expect(code.hasSuffix("-0001"), "no number was used by the refused requests")
            let agency = String(code.prefix(13))
            #expect(try await services.store.dossiers.codes(provinceCode: "01").filter { $0.hasPrefix(agency) } == [code], "nothing else filed")
            let refused = try await Self.command(client, code, ["command": "returnResult", "returnChannel": "counter"], as: clerk, version: filed.version)
            #expect(refused.status == 409)
            #expect((refused.json["detail"] as? String)?.contains("Được tiếp nhận") == true, "\(refused.json)")
            let unknown = try await Self.command(client, code, ["command": "teleport"], as: clerk, version: filed.version)
            #expect(unknown.status == 400)
            #expect(try await services.store.dossiers.events(code: code).count == 2, "nothing appended")
            let other = try await Self.officer(client, roles: ["approver"], unit: "00008")
            #expect(try await Self.call(client, "/api/v1/dossiers/\(code)", headers: other.0).status == 404, "another commune does not see it")
        }
    }

    @Test("online: the applicant submits without an account, an officer receives or refuses, the look-up follows")
    func online() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"])
            let submitted = try await Self.file(client, as: jsonHeaders, extra: ["receivingUnit": "00004"])
            #expect(submitted.status == 201, "\(submitted.json)")
            #expect(submitted.json["status"] as? String == "submitted")
            #expect(submitted.json["channel"] as? String == "online")
            let code = try #require(submitted.json["code"] as? String)
            let secret = try #require(submitted.json["lookupSecret"] as? String)
            let form = try #require((submitted.json["documents"] as? [[String: Any]])?.first?["name"] as? String)
            let received = try await Self.command(client, code, ["command": "receive", "provided": [form]], as: clerk, version: submitted.version)
            #expect(received.status == 200)
            #expect(received.json["dueAt"] is String)
            let lookup = try await Self.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": code, "secret": secret])
            #expect(lookup.json["status"] as? String == "received")
            #expect(lookup.json["appointment"] as? String == received.json["appointment"] as? String)
            let wrong = try await Self.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": code, "secret": "AAAAAAAAAA"])
            let unknown = try await Self.call(client, "/api/v1/lookup", .post, headers: jsonHeaders, body: ["code": "000.00.00.H01-250101-0001", "secret": secret])
            #expect(wrong.status == 404 && unknown.status == 404)
            #expect(wrong.json["detail"] as? String == unknown.json["detail"] as? String, "the same answer either way")

            let counter = try await Self.file(client, as: jsonHeaders, extra: ["receivingUnit": "00004", "intake": "receive"])
            #expect(counter.status == 400, "the applicant cannot receive their own dossier")
            let second = try await Self.file(client, as: jsonHeaders, extra: ["receivingUnit": "00004"])
            let refusal = try await Self.command(
                client, try #require(second.json["code"] as? String), ["command": "refuseAtIntake", "reason": "Hồ sơ thuộc thẩm quyền nơi khác"],
                as: clerk, version: second.version
            )
            #expect(refusal.json["status"] as? String == "refusedAtIntake")
        }
    }

    @Test("the work queue lists the agency's dossiers by due time and pages with a cursor")
    func queue() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"], unit: "00025")
            var codes: [String] = []
            for _ in 0..<3 { codes.append(try #require(try await Self.file(client, as: clerk).json["code"] as? String)) }
            let page = try await Self.call(client, "/api/v1/dossiers?status=received&limit=2", headers: clerk)
            #expect(page.status == 200)
            let first = (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            let cursor = try #require(page.json["nextCursor"] as? String)
            let rest = try await Self.call(client, "/api/v1/dossiers?status=received&limit=2&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")", headers: clerk)
            let second = (rest.json["items"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
            #expect(Set(first + second).isSuperset(of: codes))
            #expect(Set(first).isDisjoint(with: second))
            #expect(try await Self.call(client, "/api/v1/dossiers?status=nonsense", headers: clerk).status == 400)
        }
    }

    @Test("the work queue answers each dossier's current view, the one its own page answers; the filing's answer adds the secret")
    func queueViews() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await Self.officer(client, roles: ["receptionist"], unit: "00118")
            let (leader, _) = try await Self.officer(client, roles: ["approver"], unit: "00118")
            let (_, specialistID) = try await Self.officer(client, roles: ["specialist"], unit: "00118")
            var codes: [String] = []
            for _ in 0..<3 {
                let filed = try await Self.file(client, as: clerk)
                let code = try #require(filed.json["code"] as? String)
                codes.append(code)
                // The filing's answer is the dossier's page with the secret.
                var answer = filed.json
                #expect((answer.removeValue(forKey: "lookupSecret") as? String)?.isEmpty == false)
                let page = try await Self.call(client, "/api/v1/dossiers/\(code)", headers: clerk)
                #expect(NSDictionary(dictionary: answer).isEqual(to: page.json), "\(code)")
            }
            // A first read keeps the views in memory; a command, and a change written by another process (here
            // straight to the store), make new versions, which the next read takes from the store.
            let before = try await Self.call(client, "/api/v1/dossiers?limit=50", headers: clerk)
            #expect((before.json["items"] as? [[String: Any]] ?? []).filter { codes.contains($0["code"] as? String ?? "") }.count == 3)
            let assigned = try await Self.command(client, codes[0], ["command": "assign", "assignee": specialistID], as: leader, version: "\"2\"")
            #expect(assigned.status == 200)
            let store = try await TestApp.shared.services().store
            let other = try #require(try await store.dossiers.dossier(code: codes[1]))
            let context = DossierContext(now: other.lastEventAt, actor: DossierActor(userID: specialistID, role: .approver, unitCode: "00118"), clock: WorkClock(calendar: try WorkingCalendar()))
            let event = try DossierDecider.decide(other, DossierRequest(.assign, assignee: specialistID), context: context)
            try await store.dossiers.append(DossierChange(before: other, events: [event], after: other.applying(event)))
            let queue = try await Self.call(client, "/api/v1/dossiers?limit=50", headers: clerk)
            #expect(queue.status == 200)
            // The assigned one is at the competent agency now.
            let agency = try #require(assigned.json["currentAgency"] as? String)
            let competent = try await Self.call(client, "/api/v1/dossiers?limit=50&agency=\(agency)", headers: leader)
            #expect(competent.status == 200)
            let items = (queue.json["items"] as? [[String: Any]] ?? []) + (competent.json["items"] as? [[String: Any]] ?? [])
            let listed = items.filter { codes.contains($0["code"] as? String ?? "") }
            #expect(listed.count == 3)
            for item in listed {
                let code = item["code"] as? String ?? ""
                let page = try await Self.call(client, "/api/v1/dossiers/\(code)", headers: clerk)
                #expect(NSDictionary(dictionary: item).isEqual(to: page.json), "\(code)")
            }
            #expect(listed.first { $0["code"] as? String == codes[0] }?["status"] as? String == "processing")
            #expect(listed.first { $0["code"] as? String == codes[1] }?["version"] as? Int == 3)
            #expect(queue.json["nextCursor"] == nil, "a page shorter than the limit is the last")
            // A full page names the next: the same cursor as before the views were stored.
            let short = try await Self.call(client, "/api/v1/dossiers?limit=1", headers: clerk)
            let first = try #require((short.json["items"] as? [[String: Any]])?.first)
            let due = (first["dueAt"] as? String).flatMap { Instant(iso: $0) }?.minutes ?? 0
            #expect(short.json["nextCursor"] as? String == "\(due)|\(first["code"] as? String ?? "")")
        }
    }
}
