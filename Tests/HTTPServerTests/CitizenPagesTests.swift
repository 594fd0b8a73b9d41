import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

/// The citizens' pages through the router: search, guide, online submission with files, look-up, and
/// the HTML error pages.
@Suite("citizen pages")
struct CitizenPagesTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)

    static func multipart(_ fields: [(String, String)], files: [(String, [UInt8])], boundary: String = "motcua-test-boundary") -> ByteBuffer {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for (name, bytes) in files {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: body)
    }

    static func value(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func cookie(_ name: String, in response: TestResponse) -> String? {
        response.headers[values: .setCookie].compactMap { line -> String? in
            guard line.hasPrefix("\(name)=") else { return nil }
            return String(line.dropFirst(name.count + 1).prefix { $0 != ";" })
        }.first
    }

    static func firstCommune(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/api/v1/units?level=commune&province=01&limit=1", method: .get) { response in
            let items = try #require(try response.json()["items"] as? [[String: Any]])
            return try #require(items.first?["code"] as? String)
        }
    }

    @Test("home finds procedures by name without diacritics and stays under 100 KB")
    func home() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/?q=khai+sinh", method: .get) { response in
                #expect(response.status == .ok && response.contentType.hasPrefix("text/html"))
                #expect(response.text.contains("<html lang=\"vi\">"))
                #expect(response.text.contains("Đăng ký khai sinh"))
                #expect(response.body.readableBytes < 100_000)
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            try await client.execute(uri: "/?q=zzzkhongcothutucnay", method: .get) { response in
                #expect(response.text.contains("Không tìm thấy thủ tục phù hợp"))
            }
        }
    }

    @Test("an online submission with its documents files one dossier, even when sent twice")
    func submission() async throws {
        try await TestApp.test { client in
            let commune = try await Self.firstCommune(client)
            let (token, csrf) = try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .get) { response in
                #expect(response.status == .ok)
                return (try #require(Self.value("formToken", in: response.text)), try #require(Self.cookie("motcua_csrf", in: response)))
            }
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=motcua-test-boundary"]
            headers[.cookie] = "motcua_csrf=\(csrf)"
            let fields = [
                ("formToken", token), ("csrf", csrf), ("name", "Trần Văn Bảo"), ("personalID", "001090012345"),
                ("communeCode", commune), ("confirm", "1"),
            ]
            let body = Self.multipart(fields, files: [("tep-1", Self.pdf), ("tep-2", Self.pdf)])
            let first = try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .created)
                return response.text
            }
            let again = try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok, "the replay of the same form")
                return response.text
            }
            let code = try #require(first.range(of: "class=\"secret\">").map { String(first[$0.upperBound...].prefix { $0 != "<" }) })
            #expect(again.contains(code))
            let secretStart = try #require(first.range(of: "Mã tra cứu</dt><dd class=\"secret\">"))
            let secret = String(first[secretStart.upperBound...].prefix { $0 != "<" })
            #expect(again.contains(secret), "the same secret again")

            var lookupHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            lookupHeaders[.cookie] = "motcua_csrf=\(csrf)"
            let form = "csrf=\(csrf)&code=\(code)&secret=\(secret)"
            try await client.execute(uri: "/tra-cuu", method: .post, headers: lookupHeaders, body: ByteBuffer(string: form)) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Trần Văn Bảo") && response.text.contains("Mới đăng ký"))
            }
            try await client.execute(uri: "/api/v1/lookup", method: .post, headers: jsonHeaders,
                                     body: try jsonBody(["code": code, "secret": secret])) { response in
                let history = try #require(try response.json()["history"] as? [[String: Any]])
                #expect(history.count == 1, "one submission, not two")
            }
            let wrong = "csrf=\(csrf)&code=\(code)&secret=SAIMA12345"
            try await client.execute(uri: "/tra-cuu", method: .post, headers: lookupHeaders, body: ByteBuffer(string: wrong)) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("Mã hồ sơ hoặc mã tra cứu không đúng"))
            }
        }
    }

    @Test("a submission missing a document or the applicant’s name is shown again with each error; a forged form is refused")
    func invalidSubmission() async throws {
        try await TestApp.test { client in
            let commune = try await Self.firstCommune(client)
            let (token, csrf) = try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .get) { response in
                (try #require(Self.value("formToken", in: response.text)), try #require(Self.cookie("motcua_csrf", in: response)))
            }
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=motcua-test-boundary"]
            headers[.cookie] = "motcua_csrf=\(csrf)"
            let body = Self.multipart(
                [("formToken", token), ("csrf", csrf), ("name", ""), ("personalID", "001090012345"), ("communeCode", commune), ("confirm", "1")],
                files: [("tep-1", Self.pdf)]
            )
            try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("Chưa đính kèm: Giấy chứng sinh"))
                #expect(response.text.contains("value=\"001090012345\""), "what was typed is kept")
                #expect(response.text.contains("aria-invalid=\"true\""))
            }
            // With every document, the rules answer for the applicant: the name is missing, the ID malformed.
            let complete = Self.multipart(
                [("formToken", token), ("csrf", csrf), ("name", ""), ("personalID", "12345"), ("communeCode", commune), ("confirm", "1")],
                files: [("tep-1", Self.pdf), ("tep-2", Self.pdf)]
            )
            try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: headers, body: complete) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"name-loi\">Chưa nhập họ tên người nộp hồ sơ"), "the message beside its field")
                #expect(response.text.contains("id=\"personalID-loi\">Số định danh cá nhân phải gồm đúng 12 chữ số"))
            }
            // A program dressed as a PDF, and a file over the size limit: refused beside their fields.
            let dressed = Self.multipart(
                [("formToken", token), ("csrf", csrf), ("name", "Hà Văn Tệp"), ("communeCode", commune), ("confirm", "1")],
                files: [("tep-1", Array("MZ\u{90}\u{00}program".utf8)), ("tep-2", [UInt8](repeating: 0x25, count: 10_485_761))]
            )
            try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: headers, body: dressed) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.text.contains("id=\"tep-1-loi\">") && response.text.contains("không phải application/pdf"))
                #expect(response.text.contains("id=\"tep-2-loi\">") && response.text.contains("Tệp quá lớn"))
            }
            var forged = headers
            forged[.cookie] = "motcua_csrf=another-token-of-another-site"
            try await client.execute(uri: "/nop-ho-so/MC-HT-001", method: .post, headers: forged, body: body) { response in
                #expect(response.status == .forbidden && response.contentType.hasPrefix("text/html"))
                #expect(response.text.contains("Không có quyền truy cập"))
            }
        }
    }

    @Test("an old address is converted on its page; a split commune lists every successor")
    func oldAddress() async throws {
        try await TestApp.test { client in
            let converted = "/doi-dia-chi?dia-chi=" + "Phường Phúc Xá, Quận Ba Đình, Hà Nội".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: converted, method: .get) { response in
                #expect(response.status == .ok && response.text.contains("Địa chỉ mới") && response.text.contains("Phường Hồng Hà"))
            }
            let split = "/doi-dia-chi?dia-chi=" + "Xã Tân Lập, Huyện Đan Phượng, Hà Nội".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: split, method: .get) { response in
                #expect(response.text.contains("đã được chia về 2 đơn vị hành chính mới"))
            }
        }
    }

    @Test("unknown pages answer with a Vietnamese HTML page, the API still with problem+json")
    func errors() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/khong-co-trang-nay", method: .get) { response in
                #expect(response.status == .notFound && response.contentType.hasPrefix("text/html"))
                #expect(response.text.contains("Không tìm thấy trang") && response.text.contains("<html lang=\"vi\">"))
            }
            try await client.execute(uri: "/thu-tuc/KHONG-CO", method: .get) { response in
                #expect(response.status == .notFound && response.contentType.hasPrefix("text/html"))
            }
            try await client.execute(uri: "/api/v1/khong-co", method: .get) { response in
                #expect(response.status == .notFound && response.contentType.hasPrefix("application/problem+json"))
            }
            try await client.execute(uri: "/static/app.css", method: .get) { response in
                #expect(response.status == .ok && response.contentType.hasPrefix("text/css"))
            }
        }
    }
}
