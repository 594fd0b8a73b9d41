import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("addresses API")
struct AddressesAPITests {
    @Test("an old address converts; split and unknown ones say so")
    func convert() async throws {
        try await TestApp.test { client in
            let body = try jsonBody(["address": "Số 5 ngõ 12, P. Trúc Bạch, Q. Ba Đình, TP. Hà Nội"])
            try await client.execute(uri: "/api/v1/addresses/convert", method: .post, headers: jsonHeaders, body: body) { response in
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["status"] as? String == "converted")
                #expect(json["communeCode"] as? String == "00004")
                #expect(json["provinceCode"] as? String == "01")
                #expect(json["address"] as? String == "Số 5 ngõ 12, Phường Ba Đình, Thành phố Hà Nội")
                #expect(json["partial"] as? Bool == false)
                #expect(json["candidates"] == nil)
            }
            let unknown = try jsonBody(["address": "Thôn 3, Xã Không Có, Huyện Phú Bình, Tỉnh Thái Nguyên"])
            try await client.execute(uri: "/api/v1/addresses/convert", method: .post, headers: jsonHeaders, body: unknown) { response in
                let json = try response.json()
                #expect(json["status"] as? String == "notFound")
                #expect(json["unrecognized"] as? String == "Thôn 3, Xã Không Có")
            }
        }
    }

    @Test("conversion by old code; a split commune lists every successor")
    func byCode() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/addresses/convert", method: .post, headers: jsonHeaders,
                                     body: try jsonBody(["oldCode": "00556"])) { response in
                let json = try response.json()
                #expect(json["status"] as? String == "ambiguous")
                let candidates = try #require(json["candidates"] as? [[String: Any]])
                #expect(candidates.count >= 2)
                #expect(candidates.allSatisfy { $0["reasonCode"] as? String == "split" })
            }
        }
    }

    @Test("a batch answers in order")
    func batch() async throws {
        try await TestApp.test { client in
            let body = try jsonBody(["addresses": ["P. Trúc Bạch, Q. Ba Đình, Hà Nội", "nowhere at all", "Phường 4, TP Tân An, Long An"]])
            try await client.execute(uri: "/api/v1/addresses/convert-batch", method: .post, headers: jsonHeaders, body: body) { response in
                let results = try #require(try response.json()["results"] as? [[String: Any]])
                #expect(results.map { $0["status"] as? String } == ["converted", "notFound", "converted"])
                #expect(results[0]["communeCode"] as? String == "00004")
            }
        }
    }

    static let tooMany = try! JSONSerialization.data(withJSONObject: ["addresses": Array(repeating: "Hà Nội", count: 10_001)])

    @Test("bad input gets a 4xx problem+json saying what was wrong", arguments: [
        ("convert", ByteBuffer(), 400, "empty-body", nil),
        ("convert", ByteBuffer(string: "   "), 400, "empty-body", nil),
        ("convert", ByteBuffer(string: "{\"address\": "), 400, "malformed-json", nil),
        ("convert", ByteBuffer(string: "[1,2]"), 400, "invalid-input", nil),
        ("convert", ByteBuffer(bytes: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D]), 400, "invalid-encoding", nil),
        ("convert", ByteBuffer(string: "{\"address\": 5}"), 400, "invalid-input", "address"),
        ("convert", ByteBuffer(string: "{}"), 400, "invalid-input", "address"),
        ("convert", ByteBuffer(string: "{\"address\": \"   \"}"), 400, "invalid-input", "address"),
        ("convert", ByteBuffer(string: "{\"address\": \"x\", \"oldCode\": \"00004\"}"), 400, "invalid-input", "oldCode"),
        ("convert", ByteBuffer(string: "{\"oldCode\": \"99999\"}"), 404, "not-found", nil),
        ("convert", ByteBuffer(string: "{\"oldCode\": \"12\"}"), 400, "invalid-input", "code"),
        ("convert-batch", ByteBuffer(string: "{\"addresses\": []}"), 400, "invalid-input", "addresses"),
        ("convert-batch", ByteBuffer(bytes: Array(tooMany)), 400, "invalid-input", "addresses"),
        ("convert-batch", ByteBuffer(string: "{\"addresses\": [\"ok\", \"\"]}"), 400, "invalid-input", "addresses/1"),
        ("convert-batch", ByteBuffer(string: "{\"addresses\": \"Hà Nội\"}"), 400, "invalid-input", "addresses"),
        ("convert-batch", ByteBuffer(string: "{\"addresses\": [1]}"), 400, "invalid-input", "addresses/0"),
    ] as [(String, ByteBuffer, Int, String, String?)])
    func badInput(path: String, body: ByteBuffer, status: Int, type: String, field: String?) async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/addresses/\(path)", method: .post, headers: jsonHeaders, body: body) { response in
                #expect(response.status.code == status, "\(response.text)")
                #expect(response.contentType.hasPrefix("application/problem+json"))
                let json = try response.json()
                #expect(json["type"] as? String == "/api/v1/problems/\(type)")
                #expect((json["title"] as? String ?? "").unicodeScalars.contains { $0.value > 0x7F })
                if let field {
                    let fields = (json["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] }
                    #expect(fields.contains(field), "\(fields)")
                }
            }
        }
    }

    @Test("a 20 MB body is refused with 413, not read whole")
    func hugeBody() async throws {
        try await TestApp.test { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: "a"), count: 20 * 1024 * 1024)
            for path in ["convert", "convert-batch"] {
                try await client.execute(uri: "/api/v1/addresses/\(path)", method: .post, headers: jsonHeaders, body: huge) { response in
                    let json = try response.json()
                    #expect(response.status == .contentTooLarge)
                    #expect(json["type"] as? String == "/api/v1/problems/too-large")
                }
            }
        }
    }

    @Test("a body that is not JSON by its content type is refused with 415")
    func mediaType() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/addresses/convert", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: "Hà Nội")) { response in
                #expect(response.status == .unsupportedMediaType)
            }
        }
    }
}
