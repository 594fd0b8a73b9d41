import AppCore
import Domain
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// Uploads, downloads, signed results and their public verification.
@Suite("documents API")
struct DocumentAPITests {
    static let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)

    static func upload(_ client: any TestClientProtocol, _ bytes: [UInt8], type: String, as auth: HTTPFields, multipart: Bool = true) async throws -> (Int, [String: Any]) {
        var headers = auth
        let body: ByteBuffer
        if multipart {
            let boundary = "motcua-\(UUID().uuidString)"
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            var data = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\nContent-Type: \(type)\r\n\r\n".utf8)
            data += bytes
            data += Array("\r\n--\(boundary)--\r\n".utf8)
            body = ByteBuffer(bytes: data)
        } else {
            headers[.contentType] = type
            body = ByteBuffer(bytes: bytes)
        }
        return try await client.execute(uri: "/api/v1/documents?name=scan.pdf", method: .post, headers: headers, body: body) { response in
            (Int(response.status.code), (try? response.json()) ?? [:])
        }
    }

    @Test("uploads are checked for type, content and size, and stored once by content")
    func uploads() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let first = try await Self.upload(client, Self.pdf, type: "application/pdf", as: clerk)
            #expect(first.0 == 201)
            let digest = try #require(first.1["sha256"] as? String)
            #expect(digest.count == 64 && first.1["size"] as? Int == Self.pdf.count && first.1["mediaType"] as? String == "application/pdf")
            #expect(try await Self.upload(client, Self.pdf, type: "application/pdf", as: clerk, multipart: false).1["sha256"] as? String == digest)
            #expect(try await Self.upload(client, Array("hello".utf8), type: "text/plain", as: clerk).0 == 400)
            #expect(try await Self.upload(client, Self.pdf, type: "image/png", as: clerk).0 == 400, "a PDF declared as PNG")
            #expect(try await Self.upload(client, [], type: "application/pdf", as: clerk, multipart: false).0 == 400)
            let big = Self.pdf + [UInt8](repeating: 0x20, count: 10 * 1_048_576)
            #expect(try await Self.upload(client, big, type: "application/pdf", as: clerk, multipart: false).0 == 413)
            let anonymous = try await client.execute(uri: "/api/v1/documents", method: .post, headers: [.contentType: "application/pdf"],
                                                     body: ByteBuffer(bytes: Self.pdf)) { Int($0.status.code) }
            #expect(anonymous == 401)
        }
    }

    @Test("a scanned checklist document and a signed result: download is logged, anyone can verify the result")
    func signedResult() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let (specialist, specialistID) = try await DossierAPITests.officer(client, roles: ["specialist"])
            let (leader, _) = try await DossierAPITests.officer(client, roles: ["approver"])
            let scan = try #require(try await Self.upload(client, Self.pdf, type: "application/pdf", as: clerk).1["sha256"] as? String)
            let form = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu"
            let filed = try await DossierAPITests.file(client, as: clerk, extra: ["files": [form: scan]])
            #expect(filed.status == 201, "\(filed.json)")
            let code = try #require(filed.json["code"] as? String)
            let documents = filed.json["documents"] as? [[String: Any]] ?? []
            #expect(documents.first { $0["name"] as? String == form }?["file"] as? String == scan)

            let download = try await client.execute(uri: "/api/v1/dossiers/\(code)/documents/\(scan)", method: .get, headers: specialist) {
                (Int($0.status.code), Array($0.body.readableBytesView))
            }
            #expect(download.0 == 200 && download.1 == Self.pdf)
            let services = try await TestApp.shared.services()
            let log = try await services.store.identity.accessLog(AccessLogQuery(subject: "001095012345", offset: 0, limit: 100))
            #expect(log.contains { $0.action == "downloadDocument" && $0.resource.contains(code) })
            let unknown = String(repeating: "a", count: 64)
            #expect(try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/documents/\(unknown)", headers: specialist).status == 404)

            var version = filed.version
            for (body, who) in [(["command": "assign", "assignee": specialistID], leader), (["command": "proposeDecision", "outcome": "approved"], specialist),
                                (["command": "decide", "outcome": "approved"], leader)] as [([String: Any], HTTPFields)] {
                version = try await DossierAPITests.command(client, code, body, as: who, version: version).version
            }
            let missing = try await DossierAPITests.command(client, code, ["command": "resolve", "attachments": [unknown]], as: specialist, version: version)
            #expect(missing.status == 400, "a result that was never uploaded")
            let result = Array("%PDF-1.7\nGiấy xác nhận tình trạng hôn nhân số 12/2026\n%%EOF\n".utf8)
            let resultDigest = try #require(try await Self.upload(client, result, type: "application/pdf", as: specialist).1["sha256"] as? String)
            let resolved = try await DossierAPITests.command(client, code, ["command": "resolve", "attachments": [resultDigest]], as: specialist, version: version)
            #expect(resolved.status == 200, "\(resolved.json)")
            #expect(resolved.json["resultDocuments"] as? [String] == [resultDigest])

            let verification = try await DossierAPITests.call(client, "/api/v1/results/\(code)/verify?sha256=\(resultDigest)", headers: [:])
            #expect(verification.status == 200)
            #expect(verification.json["matches"] as? Bool == true)
            let signed = try #require((verification.json["documents"] as? [[String: Any]])?.first)
            #expect(signed["valid"] as? Bool == true)
            let agency = try #require(signed["agencyCode"] as? String)
            let other = try await DossierAPITests.call(client, "/api/v1/results/\(code)/verify?sha256=\(scan)", headers: [:])
            #expect(other.json["matches"] as? Bool == false, "the scan is not a signed result")

            // Rotation: a new key signs from now on; the old one still verifies what it signed.
            try await services.dossiers.signing.rotate(agencyCode: agency)
            let keys = try await DossierAPITests.call(client, "/api/v1/agencies/\(agency)/keys", headers: [:])
            let published = keys.json["keys"] as? [[String: Any]] ?? []
            #expect(published.count >= 2)
            #expect(published.filter { $0["retiredAt"] == nil || $0["retiredAt"] is NSNull }.count == 1)
            let again = try await DossierAPITests.call(client, "/api/v1/results/\(code)/verify", headers: [:])
            #expect((again.json["documents"] as? [[String: Any]])?.first?["valid"] as? Bool == true)
        }
    }

    @Test("a signature holds only for its own dossier, document and agency")
    func tampering() async throws {
        let services = try await TestApp.shared.services()
        let digest = String(repeating: "b", count: 64)
        let signature = try #require(try await services.dossiers.signing.sign([digest], dossierCode: "001.05.01.H01-260101-0001", agencyCode: "001.12.01.H01").first)
        #expect(try await services.dossiers.signing.verify(signature, dossierCode: "001.05.01.H01-260101-0001"))
        #expect(try await !services.dossiers.signing.verify(signature, dossierCode: "001.05.01.H01-260101-0002"))
        var forged = signature
        forged.sha256 = String(repeating: "c", count: 64)
        #expect(try await !services.dossiers.signing.verify(forged, dossierCode: "001.05.01.H01-260101-0001"))
        forged = signature
        forged.agencyCode = "002.12.01.H01"
        #expect(try await !services.dossiers.signing.verify(forged, dossierCode: "001.05.01.H01-260101-0001"))
    }
}

