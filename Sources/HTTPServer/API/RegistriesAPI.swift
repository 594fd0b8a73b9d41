import AppCore
import Domain
import Foundation
import Hummingbird
import Registries
import Storage

/// `/api/v1/portal/…`, `/api/v1/population/…`, `/api/v1/registries/…`: the portal's push of filed
/// dossiers, population look-ups, and the operators' outbox.
struct RegistriesAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: RegistryService
    let identity: IdentityAPI<Context>
    /// The bearer token the portal sends with pushed dossiers; nil: push is off.
    let portalPushToken: String?

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/portal/dossiers", push),
            Route(.post, "api/v1/population/lookup", lookup),
            Route(.get, "api/v1/registries/outbox", outbox),
            Route(.post, "api/v1/registries/outbox/:id/retry", retry),
            Route(.post, "api/v1/registries/outbox/:id/discard", discard),
            Route(.get, "api/v1/registries/summary", summary),
        ]
    }

    @Sendable func push(_ request: Request, context: Context) async throws -> Response {
        guard let portalPushToken else { throw AppError.forbidden("Máy chủ này chưa bật nhận hồ sơ do Cổng Dịch vụ công quốc gia đẩy sang") }
        guard let given = request.headers[.authorization], DossierService.constantTimeEqual(given, "Bearer \(portalPushToken)") else {
            throw AppError.unauthenticated("Thiếu hoặc sai mã xác thực của Cổng Dịch vụ công quốc gia")
        }
        let filing = try await JSONBody.decode(PortalFiling.self, from: request, limit: 256 * 1024)
        return DossierAPI<Context>.response(try await service.accept(filing))
    }

    @Sendable func lookup(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let body = try await JSONBody.decode(PopulationLookupDTO.self, from: request, limit: 4 * 1024)
        let person = try await service.person(
            personalID: body.personalID, purpose: body.purpose, birthYear: body.birthYear, sex: body.sex, by: user,
            client: identity.client(request, context)
        )
        var response = try JSONBody.response(PopulationAnswerDTO(person: person, applicant: person.applicant))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func outbox(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let state = try query.get("state").map { text in
            guard let state = OutboxState(rawValue: text) else { throw AppError.invalid("state", "Trạng thái là pending, delivered, dead hoặc discarded") }
            return state
        }
        let system = try query.get("system").map { text in
            guard let system = ExternalSystem(rawValue: text), ExternalSystem.outgoing.contains(system) else {
                throw AppError.invalid("system", "Hệ thống là portal, civil-status, business hoặc notification")
            }
            return system
        }
        let after = try QueryFlag.integer(query.get("cursor"), field: "cursor")
        let limit = try QueryFlag.integer(query.get("limit"), field: "limit") ?? 100
        let rows = try await service.outbox(state: state, system: system, dossierCode: query.get("dossier"), afterID: after, limit: limit, by: user)
        return try JSONBody.response(OutboxPageDTO(
            items: rows.map(OutboxItemDTO.init), nextCursor: rows.count == limit ? rows.last.map { String($0.id) } : nil
        ))
    }

    @Sendable func retry(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        try await service.retry(id: try Self.id(context), by: user)
        return Response(status: .noContent)
    }

    @Sendable func discard(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        try await service.discard(id: try Self.id(context), by: user)
        return Response(status: .noContent)
    }

    @Sendable func summary(_ request: Request, context: Context) async throws -> Response {
        _ = try await identity.user(request)
        let summary = try await service.summary()
        return try JSONBody.response(OutboxSummaryDTO(
            items: summary.outbox,
            mismatches: summary.mismatches.map { MismatchDTO(system: $0.system, unitCode: $0.unitCode, mismatches: $0.mismatches, checkedAt: OutboxItemDTO.iso($0.checkedAt)) }
        ))
    }

    static func id(_ context: Context) throws -> Int {
        let text = try context.parameters.require("id")
        guard let id = Int(text), id > 0 else { throw AppError.invalid("id", "Mã thư chờ gửi phải là số nguyên dương") }
        return id
    }
}

struct PopulationLookupDTO: Decodable {
    var personalID: String
    var purpose: String?
    var birthYear: Int?
    var sex: Applicant.Sex?
}

struct PopulationAnswerDTO: Encodable {
    var person: PersonRecord
    /// The applicant it pre-fills.
    var applicant: Applicant
}

struct OutboxItemDTO: Encodable {
    var id: Int
    var system: ExternalSystem
    var dossierCode: String
    var unitCode: String
    var key: String
    var state: OutboxState
    var attempts: Int
    var lastError: String?
    var createdAt: String
    var deliveredAt: String?

    init(_ row: OutboxRow) {
        id = row.id
        system = row.message.system
        dossierCode = row.message.dossierCode
        unitCode = row.message.unitCode
        key = row.message.key
        state = row.state
        attempts = row.attempts
        lastError = row.lastError
        createdAt = Self.iso(row.createdAt)
        deliveredAt = row.deliveredAt.map(Self.iso)
    }

    static func iso(_ millis: Int) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

struct OutboxPageDTO: Encodable {
    var items: [OutboxItemDTO]
    var nextCursor: String?
}

struct OutboxSummaryDTO: Encodable {
    var items: [OutboxCount]
    var mismatches: [MismatchDTO]
}

struct MismatchDTO: Encodable {
    var system: ExternalSystem
    var unitCode: String
    var mismatches: Int
    var checkedAt: String
}
