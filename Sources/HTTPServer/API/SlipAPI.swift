import AppCore
import Domain
import Foundation
import Hummingbird
import Storage
import WebViews

/// Printable papers: `/api/v1/dossiers/{code}/slips/{kind}` and `/api/v1/tracking-book`, as JSON or,
/// with `?format=html` or `Accept: text/html`, as a page to print.
struct SlipAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: DossierService
    let identity: IdentityAPI<Context>

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/dossiers/:code/slips/:kind", slip),
            Route(.get, "api/v1/tracking-book", book),
        ]
    }

    static func wantsHTML(_ request: Request) throws -> Bool {
        switch request.uri.queryParameters.get("format") {
        case "html": return true
        case "json": return false
        case nil: return request.headers[.accept]?.contains("text/html") == true
        case let other?: throw AppError.invalid("format", "Định dạng “\(other)” không hợp lệ; dùng json hoặc html")
        }
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "private, no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    @Sendable func slip(_ request: Request, context: Context) async throws -> Response {
        let signedIn = request.headers[.authorization] != nil || request.cookies[IdentityAPI<Context>.sessionCookie] != nil
        let user = signedIn ? try await identity.user(request) : nil
        let slip = try await service.slip(
            code: try context.parameters.require("code"), kind: try context.parameters.require("kind"), by: user,
            secret: request.headers[DossierAPI<Context>.secretHeader]
        )
        return try Self.wantsHTML(request) ? Self.html(SlipPage.render(slip)) : JSONBody.response(slip)
    }

    @Sendable func book(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let book = try await service.trackingBook(agencyCode: query.get("agency"), from: query.get("from"), to: query.get("to"), by: user)
        let dateline = "ngày \(VietnameseFormat.date(LocalDate(vietnamTimeOf: Date().timeIntervalSince1970)))"
        return try Self.wantsHTML(request) ? Self.html(SlipPage.render(book, dateline: dateline)) : JSONBody.response(book)
    }
}
