import AppCore
import Domain
import Foundation
import Hummingbird
import Storage
import WebViews

/// The monitors' dashboard. Public like the report API it reads: aggregates only.
struct MonitorPages<Context: RequestContext>: Sendable {
    let pages: PageRenderer
    let reports: ReportService
    let catalog: CatalogService
    let registries: RegistryService?
    let bookkeeping: BookkeepingExport
    let quality: DataQualityService
    let now: @Sendable () -> Date

    var routes: [Route<Context>] {
        [Route(.get, "theo-doi", dashboard), Route(.get, "theo-doi/to-chuc", bookkeepingPage)]
    }

    /// The bookkeeping reports a monitor may read without signing in (aggregates; the register itself
    /// is an API export for those with rights).
    static var bookkeepingKinds: [BookkeepingExport.Kind] { BookkeepingExport.Kind.allCases.filter { $0 != .redundancyCases } }

    @Sendable func bookkeepingPage(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let scope = query.get("scope").flatMap { $0.isEmpty ? nil : $0 } ?? "nation"
        let text = query.get("kind") ?? BookkeepingExport.Kind.agencies.rawValue
        guard let kind = BookkeepingExport.Kind(rawValue: text), Self.bookkeepingKinds.contains(kind) else {
            throw AppError.notFound(what: "báo cáo", code: text)
        }
        let sheets = try await bookkeeping.sheets(kind, scope: scope, reader: .caller(nil))
        let gazetteer = reports.gazetteer
        let code = String(scope.split(separator: ":").last ?? "")
        let scopeLabel = scope == "nation" ? "Toàn quốc" : (gazetteer.currentProvinces[code]?.name ?? gazetteer.currentCommunes[code]?.name ?? code)
        return PageResponse.html(pages.render(BookkeepingPage(
            scope: scope, scopeLabel: scopeLabel,
            provinces: gazetteer.currentProvinces.values.sorted { $0.code < $1.code }.map { (code: $0.code, name: $0.name) },
            kinds: Self.bookkeepingKinds.map { (key: $0.rawValue, label: $0.vietnamese) }, kind: kind.rawValue,
            tables: sheets.map { sheet in
                BookkeepingPage.Table(
                    name: sheet.name, headers: sheet.table.headers, rows: sheet.table.rows.map { $0.map(Self.shown) },
                    labelColumns: sheet.table.labelColumns
                )
            }
        )))
    }

    /// A cell as a reader expects it: counts with thousands separators, shares as percentages.
    static func shown(_ cell: ReportTable.Cell) -> String {
        switch cell {
        case .text(let text): text
        case .integer(let value): VietnameseFormat.count(value)
        case .share(let value): value.map(VietnameseFormat.percent) ?? "—"
        case .decimal(let value): value.map(DashboardPage.oneDecimal) ?? "—"
        }
    }

