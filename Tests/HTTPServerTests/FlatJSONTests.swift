import AppCore
import Foundation
import Testing
@testable import HTTPServer

extension FlatJSON {
    /// The members when every one is a string, as the look-up's body has them.
    static func strings(_ bytes: [UInt8]) -> [String: String]? {
        guard let fields = fields(bytes) else { return nil }
        var strings: [String: String] = [:]
        for (key, value) in fields {
            guard case .string(let text) = value else { return nil }
            strings[key] = text
        }
        return strings
    }
}

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
        // Arrays and objects of strings are read one level down, and no further.
        #expect(FlatJSON.fields(Array(#"{"x":["y",""],"o":{"a":"b"},"e":[]}"#.utf8))
            == ["x": .strings(["y", ""]), "o": .object(["a": .string("b")]), "e": .strings([])])
        for text in [#"{"x":{"y":{"z":"w"}}}"#, #"{"x":[["y"]]}"#, #"{"x":{"y":1}}"#, #"{"x":["y",1]}"#, #"{"x":{"a":"1","a":"2"}}"#, #"{"x":["y",]}"#] {
            #expect(FlatJSON.fields(Array(text.utf8)) == nil, "\(text)")
        }
        // Not UTF-8 inside a string.
        #expect(FlatJSON.strings(Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
    }

    /// One time in three, a mutation: one byte replaced, dropped or repeated.
    static func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix) {
        guard random.next() % 3 == 0, !bytes.isEmpty else { return }
        let at = Int(random.next() % UInt64(bytes.count))
        switch random.next() % 3 {
        case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
        case 1: bytes.remove(at: at)
        default: bytes.insert(bytes[at], at: at)
        }
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
            Self.mutate(&bytes, &random)
            guard let flat = FlatJSON.strings(bytes) else { continue }
            read += 1
            #expect(flat == (try? JSONDecoder().decode([String: String].self, from: Data(bytes))), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 500, "most plain bodies are read without JSONDecoder (\(read))")
    }

    @Test("a look-up body without its secret is refused with the field named, as before")
    func missingField() throws {
        var fields = FlatFields(["code": .string("x")])
        #expect(LookupRequestDTO(flat: &fields) == nil)
        #expect(throws: RequestError.self) { try JSONBody.decode(LookupRequestDTO.self, from: Array(#"{"code":"x"}"#.utf8)) }
        let dto = try JSONBody.decode(LookupRequestDTO.self, from: Array(#"{"code":"x","secret":"y","extra":"z"}"#.utf8))
        #expect(dto.code == "x" && dto.secret == "y")
    }

    /// The request as `FlatJSON` reads it, or nil when it leaves the body to `JSONDecoder`.
    static func flat(_ text: String) -> NewDossierRequest? {
        guard let values = FlatJSON.fields(Array(text.utf8)) else { return nil }
        var fields = FlatFields(values)
        let request = NewDossierRequest(flat: &fields)
        return fields.mismatched ? nil : request
    }

    static func canonical(_ request: NewDossierRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(request), as: UTF8.self)
    }

    @Test("filings are read as JSONDecoder reads them, every field included")
    func filings() throws {
        let cases = [
            #"{"procedureCode":"1.004873","summary":"Xác nhận tình trạng hôn nhân","applicant":{"name":"Nguyễn Văn An","personalID":"001095012345","birthDate":"1995-03-04","sex":"male","phone":"0912345678","address":"12 Phố Quán Thánh"}}"#,
            #"{"procedureCode":"1.001193","applicant":{"name":"A"}}"#,
            """
            { "procedureCode": "2.000046", "channel": "online", "intake": "submit", "receivingUnit": "00004", "competentUnit": "00007",
              "returnUnit": "00004", "applicant": { "name": "Trần Thị B", "email": "b@x.vn", "communeCode": "00004", "sex": "female" },
              "provided": ["Tờ khai", "Bản sao giấy khai sinh"], "reason": "", "portalID": "G22-1", "files": {"Tờ khai": "ab12"},
              "unknown": "kept out", "more": ["x"], "other": {"y": "z"} }
            """,
            #"{"procedureCode":"x","applicant":{"name":"A"},"provided":[],"files":{}}"#,
        ]
        for text in cases {
            let read = try #require(Self.flat(text), "\(text)")
            #expect(try Self.canonical(read) == Self.canonical(JSONDecoder().decode(NewDossierRequest.self, from: Data(text.utf8))), "\(text)")
        }
    }

    @Test("a filing with a field of the wrong kind or value is left to JSONDecoder, which names it")
    func filingsLeftToJSONDecoder() {
        let applicant = #""applicant":{"name":"A"}"#
        for text in [
            #"{"procedureCode":"x","channel":"fax",\#(applicant)}"#,
            #"{"procedureCode":"x","intake":"later",\#(applicant)}"#,
            #"{"procedureCode":"x","applicant":{"name":"A","birthDate":"1995-02-30"}}"#,
            #"{"procedureCode":"x","applicant":{"name":"A","sex":"x"}}"#,
            #"{"procedureCode":"x","applicant":{"personalID":"1"}}"#,
            #"{"procedureCode":"x","applicant":"A"}"#,
            #"{"procedureCode":"x","applicant":["A"]}"#,
            #"{"procedureCode":"x","provided":"a",\#(applicant)}"#,
            #"{"procedureCode":"x","files":["a"],\#(applicant)}"#,
            #"{"procedureCode":["x"],\#(applicant)}"#,
            #"{\#(applicant)}"#,
            #"{"procedureCode":"x"}"#,
        ] {
            #expect(Self.flat(text) == nil, "\(text)")
            #expect(throws: RequestError.self, "\(text)") { try JSONBody.decode(NewDossierRequest.self, from: Array(text.utf8)) }
        }
    }

    @Test("generated filings and their mutations: whenever FlatJSON reads one, JSONDecoder reads the same")
    func generatedFilings() throws {
        var random = SplitMix(seed: 20_251_207)
        let texts = ["", "A", "Hồ sơ", "a\"b", "1995-13-04", "fax", "😀"]
        let valid: [String: [String]] = [
            "birthDate": ["1995-03-04", "2000-02-29"], "sex": ["male", "female"], "channel": ["online", "inPerson", "postal"],
            "intake": ["submit", "receive", "refuse"],
        ]
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        /// Mostly a value the field takes, sometimes any text.
        func value(_ key: String) -> String { random.next() % 8 == 0 ? pick(texts) : pick(valid[key] ?? ["Nguyễn Văn An", "00004", "x"]) }
        var read = 0
        for _ in 0..<2_000 {
            var applicant: [String: String] = [:]
            for key in ["name", "personalID", "birthDate", "sex", "phone", "email", "address", "communeCode"]
            where random.next() % (key == "name" ? 10 : 2) != 0 {
                applicant[key] = value(key)
            }
            var object: [String: Any] = ["applicant": applicant]
            for key in ["procedureCode", "channel", "intake", "receivingUnit", "summary", "reason", "portalID"]
            where random.next() % (key == "procedureCode" ? 10 : 2) != 0 {
                object[key] = value(key)
            }
            if random.next() % 3 == 0 { object["provided"] = [value("x"), value("x")] }
            if random.next() % 3 == 0 { object["files"] = [value("x"): value("x")] }
            if random.next() % 10 == 0 { object["procedureCode"] = 12 }
            var bytes = Array(try JSONSerialization.data(withJSONObject: object))
            Self.mutate(&bytes, &random)
            let body = String(decoding: bytes, as: UTF8.self)
            guard Array(body.utf8) == bytes, let flat = Self.flat(body) else { continue }
            read += 1
            let decoded = try? JSONDecoder().decode(NewDossierRequest.self, from: Data(bytes))
            #expect(try decoded.map(Self.canonical) == Self.canonical(flat), "\(body)")
        }
        #expect(read > 500, "most plain filings are read without JSONDecoder (\(read))")
    }
}
