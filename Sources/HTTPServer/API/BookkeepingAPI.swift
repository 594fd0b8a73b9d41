import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/bookkeeping/…`: the reform's bookkeeping. Totals are public like every aggregate; the cases
/// behind them (names masked) and every change need an account with the bookkeeping rights in scope.
struct BookkeepingAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: RedundancyService
    let staffing: StaffingService
    let secondments: SecondmentService
    let facilities: FacilityService
    let obstacles: ObstacleService
    let agencies: AgencyReport
    let publicServiceUnits: PublicServiceUnitService
    let export: BookkeepingExport
    let identity: IdentityAPI<Context>

    static var importLimit: Int { 32 * 1024 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/bookkeeping/redundancy", tally),
            Route(.get, "api/v1/bookkeeping/redundancy/cases", cases),
            Route(.post, "api/v1/bookkeeping/redundancy/import", importCases),
            Route(.post, "api/v1/bookkeeping/redundancy/cases/:id/steps", step),
            Route(.get, "api/v1/bookkeeping/staffing", staffingReport),
            Route(.get, "api/v1/bookkeeping/staffing/rotations", rotations),
            Route(.post, "api/v1/bookkeeping/staffing/import", importStaffing),
            Route(.get, "api/v1/bookkeeping/secondments", secondmentOverview),
            Route(.post, "api/v1/bookkeeping/secondments/requests", fileRequest),
            Route(.post, "api/v1/bookkeeping/secondments/offers", offer),
            Route(.post, "api/v1/bookkeeping/secondments/match", match),
            Route(.get, "api/v1/bookkeeping/facilities", facilityReport),
            Route(.post, "api/v1/bookkeeping/facilities/import", importFacilities),
            Route(.get, "api/v1/bookkeeping/agencies", agencyReport),
            Route(.get, "api/v1/bookkeeping/public-service-units", publicServiceUnitReport),
            Route(.post, "api/v1/bookkeeping/public-service-units/import", importPublicServiceUnits),
            Route(.get, "api/v1/bookkeeping/export/:kind", exportReport),
            Route(.get, "api/v1/bookkeeping/obstacles", obstacleReport),
            Route(.post, "api/v1/bookkeeping/obstacles", raiseObstacle),
            Route(.post, "api/v1/bookkeeping/obstacles/:id/actions", actOnObstacle),
        ]
    }

    @Sendable func tally(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let grouping = try Self.grouping(query.get("by"))
        let asOf = try Self.asOf(query.get("asOf"))
        let scope = query.get("scope") ?? "nation"
        let (total, rows) = try await service.tally(scope: scope, groupBy: grouping, asOf: asOf)
        return try JSONBody.response(RedundancyReportDTO(
            scope: scope, by: grouping.rawValue, total: RedundancyTallyDTO(total), rows: rows.map(RedundancyRowDTO.init)
        ))
    }

    @Sendable func cases(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let offset = try QueryFlag.integer(query.get("cursor"), field: "cursor") ?? 0
        let limit = try QueryFlag.integer(query.get("limit"), field: "limit") ?? 50
        let items = try await service.cases(scope: query.get("scope"), stage: query.get("stage"), offset: offset, limit: limit, by: user)
        if !items.isEmpty { try await logRegisterAccess(by: user, scope: query.get("scope") ?? "nation", action: "list", request, context) }
        return try JSONBody.response(RedundancyCasePageDTO(
            items: items.map(RedundancyCaseDTO.init), nextCursor: items.count == limit ? String(offset + limit) : nil
        ))
    }

    @Sendable func importCases(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let text = try await Self.csv(request)
        let summary = try await service.importCases(csv: text, by: user, source: "api:\(user.username)")
        return try JSONBody.response(RedundancyImportDTO(inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged))
    }

    @Sendable func step(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(RedundancyStepDTO.self, from: request, limit: 16 * 1024)
        guard let stage = RedundancyCase.Stage(rawValue: body.stage), stage != .decided else {
            throw AppError.invalid("/stage", "Bước “\(body.stage)” không hợp lệ; dùng requested, approved hoặc paid")
        }
        guard let on = LocalDate(iso: body.on) else { throw AppError.invalid("/on", "Ngày “\(body.on)” không hợp lệ; dùng dạng YYYY-MM-DD") }
        let updated = try await service.advance(id: id, to: stage, dong: body.amount, on: on, by: user)
        return try JSONBody.response(RedundancyCaseDTO(updated))
    }

    @Sendable func staffingReport(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let text = query.get("by") ?? "unit"
        guard let grouping = StaffingService.Grouping(rawValue: text) else {
            throw AppError.invalid("by", "Nhóm theo “\(text)” không hợp lệ; dùng " + StaffingService.Grouping.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let scope = query.get("scope") ?? "nation"
        let (total, rows) = try await staffing.gaps(scope: scope, groupBy: grouping)
        return try JSONBody.response(StaffingReportDTO(scope: scope, by: grouping.rawValue, total: StaffingRowDTO(total), rows: rows.map(StaffingRowDTO.init)))
    }

    @Sendable func rotations(_ request: Request, context: Context) async throws -> Response {
        let scope = request.uri.queryParameters.get("scope") ?? "nation"
        return try JSONBody.response(RotationsDTO(scope: scope, rotations: try await staffing.rotations(scope: scope)))
    }

    @Sendable func importStaffing(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let text = try await Self.csv(request)
        return try JSONBody.response(ImportResultDTO(imported: try await staffing.importCSV(text, by: user)))
    }

    @Sendable func secondmentOverview(_ request: Request, context: Context) async throws -> Response {
        let scope = request.uri.queryParameters.get("scope") ?? "nation"
        let overview = try await secondments.overview(scope: scope)
        return try JSONBody.response(SecondmentsDTO(
            scope: scope, requests: overview.requests, offers: overview.offers, assignments: overview.assignments,
            unmet: overview.report.unmet, overlapping: overview.report.overlapping, idle: overview.report.idle
        ))
    }

    @Sendable func fileRequest(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let body = try await JSONBody.decode(SupportRequestDTO.self, from: request, limit: 16 * 1024)
        let filed = try await secondments.fileRequest(
            unitCode: body.unitCode, problem: body.problem, skill: body.skill, headcount: body.headcount, from: body.from, days: body.days, by: user
        )
        return try JSONBody.response(filed, status: .created)
    }

    @Sendable func offer(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let body = try await JSONBody.decode(StaffOfferDTO.self, from: request, limit: 16 * 1024)
        let offered = try await secondments.offer(
            body: body.body, provinceCode: body.provinceCode, skill: body.skill, people: body.people, from: body.availableFrom,
            to: body.availableTo, by: user
        )
        return try JSONBody.response(offered, status: .created)
    }

    @Sendable func match(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let apply = try QueryFlag.bool(query.get("apply"), field: "apply", default: false)
        let scope = query.get("scope") ?? "nation"
        return try JSONBody.response(MatchDTO(scope: scope, applied: apply, assignments: try await secondments.match(scope: scope, apply: apply, by: user)))
    }

    @Sendable func facilityReport(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let asOf = try Self.asOf(query.get("asOf"))
        let scope = query.get("scope") ?? "nation"
        return try JSONBody.response(FacilityReportDTO(scope: scope, try await facilities.report(scope: scope, asOf: asOf)))
    }

    @Sendable func importFacilities(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let text = try await Self.csv(request)
        return try JSONBody.response(ImportResultDTO(imported: try await facilities.importCSV(text, by: user)))
    }

    @Sendable func agencyReport(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let scope = query.get("scope") ?? "nation"
        let byUnit = query.get("by") == "unit"
        guard [nil, "unit", "province"].contains(query.get("by")) else { throw AppError.invalid("by", "Nhóm theo province hoặc unit") }
        let (total, rows) = try await agencies.counts(scope: scope, byUnit: byUnit)
        func named(_ counts: [AgencyKind: Int]) -> [String: Int] { Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }) }
        return try JSONBody.response(AgencyReportDTO(
            scope: scope, total: named(total), rows: rows.map { AgencyReportDTO.Row(code: $0.code, name: $0.name, counts: named($0.counts)) }
        ))
    }

    @Sendable func publicServiceUnitReport(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let text = query.get("by") ?? "province"
        guard let grouping = PublicServiceUnitService.Grouping(rawValue: text) else {
            throw AppError.invalid("by", "Nhóm theo “\(text)” không hợp lệ; dùng " + PublicServiceUnitService.Grouping.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let scope = query.get("scope") ?? "nation"
        let report = try await publicServiceUnits.report(scope: scope, groupBy: grouping, asOf: try Self.asOf(query.get("asOf")))
        return try JSONBody.response(PublicServiceUnitReportDTO(
            scope: scope, by: grouping.rawValue, total: .init(report.total), rows: report.rows.map(PublicServiceUnitReportDTO.Row.init),
            overdue: report.overdue
        ))
    }

    @Sendable func importPublicServiceUnits(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let summary = try await publicServiceUnits.importCSV(try await Self.csv(request), by: user)
        return try JSONBody.response(RedundancyImportDTO(inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged))
    }

    /// A read of the redundancy register (names, masked or not, of people leaving) goes into the access log.
    func logRegisterAccess(by user: UserRecord, scope: String, action: String, _ request: Request, _ context: Context) async throws {
        try await identity.service.logAccess(
            by: user, action: action, resource: "redundancy-register/\(scope)", subject: scope, fields: ["personName"],
            purpose: "bookkeeping", client: identity.client(request, context)
        )
    }

    /// Any bookkeeping report as the command line prints it: JSON (every table), CSV (one table) or a
    /// workbook. The redundancy register needs a signed-in reader with bookkeeping rights, and every
    /// export of it is logged as access to personal data.
    @Sendable func exportReport(_ request: Request, context: Context) async throws -> Response {
        let text = try context.parameters.require("kind")
        guard let kind = BookkeepingExport.Kind(rawValue: text) else {
            throw AppError.notFound(what: "báo cáo", code: text)
        }
        let query = request.uri.queryParameters
        let formatText = query.get("format") ?? "json"
        guard let format = BookkeepingExport.Format(rawValue: formatText), format != .table else {
            throw AppError.invalid("format", "Định dạng “\(formatText)” không hỗ trợ: dùng json, csv hoặc xlsx")
        }
        let sheet = try QueryFlag.integer(query.get("sheet"), field: "sheet")
        // A sheet is one table of a CSV export; JSON and XLSX carry them all.
        if sheet != nil, format != .csv { throw AppError.invalid("sheet", "“sheet” chỉ dùng với format=csv") }
        let scope = query.get("scope") ?? "nation"
        var reader: UserRecord?
        if kind == .redundancyCases || request.headers[.authorization] != nil { reader = try await identity.user(request) }
        let sheets = try await export.sheets(kind, scope: scope, by: query.get("by"), asOf: try Self.asOf(query.get("asOf")), reader: .caller(reader))
        if kind == .redundancyCases, let reader { try await logRegisterAccess(by: reader, scope: scope, action: "export", request, context) }
        let data = try export.render(sheets, kind: kind, scope: scope, format: format, sheet: sheet, bom: try QueryFlag.bool(query.get("bom"), field: "bom", default: false))
        let name = BookkeepingExport.fileName(kind, scope: scope)
        switch format {
        case .xlsx: return ReportsAPI<Context>.xlsx(data, name: name)
        case .csv: return ReportsAPI<Context>.csv(data, name: name)
        default:
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    @Sendable func obstacleReport(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let asOf = try Self.asOf(query.get("asOf"))
        let scope = query.get("scope") ?? "nation"
        let report = try await obstacles.report(scope: scope, asOf: asOf)
        return try JSONBody.response(ObstacleReportDTO(
            scope: scope, total: report.total, byField: Dictionary(uniqueKeysWithValues: report.byField.map { ($0.key.rawValue, $0.value) }),
            byBody: report.byBody, obstacles: report.obstacles
        ))
    }

    @Sendable func raiseObstacle(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let body = try await JSONBody.decode(RaiseObstacleDTO.self, from: request, limit: 32 * 1024)
        let raised = try await obstacles.raise(
            unitCode: body.unitCode, field: body.field, description: body.description, legalBasis: body.legalBasis, body: body.body,
            level: body.level, deadline: body.deadline, by: user
        )
        return try JSONBody.response(raised, status: .created)
    }

    @Sendable func actOnObstacle(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(ObstacleActionDTO.self, from: request, limit: 32 * 1024)
        let updated: Obstacle
        switch body.action {
        case "escalate":
            updated = try await obstacles.act(id: id, escalateTo: body.body, level: body.level, deadline: body.deadline, reason: body.reason,
                                              resolution: nil, by: user)
        case "resolve":
            guard let resolution = body.resolution else { throw AppError.invalid("/resolution", "Cần nội dung giải quyết") }
            updated = try await obstacles.act(id: id, escalateTo: nil, level: nil, deadline: nil, reason: nil, resolution: resolution, by: user)
        default:
            throw AppError.invalid("/action", "Thao tác “\(body.action)” không hợp lệ; dùng escalate hoặc resolve")
        }
        return try JSONBody.response(updated)
    }

    /// The day of an `asOf` parameter, nil when absent.
    static func asOf(_ text: String?) throws -> LocalDate? {
        guard let text else { return nil }
        guard let date = LocalDate(iso: text) else { throw AppError.invalid("asOf", "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD") }
        return date
    }

    /// An uploaded register: the body as UTF-8 text, within the import limit.
    static func csv(_ request: Request) async throws -> String {
        // CSV as documented (text/csv); JSON or no type as before.
        let bytes = try await JSONBody.collect(request, limit: importLimit, accepting: JSONBody.fileTypes)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw AppError.invalid("body", "Tệp CSV phải mã hoá UTF-8") }
        return text
    }

    static func grouping(_ text: String?) throws -> RedundancyGrouping {
        guard let grouping = RedundancyGrouping(rawValue: text ?? "province") else {
            throw AppError.invalid("by", "Nhóm theo “\(text ?? "")” không hợp lệ; dùng none, province hoặc unit")
        }
        return grouping
    }
}

struct RedundancyTallyDTO: Encodable {
    var decisions: Int
    var fundingRequested: Int
    var approved: Int
    var paid: Int
    var requestedDong: Int
    var approvedDong: Int
    var paidDong: Int
    /// Cases not yet paid by stage: counts waiting 0–30, 31–60, 61–90 and over 90 days.
    var waiting: [String: [Int]]
    var waitingOver90Days: Int

    init(_ tally: RedundancyTally) {
        decisions = tally.decisions
        fundingRequested = tally.fundingRequested
        approved = tally.approved
        paid = tally.paid
        requestedDong = tally.requestedDong
        approvedDong = tally.approvedDong
        paidDong = tally.paidDong
        waiting = Dictionary(uniqueKeysWithValues: tally.waiting.map { ($0.key.rawValue, $0.value) })
        waitingOver90Days = tally.waitingLong
    }
}

struct RedundancyRowDTO: Encodable {
    var code: String
    var name: String
    var tally: RedundancyTallyDTO

    init(_ row: RedundancyService.Row) {
        code = row.code
        name = row.name
        tally = RedundancyTallyDTO(row.tally)
    }
}

struct RedundancyReportDTO: Encodable {
    var scope: String
    var by: String
    var total: RedundancyTallyDTO
    var rows: [RedundancyRowDTO]
}

struct RedundancyCaseDTO: Encodable {
    var id: String
    var provinceCode: String
    var unitCode: String
    var personName: String
    var category: String
    var decisionNumber: String
    var decisionDate: String
    var stage: String
    var stageSince: String
    var requested: RedundancyCase.Amount?
    var approved: RedundancyCase.Amount?
    var paid: RedundancyCase.Amount?

    init(_ item: RedundancyCase) {
        id = item.id
        provinceCode = item.provinceCode
        unitCode = item.unitCode
        personName = item.personName
        category = item.category.rawValue
        decisionNumber = item.decisionNumber
        decisionDate = item.decisionDate.description
        stage = item.stage.rawValue
        stageSince = item.stageSince.description
        requested = item.requested
        approved = item.approved
        paid = item.paid
    }
}

struct RedundancyCasePageDTO: Encodable {
    var items: [RedundancyCaseDTO]
    var nextCursor: String?
}

struct RedundancyImportDTO: Encodable {
    var inserted: Int
    var updated: Int
    var unchanged: Int
}

struct RedundancyStepDTO: Decodable {
    var stage: String
    var amount: Int
    var on: String
}

struct StaffingRowDTO: Encodable {
    var code: String
    var name: String
    var quota: Int
    var people: Int
    var partTime: Int
    var surplus: Int
    var shortage: Int

    init(_ row: StaffingService.Row) {
        code = row.code
        name = row.name
        quota = row.quota
        people = row.people
        partTime = row.partTime
        surplus = row.surplus
        shortage = row.shortage
    }
}

struct StaffingReportDTO: Encodable {
    var scope: String
    var by: String
    var total: StaffingRowDTO
    var rows: [StaffingRowDTO]
}

struct RotationsDTO: Encodable {
    var scope: String
    var rotations: [StaffingRules.Rotation]
}

struct SecondmentsDTO: Encodable {
    var scope: String
    var requests: [SupportRequest]
    var offers: [StaffOffer]
    var assignments: [Assignment]
    var unmet: [String: Int]
    var overlapping: [String: [String]]
    var idle: [String: Int]
}

struct SupportRequestDTO: Decodable {
    var unitCode: String
    var problem: String
    var skill: String
    var headcount: Int
    var from: String
    var days: Int
}

struct StaffOfferDTO: Decodable {
    var body: String
    var provinceCode: String?
    var skill: String
    var people: Int
    var availableFrom: String
    var availableTo: String
}

struct MatchDTO: Encodable {
    var scope: String
    var applied: Bool
    var assignments: [Assignment]
}

struct FacilityReportDTO: Encodable {
    struct Equipment: Encodable {
        var kind: String
        var have: Int
        var needed: Int
        var surplus: Int
        var shortage: Int
    }

    struct Attention: Encodable {
        var facility: Facility
        var why: String
    }

    var scope: String
    var facilities: Int
    var surplus: Int
    var surplusAreaSquareMetres: Int
    var surplusByPlannedUse: [String: Int]
    var converted: Int
    var attention: [Attention]
    var equipment: [Equipment]
    var unitsShortOfEquipment: [String: [String: Int]]

    init(scope: String, _ report: FacilityService.Report) {
        self.scope = scope
        facilities = report.facilities
        surplus = report.surplus
        surplusAreaSquareMetres = report.surplusArea
        surplusByPlannedUse = Dictionary(uniqueKeysWithValues: report.byUse.map { ($0.key.isEmpty ? "none" : $0.key, $0.value) })
        converted = report.converted
        attention = report.attention.map { Attention(facility: $0.facility, why: $0.why.rawValue) }
        equipment = EquipmentCount.Kind.allCases.compactMap { kind in
            report.equipment[kind].map { Equipment(kind: kind.rawValue, have: $0.have, needed: $0.needed, surplus: $0.surplus, shortage: $0.shortage) }
        }
        unitsShortOfEquipment = report.shortUnits.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0.key.rawValue, $0.value) }) }
    }
}

struct ObstacleReportDTO: Encodable {
    var scope: String
    var total: ObstacleService.Counts
    var byField: [String: ObstacleService.Counts]
    var byBody: [String: ObstacleService.Counts]
    var obstacles: [Obstacle]
}

struct RaiseObstacleDTO: Decodable {
    var unitCode: String
    var field: String
    var description: String
    var legalBasis: String?
    var body: String
    var level: String
    var deadline: String
}

struct ObstacleActionDTO: Decodable {
    var action: String
    var body: String?
    var level: String?
    var deadline: String?
    var reason: String?
    var resolution: String?
}

struct AgencyReportDTO: Encodable {
    struct Row: Encodable {
        var code: String
        var name: String
        var counts: [String: Int]
    }

    var scope: String
    var total: [String: Int]
    var rows: [Row]
}

struct PublicServiceUnitReportDTO: Encodable {
    struct Row: Encodable {
        var code: String
        var name: String
        var units: Int
        var staff: Int
        var reviews: [String: Int]
        var decided: Int
        var overdue: Int

        init(_ row: PublicServiceUnitService.Row) {
            code = row.code
            name = row.name
            units = row.units
            staff = row.staff
            reviews = Dictionary(uniqueKeysWithValues: row.reviews.map { ($0.key.rawValue, $0.value) })
            decided = row.decided
            overdue = row.overdue
        }
    }

    var scope: String
    var by: String
    var total: Row
    var rows: [Row]
    var overdue: [PublicServiceUnit]
}
