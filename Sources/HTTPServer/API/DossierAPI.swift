import AppCore
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// `/api/v1/dossiers…` and `/api/v1/lookup`: file, act on, read and look up dossiers.
struct DossierAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: DossierService
    let identity: IdentityAPI<Context>
    let lookupLimiter: RateLimiter

    static var bodyLimit: Int { 256 * 1024 }
    static var idempotencyHeader: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }
    static var secretHeader: HTTPField.Name { HTTPField.Name("X-Lookup-Secret")! }
    static var replayedHeader: HTTPField.Name { HTTPField.Name("Idempotent-Replayed")! }

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/dossiers", create),
            Route(.get, "api/v1/dossiers", queue),
            Route(.get, "api/v1/dossiers/:code", show),
            Route(.get, "api/v1/dossiers/:code/events", events),
            Route(.get, "api/v1/dossiers/:code/applicant", applicant),
            Route(.post, "api/v1/dossiers/:code/commands", command),
            Route(.post, "api/v1/lookup", lookup),
        ]
    }

    /// Signed-in officer, or nil when the request carries no credentials at all (the applicant).
    func optionalUser(_ request: Request) async throws -> UserRecord? {
        guard request.headers[.authorization] != nil || request.cookies[IdentityAPI<Context>.sessionCookie] != nil else { return nil }
        return try await identity.user(request)
    }

    /// The Idempotency-Key and the fingerprint of what it was sent with: the request as decoded and
    /// re-encoded with sorted keys, so that a retry differing only in key order or spacing is the same.
    static func idempotency(_ request: Request, body: some Encodable) throws -> IdempotencyInput? {
        guard let key = request.headers[idempotencyHeader] else { return nil }
        return try idempotency(key: key, path: "\(request.method.rawValue) \(request.uri.path)", body: body)
    }

    /// The same for a key from elsewhere (a page form's one-time token) and what it was sent to.
    static func idempotency(key: String, path: String, body: some Encodable) throws -> IdempotencyInput {
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw AppError.invalid("Idempotency-Key", "Idempotency-Key: 1–200 ký tự ASCII in được, không có khoảng trắng")
        }
        var hasher = SHA256()
        hasher.update(data: Data("\(path)\n".utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(data: try encoder.encode(body))
        return IdempotencyInput(key: key, fingerprint: Hex.string(hasher.finalize()))
    }

    static func response(_ answer: DossierAnswer) -> Response {
        var response = Response(
            status: .init(code: answer.status), headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body))
        )
        if let version = answer.version { response.headers[.eTag] = "\"\(version)\"" }
        if answer.status == 201, let code = answer.code { response.headers[.location] = "/api/v1/dossiers/\(code)" }
        if answer.replayed { response.headers[replayedHeader] = "true" }
        return response
    }

    /// `If-Match: "7"` (or `W/"7"`, or `7`) → 7; nil when absent.
    static func expectedVersion(_ request: Request) throws -> Int? {
        guard var text = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(text), version >= 1 else {
            throw AppError.invalid("If-Match", "If-Match phải là phiên bản hồ sơ (ETag), ví dụ \"3\"")
        }
        return version
    }

    @Sendable func create(_ request: Request, context: Context) async throws -> Response {
        let user = try await optionalUser(request)
        let body = try await JSONBody.collect(request, limit: Self.bodyLimit)
        let new = try JSONBody.decode(NewDossierRequest.self, from: body)
        let answer = try await service.create(new, by: user, idempotency: try Self.idempotency(request, body: new))
        return Self.response(answer)
    }

    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        let user = try await optionalUser(request)
        let body = try await JSONBody.collect(request, limit: Self.bodyLimit)
        let command = try JSONBody.decode(DossierCommandRequest.self, from: body)
        let answer = try await service.command(
            code: code, command, expectedVersion: try Self.expectedVersion(request), by: user,
            secret: request.headers[Self.secretHeader], idempotency: try Self.idempotency(request, body: command)
        )
        return Self.response(answer)
    }

    @Sendable func show(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let dossier = try await service.dossier(code: try context.parameters.require("code"), by: user)
        var response = try JSONBody.response(DossierView(dossier))
        response.headers[.eTag] = "\"\(dossier.version)\""
        return response
    }

    @Sendable func events(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let events = try await service.history(code: try context.parameters.require("code"), by: user)
        return try JSONBody.response(EventListDTO(items: events))
    }

    @Sendable func applicant(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let applicant = try await service.applicant(
            code: try context.parameters.require("code"), by: user, purpose: request.uri.queryParameters.get("purpose"),
            client: identity.client(request, context)
        )
        var response = try JSONBody.response(applicant)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func queue(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let query = request.uri.queryParameters
        let statuses = query.get("status").map { $0.split(separator: ",").map(String.init) } ?? []
        let limit = try QueryFlag.integer(query.get("limit"), field: "limit") ?? 50
        let page = try await service.queueJSON(
            by: user, agencyCode: query.get("agency"), statuses: statuses, procedureCode: query.get("procedure"),
            field: query.get("field"), assignee: query.get("assignee"), cursor: query.get("cursor"), limit: limit
        )
        return JSONBody.response(encoded: page)
    }

    @Sendable func lookup(_ request: Request, context: Context) async throws -> Response {
        let now = Int(Date().timeIntervalSince1970)
        guard lookupLimiter.allow(identity.client(request, context), nowSeconds: now) else {
            throw AppError.tooManyAttempts(retryAfter: lookupLimiter.retryAfter(nowSeconds: now))
        }
        let body = try await JSONBody.decode(LookupRequestDTO.self, from: request, limit: 4 * 1024)
        let view = try await service.lookup(code: body.code, secret: body.secret)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: view))
        )
    }
}

struct LookupRequestDTO: FlatJSONDecodable {
    var code: String
    var secret: String

    init?(flat fields: inout FlatFields) {
        guard let code = fields.string("code"), let secret = fields.string("secret") else { return nil }
        self.code = code
        self.secret = secret
    }
}

struct EventListDTO: Encodable {
    var items: [DossierEvent]
}
