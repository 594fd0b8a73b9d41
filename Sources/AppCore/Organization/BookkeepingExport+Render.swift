import Domain
public import Foundation

extension BookkeepingExport {
    public enum Format: String, Sendable, CaseIterable { case json, csv, xlsx, table }

    /// The sheets in a format: JSON with every sheet (cells typed: numbers as numbers), CSV or a terminal
    /// table of one sheet (`sheet`, 1-based; the first when nil), or a workbook with every sheet and an
    /// information sheet naming the report, scope and day.
    public func render(_ sheets: [Sheet], kind: Kind, scope: String, format: Format, sheet: Int? = nil, bom: Bool = false) throws(AppError) -> Data {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            do {
                return try encoder.encode(SheetsDocument(kind: kind.rawValue, title: kind.vietnamese, scope: scope, sheets: sheets.map(SheetDocument.init)))
            } catch {
                throw .unavailable("the report could not be encoded: \(error)")
            }
        case .csv, .table:
            let index = (sheet ?? 1) - 1
            guard sheets.indices.contains(index) else {
                throw .invalid("sheet", "Báo cáo có \(sheets.count) bảng: " + sheets.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: ", "))
            }
            return format == .csv ? sheets[index].table.csv(bom: bom) : Data(sheets[index].table.text.utf8)
        case .xlsx:
            let workbook = ReportWorkbook(
                sheets: sheets.map { ($0.name, $0.table) },
                information: [("Báo cáo", kind.vietnamese), ("Phạm vi", scope), ("Ngày lập", today.description)]
            )
            do {
                return try workbook.data()
            } catch {
                throw .unavailable("the workbook could not be written: \(error)")
            }
        }
    }

    /// The file name of an export, without its extension.
    public static func fileName(_ kind: Kind, scope: String) -> String {
        "motcua-\(kind.rawValue)-\(scope.replacingOccurrences(of: ":", with: "-"))"
    }
}

struct SheetsDocument: Encodable {
    var kind: String
    var title: String
    var scope: String
    var sheets: [SheetDocument]
}

struct SheetDocument: Encodable {
    var name: String
    var headers: [String]
    var rows: [[CellValue]]

    init(_ sheet: BookkeepingExport.Sheet) {
        name = sheet.name
        headers = sheet.table.headers
        rows = sheet.table.rows.map { $0.map(CellValue.init) }
    }
}

/// A cell in JSON: text as a string, a count as an integer, a share or decimal as a number (null when
/// there is none).
struct CellValue: Encodable {
    var cell: ReportTable.Cell

    init(_ cell: ReportTable.Cell) { self.cell = cell }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch cell {
        case .text(let text): try container.encode(text)
        case .integer(let value): try container.encode(value)
        case .share(let value), .decimal(let value):
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }
}
