import Domain
import Testing

/// The stand-in replaced by a new dossier's code in its rows and its answer.
struct StandInTests {
    static let standIn = "~code-7F3A~"

    @Test("every occurrence is replaced, at the start, the end, side by side and among Vietnamese text")
    func replacesAll() {
        let code = "001.12.01.H01-251201-0042"
        let text = "\(Self.standIn){\"code\":\"\(Self.standIn)\",\"tên\":\"Nguyễn Thị Hoa\"}\(Self.standIn)\(Self.standIn)"
        #expect(StandIn.replacing(Self.standIn, with: code, in: text)
            == "\(code){\"code\":\"\(code)\",\"tên\":\"Nguyễn Thị Hoa\"}\(code)\(code)")
        #expect(StandIn.replacing(Self.standIn, with: "", in: "a\(Self.standIn)b") == "ab")
    }

    @Test("a text without it, a partial match or an empty stand-in: nil, nothing to replace")
    func nothingToReplace() {
        #expect(StandIn.replacing(Self.standIn, with: "X", in: "{\"code\":\"~code-7F3\"}") == nil)
        #expect(StandIn.replacing(Self.standIn, with: "X", in: "") == nil)
        #expect(StandIn.replacing("", with: "X", in: "abc") == nil)
        #expect(StandIn.replacing(Self.standIn, with: "X", in: "~code-7F3A") == nil)
    }

    @Test("cut once around every occurrence, the writer joins the parts with the code")
    func parts() {
        let text = "\(Self.standIn)-ở giữa-\(Self.standIn)\(Self.standIn)"
        #expect(StandIn.parts(around: Self.standIn, in: text) == ["", "-ở giữa-", "", ""])
        #expect(StandIn.parts(around: Self.standIn, in: "không có") == nil)
    }

    @Test("the same cuts as a plain search, over texts of the stand-in's own pieces, partial matches and overlaps")
    func agreesWithPlainSearch() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["~", "~code-", "7F3A~", Self.standIn, "~code-7F3A", "ễ", "x", "~~code-7F3A~"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(StandIn.parts(around: Self.standIn, in: text) == Self.plainParts(around: Self.standIn, in: text), "\(text)")
        }
    }

    /// Left to right, each match skipped whole, as the replacement reads it.
    static func plainParts(around needle: String, in text: String) -> [String]? {
        let bytes = Array(text.utf8), pattern = Array(needle.utf8)
        var parts: [String] = [], index = 0, copied = 0
        while index + pattern.count <= bytes.count {
            if Array(bytes[index..<index + pattern.count]) == pattern {
                parts.append(String(decoding: bytes[copied..<index], as: UTF8.self))
                index += pattern.count
                copied = index
            } else {
                index += 1
            }
        }
        return parts.isEmpty ? nil : parts + [String(decoding: bytes[copied...], as: UTF8.self)]
    }
}
