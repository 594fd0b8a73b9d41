import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/bookkeeping/…`: the reform's bookkeeping. Totals are public like every aggregate; the cases
/// behind them (names masked) and every change need an account with the bookkeeping rights in scope.
struct BookkeepingAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: RedundancyService
    let identity: IdentityService

    static var importLimit: Int { 32 * 1024 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/bookkeeping/redundancy", tally),
            Route(.get, "api/v1/bookkeeping/redundancy/cases", cases),
            Route(.post, "api/v1/bookkeeping/redundancy/import", importCases),
            Route(.post, "api/v1/bookkeeping/redundancy/cases/:id/steps", step),
        ]
    }

    @Sendable func tally(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let grouping = try Self.grouping(query.get("by"))
        var asOf: LocalDate?
        if let text = query.get("asOf") {
            guard let date = LocalDate(iso: text) else { throw AppError.invalid("asOf", "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD") }
            asOf = date
        }
        let scope = query.get("scope") ?? "nation"
        let (total, rows) = try await service.tally(scope: scope, groupBy: grouping, asOf: asOf)
        return try JSONBody.response(RedundancyReportDTO(
            scope: scope, by: grouping.rawValue, total: RedundancyTallyDTO(total), rows: rows.map(RedundancyRowDTO.init)
        ))
    }

    @Sendable func cases(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.authenticate(token: try IdentityAPI<Context>.token(request))
        let query = request.uri.queryParameters
        let offset = try CatalogAPI<Context>.integer(query.get("cursor"), field: "cursor") ?? 0
        let limit = try CatalogAPI<Context>.integer(query.get("limit"), field: "limit") ?? 50
        let items = try await service.cases(scope: query.get("scope"), stage: query.get("stage"), offset: offset, limit: limit, by: user)
        return try JSONBody.response(RedundancyCasePageDTO(
            items: items.map(RedundancyCaseDTO.init), nextCursor: items.count == limit ? String(offset + limit) : nil
        ))
    }

    @Sendable func importCases(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.authenticate(token: try IdentityAPI<Context>.token(request))
        let bytes = try await JSONBody.collect(request, limit: Self.importLimit)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw AppError.invalid("body", "Tệp CSV phải mã hoá UTF-8")
        }
        let summary = try await service.importCases(csv: text, by: user, source: "api:\(user.username)")
        return try JSONBody.response(RedundancyImportDTO(inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged))
    }

    @Sendable func step(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.authenticate(token: try IdentityAPI<Context>.token(request))
        let id = try context.parameters.require("id")
        let body = try await JSONBody.decode(RedundancyStepDTO.self, from: request, limit: 16 * 1024)
        guard let stage = RedundancyCase.Stage(rawValue: body.stage), stage != .decided else {
            throw AppError.invalid("/stage", "Bước “\(body.stage)” không hợp lệ; dùng requested, approved hoặc paid")
        }
        guard let on = LocalDate(iso: body.on) else { throw AppError.invalid("/on", "Ngày “\(body.on)” không hợp lệ; dùng dạng YYYY-MM-DD") }
        let updated = try await service.advance(id: id, to: stage, dong: body.amount, on: on, by: user)
        return try JSONBody.response(RedundancyCaseDTO(updated))
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
