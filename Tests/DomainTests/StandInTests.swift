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
}
