import AppCore
import Foundation
import Hummingbird

/// `/api/v1/code-lists…`: the open code lists, public, as JSON or CSV, each with its version (also the
/// ETag, so that a system polling for changes gets 304 while nothing changed).
struct CodeListAPI<Context: RequestContext> {
    let service: CodeLists

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/code-lists", index),
            Route(.get, "api/v1/code-lists/:name", list),
        ]
    }

    @Sendable func index(_ request: Request, context: Context) async throws -> Response {
        var items: [CodeListSummaryDTO] = []
        for (name, _) in CodeLists.names {
            let list = try await service.list(name)
            items.append(CodeListSummaryDTO(
                name: name, title: list.title, version: list.version, rows: list.rows.count,
                json: "/api/v1/code-lists/\(name)", csv: "/api/v1/code-lists/\(name)?format=csv"
            ))
        }
        return try JSONBody.response(["items": items])
    }

    @Sendable func list(_ request: Request, context: Context) async throws -> Response {
        let list = try await service.list(try context.parameters.require("name"))
        let query = request.uri.queryParameters
        let format = query.get("format") ?? "json"
        guard ["json", "csv"].contains(format) else { throw AppError.invalid("format", "Định dạng phải là json hoặc csv") }
        let etag = "\"\(list.version)-\(format)\""
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: [.eTag: etag]) }
        var response = format == "csv"
            ? ReportsAPI<Context>.csv(list.csv(bom: try QueryFlag.bool(query.get("bom"), field: "bom", default: false)), name: "motcua-\(list.name)-\(list.version)")
            : try JSONBody.response(CodeListDTO(
                name: list.name, title: list.title, version: list.version, columns: list.columns,
                items: list.rows.map { Dictionary(uniqueKeysWithValues: zip(list.columns, $0)) }
            ))
        response.headers[.eTag] = etag
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }
}

struct CodeListSummaryDTO: Encodable {
    var name: String
    var title: String
    var version: String
    var rows: Int
    var json: String
    var csv: String
}

struct CodeListDTO: Encodable {
    var name: String
    var title: String
    var version: String
    var columns: [String]
    var items: [[String: String]]
}
