/// The reform's bookkeeping for a scope — agencies, staffing, secondments, redundancy payments,
/// facilities, obstacles, public service units — one report at a time, each of its tables shown (long
/// ones cut, the files carry all) with the same tables as CSV and a workbook.
public struct BookkeepingPage: Page {
    public static let template = PageTemplate.bookkeeping

    /// One table of a report, its cells already written for reading.
    public struct Table: Sendable {
        public let name: String
        public let headers: [String]
        public let rows: [[String]]
        /// How many leading columns are labels; the rest are figures, right-aligned.
        public let labelColumns: Int

        public init(name: String, headers: [String], rows: [[String]], labelColumns: Int) {
            self.name = name
            self.headers = headers
            self.rows = rows
            self.labelColumns = labelColumns
        }
    }

    struct Cell: Sendable { let text: String; let numeric: Bool }
    struct Line: Sendable { let cells: [Cell] }
    struct Shown: Sendable {
        let name: String
        let headers: [Cell]
        let rows: [Line]
        let hasRows: Bool
        let cut: String?
        let csvHref: String
    }

    /// At most this many rows of a table on the page.
    public static let rowLimit = 100

    public var chrome: PageChrome
    let scopeLabel: String
    let title: String
    let kind: String
    let provinces: [Option]
    let kinds: [PageChrome.Link]
    let tables: [Shown]
    let xlsxHref: String
    let dashboardHref: String

    public init(
        scope: String, scopeLabel: String, provinces: [(code: String, name: String)], kinds: [(key: String, label: String)], kind: String,
        tables: [Table]
    ) {
        self.scopeLabel = scopeLabel
        self.kind = kind
        let current = kinds.first { $0.key == kind }?.label ?? kind
        title = "\(current): \(scopeLabel)"
        self.provinces = [Option(value: "nation", label: "Toàn quốc", selected: scope == "nation")]
            + provinces.map { Option(value: "province:\($0.code)", label: $0.name, selected: scope == "province:\($0.code)") }
        self.kinds = kinds.map { PageChrome.Link(href: "/theo-doi/to-chuc?scope=\(scope)&kind=\($0.key)", label: $0.label, current: $0.key == kind) }
        let export = "/api/v1/bookkeeping/export/\(kind)?scope=\(scope)"
        self.tables = tables.enumerated().map { index, table in
            let shown = table.rows.prefix(Self.rowLimit).map { row in
                Line(cells: row.enumerated().map { Cell(text: $0.element, numeric: $0.offset >= table.labelColumns) })
            }
            return Shown(
                name: table.name,
                headers: table.headers.enumerated().map { Cell(text: $0.element, numeric: $0.offset >= table.labelColumns) },
                rows: shown, hasRows: !table.rows.isEmpty,
                cut: table.rows.count > Self.rowLimit
                    ? "Hiển thị \(Self.rowLimit) trên \(table.rows.count) dòng; tải tệp để xem đầy đủ." : nil,
                csvHref: "\(export)&format=csv&bom=true&sheet=\(index + 1)"
            )
        }
        xlsxHref = "\(export)&format=xlsx"
        dashboardHref = "/theo-doi?scope=\(scope)"
        chrome = PageChrome(title: title, section: .monitor)
    }
}
