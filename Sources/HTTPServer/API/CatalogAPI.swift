import AppCore
import Domain
import Foundation
import Hummingbird
import Storage

/// `/api/v1/procedures…` and `/api/v1/catalog/…`: search, show, import and export the catalogue.
struct CatalogAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: CatalogService
    let identity: IdentityService

    static var importLimit: Int { 16 * 1024 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/procedures", list),
            Route(.get, "api/v1/procedures/:code", show),
            Route(.get, "api/v1/catalog/export", export),
            Route(.post, "api/v1/catalog/import", importCatalog),
        ]
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let offset = try QueryFlag.integer(query.get("cursor"), field: "cursor") ?? 0
        let limit = try QueryFlag.integer(query.get("limit"), field: "limit") ?? 50
        let items = try await service.search(
            text: query.get("q"), level: query.get("level"), field: query.get("field"), at: query.get("at"), offset: offset, limit: limit
        )
        return try JSONBody.response(ProcedurePageDTO(items: items, nextCursor: items.count == limit ? String(offset + limit) : nil))
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        return try JSONBody.response(ProcedureVersionsDTO(code: code, versions: try await service.versions(code: code)))
    }

    @Sendable func export(_ request: Request, context: Context) async throws -> Response {
        let format = try Self.format(request.uri.queryParameters.get("format"))
        let data = try await service.export(format: format)
        let type = format == .json ? "application/json; charset=utf-8" : "text/csv; charset=utf-8"
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"catalog.\(format.rawValue)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }

    @Sendable func importCatalog(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.authenticate(token: try IdentityAPI<Context>.token(request))
        let format = try Self.format(request.uri.queryParameters.get("format"))
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: Self.importLimit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError.tooLarge(limit: Self.importLimit)
        }
        let count = try await service.importCatalog(Data(bytes.readableBytesView), format: format, by: user)
        return try JSONBody.response(ImportResultDTO(imported: count))
    }

    static func format(_ text: String?) throws -> CatalogService.Format {
        guard let format = CatalogService.Format(rawValue: text ?? "json") else {
            throw AppError.invalid("format", "Định dạng phải là json hoặc csv")
        }
        return format
    }
}

struct ProcedurePageDTO: Encodable {
    var items: [ProcedureVersion]
    var nextCursor: String?
}

struct ProcedureVersionsDTO: Encodable {
    var code: String
    var versions: [ProcedureVersion]
}

struct ImportResultDTO: Encodable {
    var imported: Int
}
