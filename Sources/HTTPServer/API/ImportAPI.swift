import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/imports/…`: dossiers of pre-reform one-stop systems (for a province or system
/// administrator), and the review queue of split old communes (for an officer of a candidate commune).
struct ImportAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: LegacyImportService
    let addresses: AddressUpdateService
    let identity: IdentityAPI<Context>

    static var importLimit: Int { 256 * 1024 * 1024 }

    /// `?dryRun=true` (or 1, yes): check and count, write nothing.
    static func dryRun(_ text: String?) throws(AppError) -> Bool { try QueryFlag.bool(text, field: "dryRun", default: false) }

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/imports/dossiers", importDossiers),
            Route(.get, "api/v1/imports/reviews", reviews),
            Route(.post, "api/v1/imports/reviews/:system/:code", resolve),
            Route(.post, "api/v1/imports/address-updates", updateAddresses),
            Route(.get, "api/v1/imports/address-updates", addressUpdates),
            Route(.post, "api/v1/imports/address-updates/:kind/:subject", resolveAddress),
        ]
    }

    /// The address job over a province (a province administrator) or the nation (a system administrator).
    @Sendable func updateAddresses(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let province = query.get("province")
        try IdentityService.requireCode(province, field: "province", levels: [.province])
        let place: Place = province.map { .province($0) } ?? .nation
        if case .deny(let reason, _) = AccessPolicy.decide(user.officer, .importDossiers, Resource(place: place)) { throw AppError.forbidden(reason) }
        let dryRun = try Self.dryRun(query.get("dryRun"))
        return try JSONBody.response(try await addresses.run(provinceCode: province, dryRun: dryRun))
    }

    @Sendable func addressUpdates(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        guard let state = AddressUpdate.State(rawValue: query.get("state") ?? "review") else {
            throw AppError.invalid("state", "Trạng thái phải là review, converted hoặc resolved")
        }
        let province = query.get("province") ?? (user.roles.contains(.sysadmin) ? nil : user.provinceCode)
        let items = try await addresses.pending(state: state, provinceCode: province, by: user)
        return try JSONBody.response(["items": items.map(AddressUpdateDTO.init)])
    }

    @Sendable func resolveAddress(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        guard let kind = AddressUpdate.Kind(rawValue: try context.parameters.require("kind")) else {
            throw AppError.invalid("kind", "Loại phải là applicant hoặc facility")
        }
        let body = try await JSONBody.decode(AddressChoiceDTO.self, from: request, limit: 16 * 1024)
        try await addresses.resolve(kind: kind, subject: try context.parameters.require("subject"), choice: body.choice, by: user)
        return Response(status: .noContent)
    }

    @Sendable func importDossiers(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        guard !user.roles.isDisjoint(with: AccessPolicy.roles(for: .importDossiers)) else {
            throw AppError.forbidden("Chỉ quản trị tỉnh hoặc quản trị hệ thống được chuyển hồ sơ từ hệ thống cũ")
        }
        let bytes = try await JSONBody.collect(request, limit: Self.importLimit, accepting: JSONBody.fileTypes)
        guard !bytes.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { throw RequestError.emptyBody }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw RequestError.invalidUTF8 }
        let dryRun = try Self.dryRun(request.uri.queryParameters.get("dryRun"))
        let report = try await service.importFile(bytes, dryRun: dryRun, by: user)
        return try JSONBody.response(report)
    }

    @Sendable func reviews(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let limit = try QueryFlag.integer(query.get("limit"), field: "limit") ?? 50
        var after: (system: String, code: String)?
        if let cursor = query.get("after") {
            let parts = cursor.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw AppError.invalid("after", "Con trỏ phải là “hệ thống mã” của dòng cuối trang trước") }
            after = (parts[0], parts[1])
        }
        let items = try await service.reviews(
            by: user, provinceCode: query.get("province"), resolved: try QueryFlag.bool(query.get("resolved"), field: "resolved", default: false), after: after, limit: limit
        )
        return try JSONBody.response(ReviewPageDTO(
            items: items, nextCursor: items.count == limit ? items.last.map { "\($0.sourceSystem) \($0.originalCode)" } : nil
        ))
    }

    @Sendable func resolve(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let body = try await JSONBody.decode(ReviewChoiceDTO.self, from: request, limit: 64 * 1024)
        let code = try await service.resolve(
            sourceSystem: try context.parameters.require("system"), originalCode: try context.parameters.require("code"),
            choices: body.choices, by: user
        )
        return try JSONBody.response(["dossierCode": code], status: .created)
    }
}

struct ReviewPageDTO: Encodable {
    var items: [LegacyImportService.ReviewView]
    var nextCursor: String?
}

struct ReviewChoiceDTO: Decodable {
    /// Old code → the successor the officer picked.
    var choices: [String: String]
}

struct AddressChoiceDTO: Decodable {
    var choice: String
}

struct AddressUpdateDTO: Encodable {
    var kind: String
    var subject: String
    var provinceCode: String
    var oldCode: String
    var newCode: String?
    var candidates: [String]
    var address: String?
    var state: String
    var at: Instant
    var actor: String

    init(_ item: AddressUpdate) {
        kind = item.kind.rawValue
        subject = item.subject
        provinceCode = item.provinceCode
        oldCode = item.oldCode
        newCode = item.newCode
        candidates = item.candidates
        address = item.address
        state = item.state.rawValue
        at = item.at
        actor = item.actor
    }
}
