import Domain
import Testing

struct CSVTests {
    @Test("quoted fields, doubled quotes, CRLF, BOM and a missing final newline")
    func parse() {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"line\nbreak\",z"
        #expect(CSV.parse(text) == [["a", "b"], ["x, y", "say \"hi\""], ["line\nbreak", "z"]])
    }

    @Test("a written line reads back the same")
    func roundTrip() {
        let fields = ["Số 5, ngõ 3", "plain", "a \"quote\"", "", "new\nline"]
        #expect(CSV.parse(CSV.line(fields)) == [fields])
    }
}
