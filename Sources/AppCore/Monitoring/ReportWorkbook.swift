public import Domain
public import Foundation
import ZIPFoundation

/// A report as an XLSX workbook: one sheet per table, a header row in bold, shares as percentages and
/// days with two decimals, and a sheet that says what the figures are. Written as SpreadsheetML by hand
/// (inline strings, no shared-string table) into a ZIP archive.
public struct ReportWorkbook: Sendable {
    public var sheets: [(name: String, table: ReportTable)]
    /// Label and value lines of the information sheet (scope, period, definitions).
    public var information: [(String, String)]

    public init(sheets: [(name: String, table: ReportTable)], information: [(String, String)]) {
        self.sheets = sheets
        self.information = information
    }

    public enum Failure: Error { case archive(String) }

    public func data() throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw Failure.archive("\(error)")
        }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", rootRelations), ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbookRelations), ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in allSheets.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet.rows))) }
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw Failure.archive("the archive kept no data") }
        return data
    }

    /// The tables, then the information sheet; rows of typed cells, the first one the header.
    var allSheets: [(name: String, rows: [[ReportTable.Cell]])] {
        sheets.map { (Self.sheetName($0.name), [$0.table.headers.map(ReportTable.Cell.text)] + $0.table.rows) }
            + [("Thông tin", [[.text("Mục"), .text("Giá trị")]] + information.map { [.text($0.0), .text($0.1)] })]
    }

    /// Sheet names: at most 31 characters, none of `[]:*?/\` (a slash becomes a hyphen, the others go).
    static func sheetName(_ name: String) -> String {
        String(name.replacingOccurrences(of: "/", with: "-").filter { !"[]:*?\\".contains($0) }.prefix(31))
    }

    var contentTypes: String {
        let sheets = allSheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            \(sheets)</Types>
            """
    }

    let rootRelations = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    var workbook: String {
        let sheets = allSheets.enumerated().map { index, sheet in
            "<sheet name=\"\(Self.escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheets)</sheets></workbook>
            """
    }

    var workbookRelations: String {
        let count = allSheets.count
        let sheets = (1...count).map {
            "<Relationship Id=\"rId\($0)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheets)\
            <Relationship Id="rId\(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
            </Relationships>
            """
    }

    /// Styles by index: 0 plain, 1 percentage (built-in format 10, `0.00%`), 2 two decimals (format 2), 3 bold.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
        </styleSheet>
        """

    static func worksheet(_ rows: [[ReportTable.Cell]]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <sheetData>
            """
        for (rowIndex, row) in rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (column, cell) in row.enumerated() {
                let reference = "\(columnName(column))\(rowIndex + 1)"
                let bold = rowIndex == 0 ? " s=\"3\"" : ""
                switch cell {
                case .text(let text):
                    xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(bold)><is><t xml:space=\"preserve\">\(escaped(text))</t></is></c>"
                case .integer(let value): xml += "<c r=\"\(reference)\"\(bold)><v>\(value)</v></c>"
                case .share(let value): xml += value.map { "<c r=\"\(reference)\" s=\"1\"><v>\($0)</v></c>" } ?? ""
                case .decimal(let value): xml += value.map { "<c r=\"\(reference)\" s=\"2\"><v>\($0)</v></c>" } ?? ""
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// A, B, … Z, AA, AB …
    static func columnName(_ index: Int) -> String {
        var name = "", value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            value = (value - 1) / 26
        }
        return name
    }

    /// Text for XML: the five special characters escaped, and control characters XML 1.0 forbids dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

extension ReportService {
    /// The workbook of a report: the breakdown asked for, then one sheet per dimension of it when there
    /// are several, and the information sheet.
    public func workbook(_ request: ReportRequest) async throws(AppError) -> Data {
        let report = try await indicators(request)
        var sheets: [(name: String, table: ReportTable)] = [(request.by.isEmpty ? "Tổng hợp" : request.by.map(\.vietnameseName).joined(separator: " × "), ReportTable(report))]
        if request.by.count > 1 {
            for dimension in request.by {
                var single = request
                single.by = [dimension]
                sheets.append((dimension.vietnameseName, ReportTable(try await indicators(single))))
            }
        }
        let information = [
            ("Phạm vi", report.scope), ("Từ ngày", report.from), ("Đến ngày", report.to), ("Góc nhìn", report.perspective),
            ("Lập lúc", report.generatedAt), ("Định nghĩa", report.definitions),
        ]
        do {
            return try ReportWorkbook(sheets: sheets, information: information).data()
        } catch {
            throw .unavailable("the workbook could not be written: \(error)")
        }
    }
}
