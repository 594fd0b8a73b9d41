public import Domain

/// The monitors' dashboard for the nation, a province or a commune and a period: tiles, the series,
/// the breakdown with drill-down, the Decision 766 ranking, register delivery, exports, and the way to
/// the reform's bookkeeping of the same scope.
public struct DashboardPage: Page {
    public static let template = PageTemplate.dashboard

    struct Tile: Sendable { let label: String; let value: String; let note: String? }
    struct Column: Sendable { let label: String; let href: String; let current: Bool; let numeric: Bool }
    struct Row: Sendable { let name: String; let href: String?; let cells: [String] }
    struct Ranked: Sendable { let rank: Int; let name: String; let points: String; let band: String }
    struct Delivery: Sendable { let system: String; let pending: String; let delivered: String; let dead: String }

    /// A breakdown row: the group's name, where it drills down to, and its figures.
    public struct Breakdown: Sendable {
        public let name: String
        public let href: String?
        public let row: IndicatorRow

        public init(name: String, href: String?, row: IndicatorRow) {
            self.name = name
            self.href = href
            self.row = row
        }
    }

    /// How a breakdown can be sorted: the query value and the column's label.
    public static let sortKeys: [(key: String, label: String)] = [
        ("received", "Tiếp nhận"), ("online", "Trực tuyến"), ("resolved", "Đã giải quyết"), ("ontime", "Đúng hạn"), ("overdue", "Quá hạn"),
    ]

    public var chrome: PageChrome
    let scopeLabel: String
    let scope: String
    let from: String
    let to: String
    let provinces: [Option]
    let tiles: [Tile]
    let chart: String
    let breakdownTitle: String
    let columns: [Column]
    let rows: [Row]
    let hasRows: Bool
    let ranking: [Ranked]
    let hasRanking: Bool
    let rankingTitle: String
    let deliveries: [Delivery]
    let hasDeliveries: Bool
    let csvHref: String
    let xlsxHref: String
    let upHref: String?
    let upLabel: String?
    let bookkeepingHref: String
    let hasQuality: Bool
    let qualityText: String
    let qualityCSVHref: String
    let qualityXLSXHref: String

    public init(
        scope: String, scopeLabel: String, from: LocalDate, to: LocalDate, provinces: [(code: String, name: String)], total: IndicatorRow,
        series: SeriesChart, breakdownTitle: String, breakdown: [Breakdown], sort: String, ranking: [(rank: Int, name: String, points: Double, band: String?)],
        rankingTitle: String, deliveries: [(system: String, pending: Int, delivered: Int, dead: Int)], up: (href: String, label: String)?,
        quality: (findings: Int, dossiers: Int, at: Instant)? = nil
    ) {
        self.scope = scope
        self.scopeLabel = scopeLabel
        self.from = from.description
        self.to = to.description
        self.provinces = [Option(value: "nation", label: "Toàn quốc", selected: scope == "nation")]
            + provinces.map { Option(value: "province:\($0.code)", label: $0.name, selected: scope == "province:\($0.code)") }
        func share(_ value: Double?) -> String { value.map(VietnameseFormat.percent) ?? "—" }
        tiles = [
            Tile(label: "Hồ sơ tiếp nhận", value: VietnameseFormat.count(total.received), note: nil),
            Tile(label: "Nộp trực tuyến", value: share(total.onlineShare), note: "\(VietnameseFormat.count(total.receivedOnline)) hồ sơ"),
            Tile(label: "Đã giải quyết", value: share(total.resolvedShare), note: "\(VietnameseFormat.count(total.resolved)) hồ sơ"),
            Tile(label: "Đúng và trước hạn", value: share(total.onTimeShare), note: "trên số đã giải quyết"),
            Tile(label: "Đang quá hạn", value: VietnameseFormat.count(total.pendingOverdue), note: "\(VietnameseFormat.count(total.pendingOnTrack)) còn trong hạn"),
        ]
        chart = series.svg
        self.breakdownTitle = breakdownTitle
        let base = "/theo-doi?scope=\(scope)&from=\(from)&to=\(to)"
        columns = [Column(label: "Đơn vị", href: "", current: false, numeric: false)] + Self.sortKeys.map {
            Column(label: $0.label, href: "\(base)&sort=\($0.key)#phan-tich", current: $0.key == sort, numeric: true)
        }
        let sorted = breakdown.sorted { lhs, rhs in
            let a = Self.sortValue(lhs.row, sort), b = Self.sortValue(rhs.row, sort)
            return a != b ? a > b : lhs.name < rhs.name
        }
        rows = sorted.map { item in
            Row(name: item.name, href: item.href, cells: [
                VietnameseFormat.count(item.row.received), share(item.row.onlineShare), share(item.row.resolvedShare),
                share(item.row.onTimeShare), VietnameseFormat.count(item.row.pendingOverdue),
            ])
        }
        hasRows = !breakdown.isEmpty
        self.ranking = ranking.map {
            Ranked(rank: $0.rank, name: $0.name, points: Self.oneDecimal($0.points), band: $0.band ?? "")
        }
        hasRanking = !ranking.isEmpty
        self.rankingTitle = rankingTitle
        self.deliveries = deliveries.map {
            Delivery(system: $0.system, pending: VietnameseFormat.count($0.pending), delivered: VietnameseFormat.count($0.delivered), dead: VietnameseFormat.count($0.dead))
        }
        hasDeliveries = !deliveries.isEmpty
        let breakdownBy = scope.hasPrefix("commune:") ? "procedure" : (scope.hasPrefix("province:") ? "commune" : "province")
        csvHref = "/api/v1/reports/indicators?scope=\(scope)&from=\(from)&to=\(to)&by=\(breakdownBy)&format=csv&bom=true"
        xlsxHref = "/api/v1/reports/indicators?scope=\(scope)&from=\(from)&to=\(to)&by=\(breakdownBy)&format=xlsx"
        upHref = up?.href
        upLabel = up?.label
        bookkeepingHref = "/theo-doi/to-chuc?scope=\(scope)"
        // The data-quality report reads every dossier of the scope: shown when one is ready (kept five
        // minutes, or ten times as long as it took), never computed while the page waits.
        hasQuality = !scope.hasPrefix("commune:")
        qualityText = quality.map {
            "\(VietnameseFormat.count($0.findings)) phát hiện trên \(VietnameseFormat.count($0.dossiers)) hồ sơ (tính lúc \(VietnameseFormat.short($0.at)))"
        } ?? "đang tính, mở lại trang sau ít phút"
        qualityCSVHref = "/api/v1/quality?scope=\(scope)&by=\(scope == "nation" ? "province" : "unit")&format=csv&bom=true"
        qualityXLSXHref = "/api/v1/quality?scope=\(scope)&by=\(scope == "nation" ? "province" : "unit")&format=xlsx"
        chrome = PageChrome(title: "Số liệu: \(scopeLabel)", section: .monitor)
    }

    /// `87,5`.
    public static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(abs(tenths % 10))"
    }

    static func sortValue(_ row: IndicatorRow, _ key: String) -> Double {
        switch key {
        case "online": row.onlineShare ?? -1
        case "resolved": row.resolvedShare ?? -1
        case "ontime": row.onTimeShare ?? -1
        case "overdue": Double(row.pendingOverdue)
        default: Double(row.received)
        }
    }
}