    @Sendable func dashboard(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let scope = query.get("scope").flatMap { $0.isEmpty ? nil : $0 } ?? "nation"
        let today = LocalDate(vietnamTimeOf: now().timeIntervalSince1970)
        let to = try query.get("to").flatMap { $0.isEmpty ? nil : $0 }.map { try Self.date($0, field: "to") } ?? today
        let from = try query.get("from").flatMap { $0.isEmpty ? nil : $0 }.map { try Self.date($0, field: "from") } ?? to.adding(days: -29)
        let sort = query.get("sort").flatMap { $0.isEmpty ? nil : $0 } ?? "received"
        guard DashboardPage.sortKeys.contains(where: { $0.key == sort }) else {
            throw AppError.invalid("sort", "Không sắp xếp được theo “\(sort)”: dùng " + DashboardPage.sortKeys.map(\.key).joined(separator: ", "))
        }
        let gazetteer = reports.gazetteer
        func parse(_ by: String?) throws -> ReportRequest {
            try reports.parse(scope: scope, from: from.description, to: to.description, by: by, perspective: nil)
        }
        let days = to.daysSinceEpoch - from.daysSinceEpoch + 1
        let weekly = days > 92
        let scopeLabel: String
        var up: (href: String, label: String)?
        let breakdownBy: String
        let breakdownTitle: String
        let period = "from=\(from)&to=\(to)"
        if let code = scope.split(separator: ":").last.map(String.init), scope.hasPrefix("commune:") {
            let unit = gazetteer.currentCommunes[code]
            scopeLabel = unit?.name ?? code
            if let province = unit?.provinceCode {
                up = ("/theo-doi?scope=province:\(province)&\(period)", gazetteer.currentProvinces[province]?.name ?? province)
            }
            breakdownBy = "procedure"
            breakdownTitle = "Theo thủ tục"
        } else if let code = scope.split(separator: ":").last.map(String.init), scope.hasPrefix("province:") {
            scopeLabel = gazetteer.currentProvinces[code]?.name ?? code
            up = ("/theo-doi?scope=nation&\(period)", "Toàn quốc")
            breakdownBy = "unit"
            breakdownTitle = "Theo xã, phường, đặc khu (và cấp tỉnh)"
        } else {
            scopeLabel = "Toàn quốc"
            breakdownBy = "province"
            breakdownTitle = "Theo tỉnh, thành phố"
        }
        // The series, the breakdown (whose rows add up to the total) and the ranking are independent
        // reads: asked at once, the page costs the slowest of them rather than their sum.
        let seriesRequest = try parse(weekly ? "week" : "day"), breakdownRequest = try parse(breakdownBy)
        // The series shows what was received and finished each day or week: flows, no cohort read.
        async let seriesRows = reports.rows(seriesRequest, cohorts: false)
        async let report = reports.indicators(breakdownRequest)
        async let index = scope.hasPrefix("commune:") ? nil : reports.serviceIndex(
            scope: scope, from: from.description, to: to.description, by: nil, perspective: nil, version: nil
        )
        let byBucket = Dictionary(try await seriesRows.map { ($0.group[weekly ? "week" : "day"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        var points: [SeriesChart.Point] = []
        var day = weekly ? LocalDate(iso: ReportDimension.week.bucket(of: from)) ?? from : from
        while day <= to {
            let row = byBucket[day.description]
            let label = String(VietnameseFormat.date(day).prefix(5))
            points.append(SeriesChart.Point(label: weekly ? "Tuần \(label)" : label, received: row?.receivedInPeriod ?? 0, finished: row?.finishedInPeriod ?? 0))
            day = day.adding(days: weekly ? 7 : 1)
        }
        let breakdownReport = try await report
        let total = breakdownReport.total

        let procedureNames = breakdownBy == "procedure"
            ? Dictionary(try await catalog.search(text: nil, level: nil, field: nil, at: nil, offset: 0, limit: 500).map { ($0.code, $0.name) },
                         uniquingKeysWith: { first, _ in first })
            : [:]
        let breakdown = breakdownReport.rows.map { row -> DashboardPage.Breakdown in
            switch breakdownBy {
            case "province":
                let code = row.group["province"] ?? ""
                return .init(name: row.group["provinceName"] ?? code, href: "/theo-doi?scope=province:\(code)&\(period)", row: row)
            case "unit":
                let code = row.group["unit"] ?? ""
                let href = code.count == 5 ? "/theo-doi?scope=commune:\(code)&\(period)" : nil
                return .init(name: code.count == 2 ? "Cấp tỉnh" : (row.group["unitName"] ?? code), href: href, row: row)
            default:
                let code = row.group["procedure"] ?? ""
                return .init(name: procedureNames[code].map { "\($0) (\(code))" } ?? code, href: nil, row: row)
            }
        }

        var ranking: [(rank: Int, name: String, points: Double, band: String?)] = []
        var rankingTitle = ""
        if let index = try await index {
            rankingTitle = "Chỉ số phục vụ (Quyết định 766), \(scope == "nation" ? "xếp hạng tỉnh" : "xếp hạng xã") – 10 đơn vị đứng đầu"
            ranking = index.rows.prefix(10).map { row in
                let name = row.group["provinceName"] ?? row.group["unitName"] ?? row.group["province"] ?? row.group["unit"] ?? ""
                return (row.rank, name, row.score.points, row.score.bandName)
            }
        }

        var deliveries: [(system: String, pending: Int, delivered: Int, dead: Int)] = []
        if let registries {
            let province = scope.hasPrefix("province:") ? String(scope.dropFirst("province:".count)) : nil
            let unit = scope.hasPrefix("commune:") ? String(scope.dropFirst("commune:".count)) : nil
            let counts = try await registries.summary().outbox.filter {
                (province == nil || $0.provinceCode == province) && (unit == nil || $0.unitCode == unit)
            }
            for system in Set(counts.map(\.system)).sorted(by: { $0.rawValue < $1.rawValue }) {
                let mine = counts.filter { $0.system == system }
                func sum(_ state: OutboxState) -> Int { mine.filter { $0.state == state }.reduce(0) { $0 + $1.count } }
                deliveries.append((Self.systemName(system), sum(.pending), sum(.delivered), sum(.dead)))
            }
        }

        let provinces = gazetteer.currentProvinces.values.sorted { $0.code < $1.code }.map { (code: $0.code, name: $0.name) }
        return PageResponse.html(pages.render(DashboardPage(
            scope: scope, scopeLabel: scopeLabel, from: from, to: to, provinces: provinces, total: total,
            series: SeriesChart(points: points, caption: "Hồ sơ tiếp nhận và giải quyết xong \(weekly ? "theo tuần" : "theo ngày"), \(scopeLabel)"),
            breakdownTitle: breakdownTitle, breakdown: breakdown, sort: sort, ranking: ranking, rankingTitle: rankingTitle,
            deliveries: deliveries, up: up,
            quality: scope.hasPrefix("commune:") ? nil : quality.ready(provinceCode: scope.hasPrefix("province:") ? String(scope.dropFirst("province:".count)) : nil)
                .map { ($0.totals.values.reduce(0, +), $0.dossiersRead, $0.generatedAt) }
        )))
    }

    static func systemName(_ system: ExternalSystem) -> String {
        switch system {
        case .portal: "Cổng Dịch vụ công quốc gia"
        case .population: "Cơ sở dữ liệu quốc gia về dân cư"
        case .civilStatus: "Cơ sở dữ liệu hộ tịch điện tử"
        case .business: "Cơ sở dữ liệu đăng ký doanh nghiệp, hộ kinh doanh"
        case .notification: "Tin nhắn, thư điện tử thông báo"
        }
    }

    static func date(_ text: String, field: String) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else { throw AppError.invalid(field, "Ngày “\(text)” không hợp lệ (năm-tháng-ngày)") }
        return date
    }
}
