import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// `/api/v1/reports/…`: the indicators and the service index. Public: aggregates hold no personal data,
/// and Resolution 268 asks for figures anyone can check.
struct ReportsAPI<Context: RequestContext> {
    let service: ReportService
    var monthly: MonthlyReports { MonthlyReports(reports: service) }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/reports/indicators", indicators),
            Route(.get, "api/v1/reports/service-index", serviceIndex),
            Route(.get, "api/v1/reports/alerts", alerts),
            Route(.get, "api/v1/reports/late-steps", lateSteps),
            Route(.get, "api/v1/reports/versions", versions),
            Route(.get, "api/v1/reports/monthly", monthlyList),
            Route(.get, "api/v1/reports/monthly/:month", monthlyReport),
        ]
    }

    @Sendable func indicators(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let parsed = try service.parse(
            scope: query.get("scope"), from: query.get("from"), to: query.get("to"), by: query.get("by"), perspective: query.get("perspective")
        )
        let format = try Self.format(query)
        let bom = format == .csv ? try QueryFlag.bool(query.get("bom"), field: "bom", default: false) : false
        let page = try Self.page(query, format: format)
        let unitsPerPage = try QueryFlag.integer(query.get("unitsPerPage"), field: "unitsPerPage") ?? ReportService.unitsPerPage
        guard (1...ReportService.maximumUnitsPerPage).contains(unitsPerPage) else {
            throw AppError.invalid("unitsPerPage", "unitsPerPage phải là số từ 1 đến \(ReportService.maximumUnitsPerPage)")
        }
        // A JSON breakdown that reads the detailed counters is answered a page at a time, unless all is
        // asked for; a page is a province's part at most, so it does not wait at the gate.
        if let page, let pages = try await service.pages(parsed, unitsPerPage: unitsPerPage) {
            let report = try await service.indicators(parsed, page: page, of: pages)
            var head = report
            head.rows = []
            var response = try JSONBody.response(head: head, trailing: report.rows)
            if page < pages.count {
                response.headers[HTTPField.Name("Link")!] = "<\(Self.uri(request.uri, page: page + 1))>; rel=\"next\""
            }
            return response
        }
        guard page ?? 1 == 1 else { throw AppError.invalid("page", "Báo cáo này chỉ có 1 trang") }
        // Read and written under the gate: the answer of a detail breakdown is as large as its groups.
        return try await service.gated(parsed) {
            if format == .xlsx {
                return Self.xlsx(try await service.workbook(parsed), name: "motcua-\(parsed.from)-\(parsed.to)")
            }
            let report = try await service.indicators(parsed)
            guard format == .json else { return Self.csv(ReportTable(report), bom: bom, name: "motcua-\(report.from)-\(report.to)") }
            var head = report
            head.rows = []
            return try JSONBody.response(head: head, trailing: report.rows)
        }
    }

    /// The page asked for: the first by default; nil for `page=all` and for the exports (CSV, XLSX),
    /// which are whole.
    static func page(_ query: FlatDictionary<Substring, Substring>, format: Format) throws -> Int? {
        let text = query.get("page")
        guard format == .json else {
            guard text == nil || text == "all" else { throw AppError.invalid("page", "page chỉ dùng với format=json: CSV và XLSX là cả báo cáo") }
            return nil
        }
        if text == "all" { return nil }
        let number = try QueryFlag.integer(text, field: "page") ?? 1
        guard number >= 1 else { throw AppError.invalid("page", "page phải là số từ 1, hoặc all") }
        return number
    }

    /// The request's own path and query with `page` set: the next page's link.
    static func uri(_ uri: URI, page: Int) -> String {
        let query = (uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("page=") } + ["page=\(page)"]
        return "\(uri.path)?\(query.joined(separator: "&"))"
    }

    enum Format { case json, csv, xlsx }

    static func format(_ query: FlatDictionary<Substring, Substring>) throws -> Format {
        switch query.get("format") ?? "json" {
        case "json": .json
        case "csv": .csv
        case "xlsx": .xlsx
        case let other: throw AppError.invalid("format", "Định dạng “\(other)” không hỗ trợ: dùng json, csv hoặc xlsx")
        }
    }

    static func xlsx(_ data: Data, name: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"\(name).xlsx\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    static func csv(_ table: ReportTable, bom: Bool, name: String) -> Response {
        csv(table.csv(bom: bom), name: name)
    }

    static func csv(_ bytes: Data, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    @Sendable func lateSteps(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        return try JSONBody.response(try await service.lateSteps(scope: query.get("scope"), from: query.get("from"), to: query.get("to")))
    }

    @Sendable func monthlyList(_ request: Request, context: Context) async throws -> Response {
        try JSONBody.response(["items": try await monthly.list()])
    }

    @Sendable func monthlyReport(_ request: Request, context: Context) async throws -> Response {
        let month = try context.parameters.require("month")
        let query = request.uri.queryParameters
        let scope = query.get("scope") ?? "nation"
        let format = try Self.format(query)
        let stored = try await monthly.report(month: month, scope: scope)
        switch format {
        case .json:
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: stored.json))
            )
        case .csv:
            return Self.csv(try stored.table(), bom: try QueryFlag.bool(query.get("bom"), field: "bom", default: false), name: "motcua-thang-\(month)-\(scope.replacingOccurrences(of: ":", with: "-"))")
        case .xlsx:
            let workbook = ReportWorkbook(sheets: [("Tháng \(month)", try stored.table())], information: [("Tháng", month), ("Phạm vi", scope)])
            do {
                return Self.xlsx(try workbook.data(), name: "motcua-thang-\(month)-\(scope.replacingOccurrences(of: ":", with: "-"))")
            } catch {
                throw AppError.unavailable("the workbook could not be written: \(error)")
            }
        }
    }

    @Sendable func serviceIndex(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        return try JSONBody.response(try await service.serviceIndex(
            scope: query.get("scope"), from: query.get("from"), to: query.get("to"), by: query.get("by"),
            perspective: query.get("perspective"), version: query.get("version")
        ))
    }

    @Sendable func versions(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        return try JSONBody.response(try await service.versions(
            scope: query.get("scope"), from: query.get("from"), to: query.get("to"), procedure: query.get("procedure")
        ))
    }

    @Sendable func alerts(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        var thresholds = AlertThresholds()
        if let text = query.get("overdueShare") {
            guard let value = Double(text) else { throw AppError.invalid("overdueShare", "Ngưỡng tỷ lệ quá hạn phải là số từ 0 đến 1") }
            thresholds.overdueShare = value
        }
        if let text = query.get("backlog") {
            guard let value = Int(text) else { throw AppError.invalid("backlog", "Ngưỡng tồn đọng phải là số nguyên") }
            thresholds.backlog = value
        }
        return try JSONBody.response(try await service.alerts(scope: query.get("scope"), from: query.get("from"), to: query.get("to"), thresholds: thresholds))
    }
}
