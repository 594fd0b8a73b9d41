@testable import AppCore
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

    /// A July report of one row, broken down by one dimension.
    static func report(_ row: IndicatorRow, by dimension: String) -> ReportService.Report {
        ReportService.Report(
            scope: "nation", from: "2025-07-01", to: "2025-07-31", perspective: "competent", by: [dimension], generatedAt: "",
            total: row, rows: [row]
        )
    }

    @Test("a unit's name reaches the CSV neutralised and quoted, shares as fractions")
    func csvRows() {
        var cohort = CohortSums()
        cohort.received = 3
        cohort.receivedOnline = 1
        let row = IndicatorRow(group: ["unit": "00004", "unitName": "=cmd|' /C calc'!A0, x"], cohort: cohort, flow: CounterValues())
        let report = Self.report(row, by: "unit")
        let text = String(decoding: ReportTable(report).csv(bom: false), as: UTF8.self)
        let lines = CSV.parse(text)
        #expect(lines[0].prefix(3) == ["Đơn vị", "Tên đơn vị", "Tiếp nhận"])
        #expect(lines[1][1] == "'=cmd|' /C calc'!A0, x")
        #expect(lines[1][4] == "0.3333")
        #expect(lines[2][0] == "Tổng cộng")
    }
}

struct ReportWorkbookTests {
    @Test("a workbook is a ZIP of SpreadsheetML with a sheet per table and the information sheet")
    func workbook() throws {
        var cohort = CohortSums()
        cohort.received = 4
        cohort.receivedOnline = 3
        let row = IndicatorRow(group: ["province": "79", "provinceName": "Thành phố Hồ Chí Minh <&>"], cohort: cohort, flow: CounterValues())
        let report = ReportTableTests.report(row, by: "province")
        let book = ReportWorkbook(sheets: [("Tỉnh/thành phố: [tháng 7]", ReportTable(report))], information: [("Phạm vi", "nation")])
        let data = try book.data()
        #expect(Array(data.prefix(2)) == [0x50, 0x4B], "a ZIP archive")
        #expect(book.allSheets.map(\.name) == ["Tỉnh-thành phố tháng 7", "Thông tin"])
        let sheet = ReportWorkbook.worksheet(book.allSheets[0].rows)
        #expect(sheet.contains("Thành phố Hồ Chí Minh &lt;&amp;&gt;"))
        #expect(sheet.contains("<c r=\"E2\" s=\"1\"><v>0.75</v></c>"), "the online share as a percentage cell")
        #expect(ReportWorkbook.columnName(0) == "A" && ReportWorkbook.columnName(25) == "Z" && ReportWorkbook.columnName(26) == "AA")
    }
}
