import AppCore
import Foundation
import Testing
@testable import HTTPServer

/// `FlatJSON` reads what `JSONDecoder` reads, or gives nil and leaves the body to `JSONDecoder`.
struct FlatJSONTests {
    @Test("objects of strings are read as JSONDecoder reads them")
    func plainObjects() throws {
        let cases: [String] = [
            #"{"code":"000.00.01.H01-250701-0001","secret":"ab12cd34"}"#,
            " \r\n\t{ \"code\" : \"Hồ sơ\" ,\n\"secret\":\"\" } \n",
            "{}",
            #"{"a":"1","b":"2","c":"Nguyễn Văn A 😀"}"#,
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            let flat = try #require(FlatJSON.strings(bytes), "\(text)")
            #expect(flat == (try JSONDecoder().decode([String: String].self, from: Data(bytes))))
        }
    }

    @Test("what it does not read is left to JSONDecoder")
    func leftToJSONDecoder() {
        for text in [
            #"{"code":"a\"b"}"#, #"{"code":"\u0041"}"#, #"{"n":1}"#, #"{"x":null}"#, #"{"x":{"y":"z"}}"#, #"{"x":["y"]}"#,
            #"{"a":"1","a":"2"}"#, #"{"a":"1",}"#, #"{"a":"1"} x"#, #"{"a":"1""#, #"["a"]"#, #""a""#, "", "{\"a\":\"\u{01}\"}",
            #"{"a" "1"}"#, #"{a:"1"}"#,
        ] {
            #expect(FlatJSON.strings(Array(text.utf8)) == nil, "\(text)")
        }
        // Not UTF-8 inside a string.
        #expect(FlatJSON.strings(Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
    }

    @Test("generated bodies and their mutations: whenever it reads one, JSONDecoder reads the same")
    func generated() throws {
        var random = SplitMix(seed: 20_260_701)
        let alphabet = Array("aZ09 -.:/Hồ sơ\"\\\u{01}\t{}[],😀")
        var read = 0
        for _ in 0..<3_000 {
            var object: [String: String] = [:]
            for _ in 0..<Int(random.next() % 4) {
                let key = String((0..<Int(random.next() % 6)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                object[key] = String((0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            }
            var bytes = Array(try JSONEncoder().encode(object))
            if random.next() % 3 == 0, !bytes.isEmpty {
                // A mutation: one byte replaced, dropped or repeated.
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: at)
                default: bytes.insert(bytes[at], at: at)
                }
            }
            guard let flat = FlatJSON.strings(bytes) else { continue }
            read += 1
            #expect(flat == (try? JSONDecoder().decode([String: String].self, from: Data(bytes))), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 500, "most plain bodies are read without JSONDecoder (\(read))")
    }

    @Test("a look-up body without its secret is refused with the field named, as before")
    func missingField() throws {
        #expect(LookupRequestDTO(flat: ["code": "x"]) == nil)
        #expect(throws: RequestError.self) { try JSONBody.decode(LookupRequestDTO.self, from: Array(#"{"code":"x"}"#.utf8)) }
        let dto = try JSONBody.decode(LookupRequestDTO.self, from: Array(#"{"code":"x","secret":"y","extra":"z"}"#.utf8))
        #expect(dto.code == "x" && dto.secret == "y")
    }
}