@Suite("dossier applicant and refused resolve")
struct DossierApplicantTests {
    @Test("the full applicant record is for officers of the dossier's units, and each view is logged")
    func applicant() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"], unit: "00091")
            let (specialist, _) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "00091")
            let (outsider, _) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "00097")
            let filed = try await DossierAPITests.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            let full = try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/applicant?purpose=X%C3%A1c%20minh", headers: specialist)
            #expect(full.status == 200)
            #expect(full.json["personalID"] as? String == "001095012345", "unmasked here, and only here")
            #expect(full.headers[.cacheControl] == "no-store")
            #expect(try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)/applicant", headers: outsider).status == 404)
            let services = try await TestApp.shared.services()
            let log = try await services.store.identity.accessLog(AccessLogQuery(subject: "001095012345", offset: 0, limit: 1_000))
            #expect(log.contains { $0.action == "viewApplicant" && $0.resource == "dossier:\(code)" && $0.purpose == "Xác minh" })
            #expect(!log.contains { $0.action == "viewApplicant" && $0.resource == "dossier:\(code)" && $0.purpose != "Xác minh" },
                    "the refused view was not logged as a view")
        }
    }

    @Test("a resolve the rules refuse signs nothing and makes no key")
    func refusedResolve() async throws {
        try await TestApp.test { client in
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"], unit: "00103")
            let (specialist, specialistID) = try await DossierAPITests.officer(client, roles: ["specialist"], unit: "00103")
            let (leader, _) = try await DossierAPITests.officer(client, roles: ["approver"], unit: "00103")
            let filed = try await DossierAPITests.file(client, as: clerk)
            let code = try #require(filed.json["code"] as? String)
            let assigned = try await DossierAPITests.command(client, code, ["command": "assign", "assignee": specialistID], as: leader, version: filed.version)
            let result = try #require(try await DocumentAPITests.upload(client, DocumentAPITests.pdf + Array("kết quả".utf8), type: "application/pdf", as: specialist).1["sha256"] as? String)
            let refused = try await DossierAPITests.command(client, code, ["command": "resolve", "attachments": [result]], as: specialist, version: assigned.version)
            #expect(refused.status == 409, "no decision yet: \(refused.json)")
            let agency = try #require(assigned.json["currentAgency"] as? String)
            let keys = try await DossierAPITests.call(client, "/api/v1/agencies/\(agency)/keys", headers: [:])
            #expect((keys.json["keys"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await DossierAPITests.call(client, "/api/v1/dossiers/\(code)", headers: clerk).version == assigned.version)
        }
    }
}
