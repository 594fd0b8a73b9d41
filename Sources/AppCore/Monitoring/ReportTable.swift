import Domain
public import Foundation

/// A report as a table: the same columns for the terminal, CSV and spreadsheets, headed in Vietnamese.
public struct ReportTable: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// A fraction from 0 to 1, shown as a percentage.
        case share(Double?)
        case decimal(Double?)
    }

    public var headers: [String]
    public var rows: [[Cell]]
    /// How many leading columns are labels (left-aligned in a terminal); the rest are figures.
    public var labelColumns: Int

    public init(headers: [String], rows: [[Cell]], labelColumns: Int) {
        self.headers = headers
        self.rows = rows
        self.labelColumns = labelColumns
    }

    public init(_ report: ReportService.Report) {
        let dimensions = report.by.compactMap(ReportDimension.init(rawValue:))
        var headers: [String] = []
        for dimension in dimensions {
            headers.append(dimension.vietnameseName)
            if dimension == .province || dimension == .unit { headers.append("Tên \(dimension.vietnameseName.lowercased())") }
        }
        labelColumns = headers.count
        headers += Self.figures.map(\.0)
        self.headers = headers
        func cells(_ row: IndicatorRow, total: Bool) -> [Cell] {
            var cells: [Cell] = []
            for (index, dimension) in dimensions.enumerated() {
                cells.append(.text(total ? (index == 0 ? "Tổng cộng" : "") : row.group[dimension.rawValue] ?? ""))
                if dimension == .province { cells.append(.text(total ? "" : row.group["provinceName"] ?? "")) }
                if dimension == .unit { cells.append(.text(total ? "" : row.group["unitName"] ?? "")) }
            }
            return cells + Self.figures.map { $0.1(row) }
        }
        rows = report.rows.map { cells($0, total: false) } + [cells(report.total, total: true)]
    }

    static let figures: [(String, @Sendable (IndicatorRow) -> Cell)] = [
        ("Tiếp nhận", { .integer($0.received) }),
        ("Trực tuyến", { .integer($0.receivedOnline) }),
        ("Tỷ lệ trực tuyến", { .share($0.onlineShare) }),
        ("Đã giải quyết", { .integer($0.resolved) }),
        ("Tỷ lệ giải quyết", { .share($0.resolvedShare) }),
        ("Đúng hạn", { .integer($0.onTime) }),
        ("Tỷ lệ đúng hạn", { .share($0.onTimeShare) }),
        ("Trễ hạn", { .integer($0.late) }),
        ("Rút hồ sơ", { .integer($0.cohort.withdrawn) }),
        ("Đang giải quyết trong hạn", { .integer($0.pendingOnTrack) }),
        ("Đang giải quyết quá hạn", { .integer($0.pendingOverdue) }),
        ("Thời gian giải quyết TB (ngày làm việc)", { .decimal($0.avgProcessingDays) }),
        ("Từ chối tiếp nhận", { .integer($0.flow["refused_at_intake"]) }),
        ("Tỷ lệ số hóa", { .share($0.digitisedShare) }),
        ("Tỷ lệ kết quả điện tử", { .share($0.eResultShare) }),
        ("Tỷ lệ thanh toán trực tuyến", { .share($0.onlinePaymentShare) }),
        ("Lượt đánh giá", { .integer($0.flow["ratings"]) }),
        ("Tỷ lệ hài lòng", { .share($0.satisfactionShare) }),
    ]

    /// A cell as plain text: shares with three decimals as fractions, so that a CSV reads back exactly.
    public static func plain(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): neutralised(text)
        case .integer(let value): String(value)
        case .share(let value), .decimal(let value): value.map { String(format: "%.4f", $0) } ?? ""
        }
    }

    /// A text cell that a spreadsheet would take for a formula (= + - @, tab, carriage return) gets a
    /// leading apostrophe.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// UTF-8 CSV; with `bom`, the byte order mark Excel needs to read UTF-8.
    public func csv(bom: Bool) -> Data {
        var bytes: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        CSV.append(headers.map(Self.neutralised), to: &bytes)
        for row in rows { CSV.append(row.map(Self.plain), to: &bytes) }
        return Data(bytes)
    }

    /// Aligned columns for a terminal; shares as percentages.
    public var text: String {
        let shown = [headers] + rows.map { row in
            row.map { cell -> String in
                switch cell {
                case .share(let value): value.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
                case .decimal(let value): value.map { String(format: "%.2f", $0) } ?? "–"
                default: Self.plain(cell)
                }
            }
        }
        let widths = headers.indices.map { column in shown.map { $0[column].count }.max() ?? 0 }
        return shown.map { row in
            row.enumerated().map { index, value in
                let pad = String(repeating: " ", count: widths[index] - value.count)
                return index < labelColumns ? value + pad : pad + value
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
