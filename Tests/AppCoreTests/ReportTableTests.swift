import AppCore
import Domain
import Foundation
import Testing

struct ReportTableTests {
    @Test("cells a spreadsheet would run as formulas are neutralised; others are kept", arguments: [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
        ("Xã Đông Anh", "Xã Đông Anh"), ("", ""),
    ])
    func neutralised(text: String, expected: String) {
        #expect(ReportTable.neutralised(text) == expected)
    }

    @Test("a unit's name reaches the CSV neutralised and quoted, shares as fractions")
    func csvRows() {
        var cohort = CohortSums()
        cohort.received = 3
        cohort.receivedOnline = 1
        let row = IndicatorRow(group: ["unit": "00004", "unitName": "=cmd|' /C calc'!A0, x"], cohort: cohort, flow: CounterValues())
        let report = ReportService.Report(
            scope: "nation", from: "2025-07-01", to: "2025-07-31", perspective: "competent", by: ["unit"], generatedAt: "",
            total: row, rows: [row]
        )
        let text = String(decoding: ReportTable(report).csv(bom: false), as: UTF8.self)
        let lines = CSV.parse(text)
        #expect(lines[0].prefix(3) == ["Đơn vị", "Tên đơn vị", "Tiếp nhận"])
        #expect(lines[1][1] == "'=cmd|' /C calc'!A0, x")
        #expect(lines[1][4] == "0.3333")
        #expect(lines[2][0] == "Tổng cộng")
    }
}
