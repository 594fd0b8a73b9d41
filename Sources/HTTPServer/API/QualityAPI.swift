import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/quality`: the data-quality report for a signed-in officer; the findings themselves (dossier
/// codes, masked personal IDs) only for those who may see the scope's dossiers.
struct QualityAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: DataQualityService
    let identity: IdentityAPI<Context>

    var routes: [Route<Context>] { [Route(.get, "api/v1/quality", report)] }

    @Sendable func report(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let scope = query.get("scope") ?? "nation"
        let province: String?
        if scope == "nation" {
            province = nil
        } else if scope.hasPrefix("province:"), scope.utf8.count == 11 {
            province = String(scope.dropFirst("province:".count))
        } else {
            throw AppError.invalid("scope", "Phạm vi phải là nation hoặc province:MM (mã tỉnh 2 chữ số)")
        }
        let place: Place = province.map { .province($0) } ?? .nation
        let format = query.get("format") ?? "json"
        guard ["json", "csv", "xlsx"].contains(format) else { throw AppError.invalid("format", "Định dạng phải là json, csv hoặc xlsx") }
        var report = try await service.report(provinceCode: province, by: query.get("by") ?? "province")
        if !AccessPolicy.decide(user.officer, .viewDossier, Resource(place: place)).isAllowed {
            report.findings = []
        }
        let name = "motcua-chat-luong-\(scope.replacingOccurrences(of: ":", with: "-"))"
        switch format {
        case "csv": return ReportsAPI<Context>.csv(DataQualityService.table(report), bom: try QueryFlag.bool(query.get("bom"), field: "bom", default: false), name: name)
        case "xlsx": return ReportsAPI<Context>.xlsx(try DataQualityService.workbook(report), name: name)
        default: return try JSONBody.response(report)
        }
    }
}
