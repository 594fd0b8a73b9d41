import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/imports/…`: dossiers of pre-reform one-stop systems (for a province or system
/// administrator), and the review queue of split old communes (for an officer of a candidate commune).
struct ImportAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: LegacyImportService
    let identity: IdentityAPI<Context>

    static var importLimit: Int { 256 * 1024 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/imports/dossiers", importDossiers),
            Route(.get, "api/v1/imports/reviews", reviews),
            Route(.post, "api/v1/imports/reviews/:system/:code", resolve),
        ]
    }

    @Sendable func importDossiers(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        guard !user.roles.isDisjoint(with: AccessPolicy.roles(for: .importDossiers)) else {
            throw AppError.forbidden("Chỉ quản trị tỉnh hoặc quản trị hệ thống được chuyển hồ sơ từ hệ thống cũ")
        }
        if let type = request.headers[.contentType]?.lowercased(), !["json", "csv", "text/plain"].contains(where: type.contains) {
            throw RequestError.unsupportedMediaType(type)
        }
        let bytes: [UInt8]
        do {
            bytes = Array(try await request.body.collect(upTo: Self.importLimit).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError.tooLarge(limit: Self.importLimit)
        }
        guard !bytes.allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else { throw RequestError.emptyBody }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw RequestError.invalidUTF8 }
        let dryRun = request.uri.queryParameters.get("dryRun").map { ["true", "1", "yes"].contains($0) } ?? false
        let report = try await service.importFile(bytes, dryRun: dryRun, by: user)
        return try JSONBody.response(report)
    }

    @Sendable func reviews(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let limit = try CatalogAPI<Context>.integer(query.get("limit"), field: "limit") ?? 50
        var after: (system: String, code: String)?
        if let cursor = query.get("after") {
            let parts = cursor.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw AppError.invalid("after", "Con trỏ phải là “hệ thống mã” của dòng cuối trang trước") }
            after = (parts[0], parts[1])
        }
        let items = try await service.reviews(
            by: user, provinceCode: query.get("province"), resolved: query.get("resolved") == "true", after: after, limit: limit
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
