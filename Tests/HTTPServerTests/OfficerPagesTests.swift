import AppCore
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The officers' pages and the dashboard through the router: sign-in with a session cookie, the queue,
/// command forms (once per form token, stale versions refused), the commands offered per role.
@Suite("officer pages")
struct OfficerPagesTests {
    /// A page session: the cookies to send and the CSRF token forms carry.
    struct Session {
        var cookie: String
        var csrf: String
    }

    static func signIn(
        _ client: any TestClientProtocol, roles: [String], unit: String = "00004", next: String? = nil, expect location: String = "/can-bo"
    ) async throws -> (Session, String) {
        let services = try await TestApp.shared.services()
        let username = "page." + UUID().uuidString.prefix(8).lowercased()
        let user = try await services.identity.addUser(.init(
            username: username, fullName: "Đỗ Văn Trang", password: IdentityAPITests.password, roles: roles, unitCode: unit
        ), by: nil)
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = "motcua_csrf=pre-sign-in-token-0001"
        let form = "csrf=pre-sign-in-token-0001&username=\(username)&password=\(IdentityAPITests.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            + (next.map { "&tiep=" + $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? "")
        let session = try await client.execute(uri: "/can-bo/dang-nhap", method: .post, headers: headers, body: ByteBuffer(string: form)) { response in
            #expect(response.status == .seeOther && response.headers[.location] == location)
            let cookies = response.headers[values: .setCookie].map { String($0.prefix { $0 != ";" }) }
            let csrf = try #require(cookies.first { $0.hasPrefix("motcua_csrf=") }).dropFirst("motcua_csrf=".count)
            return Session(cookie: cookies.joined(separator: "; "), csrf: String(csrf))
        }
        return (session, user.id)
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, _ session: Session?) async throws -> (Int, String, HTTPFields) {
        var headers: HTTPFields = [:]
        if let session { headers[.cookie] = session.cookie }
        return try await client.execute(uri: uri, method: .get, headers: headers) { (Int($0.status.code), $0.text, $0.headers) }
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, _ session: Session, _ fields: [(String, String)], csrf: String? = nil) async throws -> (Int, String) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = session.cookie
        let body = ([("csrf", csrf ?? session.csrf)] + fields).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { (Int($0.status.code), $0.text) }
    }

    static func version(_ client: any TestClientProtocol, _ code: String, _ session: Session) async throws -> Int? {
        let (_, html, _) = try await get(client, "/can-bo/ho-so/\(code)", session)
        guard let range = html.range(of: "name=\"version\" value=\"") else { return nil }
        return Int(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("without a session the browser goes to the sign-in page and back after it (never to another site); the queue lists the agency's dossiers")
    func queue() async throws {
        try await TestApp.test { client in
            let (status, _, headers) = try await Self.get(client, "/can-bo", nil)
            #expect(status == 303 && headers[.location] == "/can-bo/dang-nhap?tiep=%2Fcan%2Dbo")
            var wrong: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            wrong[.cookie] = "motcua_csrf=pre-sign-in-token-0001"
            try await client.execute(uri: "/can-bo/dang-nhap", method: .post, headers: wrong,
                                     body: ByteBuffer(string: "csrf=pre-sign-in-token-0001&username=nobody&password=x")) { response in
                #expect(response.status == .unauthorized && response.text.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
            }
            let (session, _) = try await Self.signIn(client, roles: ["receptionist"], next: "/can-bo?status=received", expect: "/can-bo?status=received")
            _ = try await Self.signIn(client, roles: ["receptionist"], next: "//evil.example/x", expect: "/can-bo")
            _ = try await Self.signIn(client, roles: ["receptionist"], next: "/\\evil.example/x", expect: "/can-bo")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let code = try #require(try await DossierAPITests.file(client, as: clerk).json["code"] as? String)
            let (queueStatus, html, _) = try await Self.get(client, "/can-bo", session)
            #expect(queueStatus == 200 && html.contains(code))
            let (_, civil, _) = try await Self.get(client, "/can-bo?field=" + "Hộ tịch".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, session)
            #expect(civil.contains(code), "the field of its procedure")
            let (_, other, _) = try await Self.get(client, "/can-bo?field=" + "Đất đai".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, session)
            #expect(!other.contains(code), "not another field")
        }
    }

    @Test("a command form is applied once even when sent twice; a stale version is refused with the reason and changes nothing")
    func commands() async throws {
        try await TestApp.test { client in
            let (session, _) = try await Self.signIn(client, roles: ["receptionist"])
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let code = try #require(try await DossierAPITests.file(client, as: clerk, extra: ["intake": "submit"]).json["code"] as? String)
            let before = try #require(try await Self.version(client, code, session))
            let (_, page, _) = try await Self.get(client, "/can-bo/ho-so/\(code)", session)
            // The checklist as the form ticks it: every document the page offers.
            let documents = page.components(separatedBy: "name=\"provided\" value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(!documents.isEmpty)
            let receive = [("command", "receive"), ("version", String(before)), ("formToken", "page-form-token-\(code)")]
                + documents.map { ("provided", $0) }
            #expect(try await Self.post(client, "/can-bo/ho-so/\(code)", session, receive).0 == 303)
            #expect(try await Self.post(client, "/can-bo/ho-so/\(code)", session, receive).0 == 303, "the same form again")
            #expect(try await Self.version(client, code, session) == before + 1, "one event for two submits")
            let (status, html) = try await Self.post(
                client, "/can-bo/ho-so/\(code)", session, [("command", "withdraw"), ("version", String(before)), ("reason", "Người nộp xin rút")]
            )
            #expect(status == 422 && html.contains("Hồ sơ đã thay đổi"))
            #expect(try await Self.version(client, code, session) == before + 1, "the stale command changed nothing")
            let forged = try await Self.post(client, "/can-bo/ho-so/\(code)", session, receive, csrf: "another-site")
            #expect(forged.0 == 403)
        }
    }

    @Test("the dossier page offers exactly the commands of the reader's role in the dossier's status; opening the applicant shows the full ID")
    func offered() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let code = try #require(try await DossierAPITests.file(client, as: clerk, extra: ["intake": "submit"]).json["code"] as? String)
            let (receptionist, _) = try await Self.signIn(client, roles: ["receptionist"])
            let (_, counter, _) = try await Self.get(client, "/can-bo/ho-so/\(code)", receptionist)
            #expect(counter.contains("lenh-receive") && counter.contains("lenh-refuseAtIntake") && !counter.contains("lenh-decide"))
            #expect(!counter.contains("001095012345") && counter.contains("001******345"), "masked until opened")
            let (approver, _) = try await Self.signIn(client, roles: ["approver"])
            let (_, leader, _) = try await Self.get(client, "/can-bo/ho-so/\(code)", approver)
            #expect(!leader.contains("lenh-") && leader.contains("Không có thao tác nào"))
            let (elsewhere, _) = try await Self.signIn(client, roles: ["receptionist"], unit: "26704")
            let (outside, page, _) = try await Self.get(client, "/can-bo/ho-so/\(code)", elsewhere)
            #expect(outside == 404 && page.contains("Không tìm thấy"), "another province's officer learns nothing")
            let (status, opened) = try await Self.post(client, "/can-bo/ho-so/\(code)/nguoi-nop", receptionist, [("purpose", "Đối chiếu căn cước")])
            #expect(status == 200 && opened.contains("001095012345") && opened.contains("Đã ghi nhật ký truy cập"))
        }
    }

    @Test("the reception desk: a malformed birth date and a missing name are shown and file nothing; a refusal at intake is filed")
    func receptionDesk() async throws {
        try await TestApp.test { client in
            let (desk, _) = try await Self.signIn(client, roles: ["receptionist"])
            let base = [("procedure", DossierAPITests.procedure), ("formToken", "desk-form-\(UUID().uuidString)")]
            let (badDate, dateHTML) = try await Self.post(client, "/can-bo/tiep-nhan", desk, base + [("name", "Lý Thị Quầy"), ("birthDate", "31-02-2020")])
            #expect(badDate == 422 && dateHTML.contains("id=\"birthDate-loi\">Ngày sinh không hợp lệ"))
            let (noName, nameHTML) = try await Self.post(client, "/can-bo/tiep-nhan", desk, base + [("name", ""), ("intake", "refuse"), ("reason", "Thiếu giấy tờ")])
            #expect(noName == 422 && nameHTML.contains("id=\"name-loi\">Chưa nhập họ tên"))
            #expect(!nameHTML.contains("Đã lưu hồ sơ"))
            let (refused, html) = try await Self.post(
                client, "/can-bo/tiep-nhan", desk, base + [("name", "Lý Thị Quầy"), ("intake", "refuse"), ("reason", "Hồ sơ không thuộc thẩm quyền")]
            )
            #expect(refused == 200 && html.contains("Đã lưu hồ sơ") && html.contains("Không được tiếp nhận"))
        }
    }

    @Test("the dashboard for the nation and a commune, and a wrong scope as a Vietnamese page")
    func dashboard() async throws {
        try await TestApp.test { client in
            let (status, nation, _) = try await Self.get(client, "/theo-doi", nil)
            #expect(status == 200 && nation.contains("Toàn quốc") && nation.contains("Hồ sơ tiếp nhận") && nation.contains("<svg class=\"chart\""))
            let (_, commune, _) = try await Self.get(client, "/theo-doi?scope=commune:00004&from=2025-07-01&to=2025-07-31&sort=online", nil)
            #expect(commune.contains("Theo thủ tục") && commune.contains("format=xlsx"))
            let (bad, page, headers) = try await Self.get(client, "/theo-doi?scope=galaxy:1", nil)
            #expect(bad == 400 && headers[.contentType]?.hasPrefix("text/html") == true && page.contains("Yêu cầu chưa đúng"))
            #expect(nation.contains("href=\"/theo-doi/to-chuc?scope=nation\""))
            let (ok, bookkeeping, _) = try await Self.get(client, "/theo-doi/to-chuc?scope=province:01&kind=redundancy", nil)
            #expect(ok == 200 && bookkeeping.contains("Chế độ nghỉ việc: Thành phố Hà Nội") && bookkeeping.contains("Tổng cộng"))
            #expect(bookkeeping.contains("/api/v1/bookkeeping/export/redundancy?scope=province:01&amp;format=xlsx"))
            #expect(try await Self.get(client, "/theo-doi/to-chuc?kind=redundancy-cases", nil).0 == 404, "the register is not a public page")
            #expect(try await Self.get(client, "/theo-doi/to-chuc?scope=province:7", nil).0 == 400)
        }
    }
}
