import Testing
@testable import HTTPServer

struct ByteSearchTests {
    @Test("finds a needle anywhere, letters without case, and nothing that is not there")
    func search() {
        #expect(ByteSearch.contains("a=1&b=%00".utf8, caseInsensitive: "%00"))
        #expect(ByteSearch.contains("%%00x".utf8, caseInsensitive: "%00"))
        #expect(ByteSearch.contains(Array(#"{"x":"\U0000"}"#.utf8), caseInsensitive: "\\u0000"))
        #expect(ByteSearch.contains(Array(#"{"x":"\u0000"}"#.utf8), caseInsensitive: "\\u0000"))
        #expect(!ByteSearch.contains("a=1&b=%0".utf8, caseInsensitive: "%00"))
        #expect(!ByteSearch.contains(Array(#"{"x":"\u00001"}"#.utf8.dropLast(9)), caseInsensitive: "\\u0000"))
        #expect(!ByteSearch.contains("Hà Nội %01 %10".utf8, caseInsensitive: "%00"))
        #expect(!ByteSearch.contains([UInt8](), caseInsensitive: "%00"))
        let large = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000) + Array("%00".utf8)
        #expect(ByteSearch.contains(large, caseInsensitive: "%00"))
        #expect(!ByteSearch.contains(large.dropLast(), caseInsensitive: "%00"))
    }
}
