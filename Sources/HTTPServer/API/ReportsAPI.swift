import AppCore
import Domain
import Foundation
import Hummingbird

/// `/api/v1/reports/…`: the indicators and the service index. Public: aggregates hold no personal data,
/// and Resolution 268 asks for figures anyone can check.
struct ReportsAPI<Context: RequestContext> {
    let service: ReportService

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/reports/indicators", indicators),
            Route(.get, "api/v1/reports/service-index", serviceIndex),
        ]
    }

    @Sendable func indicators(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let parsed = try service.parse(
            scope: query.get("scope"), from: query.get("from"), to: query.get("to"), by: query.get("by"), perspective: query.get("perspective")
        )
        let report = try await service.indicators(parsed)
        switch query.get("format") ?? "json" {
        case "json": return try JSONBody.response(report)
        case "csv":
            let data = ReportTable(report).csv(bom: query.get("bom") == "true")
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"motcua-\(report.from)-\(report.to).csv\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        case let other: throw AppError.invalid("format", "Định dạng “\(other)” không hỗ trợ: dùng json hoặc csv")
        }
    }

    @Sendable func serviceIndex(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        return try JSONBody.response(try await service.serviceIndex(
            scope: query.get("scope"), from: query.get("from"), to: query.get("to"), by: query.get("by"),
            perspective: query.get("perspective"), version: query.get("version")
        ))
    }
}
