import AppCore
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// `/api/v1/auth…`, `/api/v1/me`, `/api/v1/agencies`, `/api/v1/access-log`.
struct IdentityAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: IdentityService
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    let trustForwardedFor: Bool

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/auth/login", login),
            Route(.post, "api/v1/auth/logout", logout),
            Route(.get, "api/v1/me", me),
            Route(.get, "api/v1/agencies", agencies),
            Route(.post, "api/v1/agencies", saveAgency),
            Route(.get, "api/v1/access-log", accessLog),
            Route(.post, "api/v1/grants", requestGrant),
            Route(.get, "api/v1/grants", listGrants),
            Route(.post, "api/v1/grants/:id/decision", decideGrant),
            Route(.post, "api/v1/grants/:id/revocation", revokeGrant),
            Route(.get, "api/v1/grants/:id/events", grantEvents),
            Route(.post, "api/v1/auth/revoke-all", revokeAll),
            Route(.post, "api/v1/me/password", changePassword),
            Route(.get, "api/v1/users", listUsers),
            Route(.post, "api/v1/users", createUser),
            Route(.get, "api/v1/users/:id", showUser),
            Route(.post, "api/v1/users/:id/password-reset", resetPassword),
        ]
    }

    func client(_ request: Request, _ context: Context) -> String {
        if trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }

    static var sessionCookie: String { "motcua_session" }
    static var csrfCookie: String { "motcua_csrf" }
    static var csrfHeader: HTTPField.Name { HTTPField.Name("X-CSRF-Token")! }

    static func bearer(_ request: Request) throws -> String {
        // Over the bytes: Foundation's `trimmingCharacters` and `lowercased` were 1 % of a filing's CPU (perf).
        guard let header = request.headers[.authorization]?.utf8, header.count > 7,
              zip(header.prefix(7), "bearer ".utf8).allSatisfy({ ((65...90).contains($0) ? $0 + 32 : $0) == $1 }) else {
            throw AppError.unauthenticated("Cần đăng nhập (Authorization: Bearer …)")
        }
        let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        let token = header.dropFirst(7).drop(while: blank)
        return String(Substring(token[..<(token.lastIndex { !blank($0) }.map(token.index(after:)) ?? token.startIndex)]))
    }

    /// The token of the request: a bearer header, else the session cookie. A request that changes
    /// something on the strength of the cookie alone must carry the CSRF token (double submit): a page
    /// of another site can make the browser send the cookie, but cannot read it to copy it.
    static func token(_ request: Request) throws -> String {
        if request.headers[.authorization] != nil { return try bearer(request) }
        guard let session = request.cookies[sessionCookie]?.value, !session.isEmpty else {
            throw AppError.unauthenticated("Cần đăng nhập (Authorization: Bearer … hoặc cookie phiên)")
        }
        if ![.get, .head, .options].contains(request.method) {
            let expected = request.cookies[csrfCookie]?.value ?? ""
            guard !expected.isEmpty, request.headers[csrfHeader] == expected else {
                throw AppError.forbidden("Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF)")
            }
        }
        return session
    }

    func user(_ request: Request) async throws -> UserRecord {
        try await service.authenticate(token: try Self.token(request))
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONBody.decode(LoginRequestDTO.self, from: request, limit: 16 * 1024)
        let session = try await service.login(username: body.username, password: body.password, client: client(request, context))
        context.logger.info("signed in", metadata: ["user": "\(session.user.id)"])
        var response = try JSONBody.response(LoginResponseDTO(
            token: session.token, expiresAt: ISO8601DateFormatter().string(from: session.expiresAt), user: UserDTO(session.user)
        ))
        Self.setSessionCookies(session, in: &response, request: request)
        return response
    }

    /// The same token as a session cookie for the web pages, and a CSRF token pages echo back.
    static func setSessionCookies(_ session: IdentityService.Session, in response: inout Response, request: Request) {
        let secure = request.uri.scheme == .https || request.headers[.init("X-Forwarded-Proto")!] == "https"
        response.setCookie(Cookie(name: sessionCookie, value: session.token, expires: session.expiresAt, path: "/",
                                  secure: secure, httpOnly: true, sameSite: .lax))
        response.setCookie(Cookie(name: csrfCookie, value: IdentityService.randomToken(), expires: session.expiresAt, path: "/",
                                  secure: secure, httpOnly: false, sameSite: .lax))
    }

    @Sendable func logout(_ request: Request, context: Context) async throws -> Response {
        let token = try Self.token(request)
        _ = try await service.authenticate(token: token)
        try await service.logout(token: token)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        try await service.logAccess(
            by: user, action: "viewPersonalData", resource: "user/\(user.id)", subject: user.id,
            fields: ["username", "fullName", "agencyCode", "roles"], purpose: "own account", client: client(request, context)
        )
        return try JSONBody.response(UserDTO(user))
    }

    /// `offset` (0 or more) and `limit` (1…1000, default 100), refused when not numbers in range: a
    /// negative one reached PostgreSQL (503) and meant "no limit" to SQLite (found by scripts/fuzz-api).
    static func page(_ query: Parameters) throws -> (offset: Int, limit: Int) {
        let limitText = query.get("limit"), offsetText = query.get("offset")
        let limit = limitText.map { Int($0) ?? 0 } ?? 100
        guard (1...1000).contains(limit) else { throw AppError.invalid("limit", "limit phải là số từ 1 đến 1000") }
        let offset = offsetText.map { Int($0) ?? -1 } ?? 0
        guard offset >= 0 else { throw AppError.invalid("offset", "offset phải là số không âm") }
        return (offset, limit)
    }

    @Sendable func agencies(_ request: Request, context: Context) async throws -> Response {
        _ = try await user(request)
        let query = request.uri.queryParameters
        let (offset, limit) = try Self.page(query)
        let items = try await service.agencies(provinceCode: query.get("province"), unitCode: query.get("unit"), offset: offset, limit: limit)
        return try JSONBody.response(AgencyPageDTO(items: items.map(AgencyDTO.init)))
    }

    @Sendable func accessLog(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let query = request.uri.queryParameters
        let (offset, limit) = try Self.page(query)
        let csv: Bool
        switch query.get("format") {
        case nil, "json": csv = false
        case "csv": csv = true
        case let other?: throw AppError.invalid("format", "Định dạng “\(other)” không hợp lệ: json hoặc csv")
        }
        let entries = try await service.accessLog(for: user, query: AccessLogQuery(
            subject: query.get("subject"), officerID: query.get("officer"), unitCode: query.get("unit"),
            from: query.get("from"), to: query.get("to"), offset: offset, limit: limit
        ))
        if csv {
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"access-log.csv\""],
                body: .init(byteBuffer: ByteBuffer(string: AccessLogCSV.render(entries)))
            )
        }
        return try JSONBody.response(AccessLogPageDTO(items: entries.map(AccessLogEntryDTO.init)))
    }

    var now: Instant { Instant(secondsSince1970: Date().timeIntervalSince1970) }

    @Sendable func requestGrant(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let body = try await JSONBody.decode(GrantRequestDTO.self, from: request, limit: 16 * 1024)
        let grant = try await service.requestGrant(by: user, reason: body.reason, days: body.days)
        return try JSONBody.response(GrantDTO(grant, now: now), status: .created)
    }

    @Sendable func listGrants(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let query = request.uri.queryParameters
        let grants = try await service.grants(for: user, unitCode: query.get("unit"), activeOnly: try QueryFlag.bool(query.get("active"), field: "active", default: false))
        return try JSONBody.response(GrantPageDTO(items: grants.map { GrantDTO($0, now: now) }))
    }

    @Sendable func decideGrant(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let body = try await JSONBody.decode(GrantDecisionDTO.self, from: request, limit: 16 * 1024)
        let grant = try await service.decideGrant(
            id: try context.parameters.require("id"), granted: body.granted, note: body.note ?? "", by: user
        )
        return try JSONBody.response(GrantDTO(grant, now: now))
    }

    @Sendable func revokeGrant(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let body = try await JSONBody.decode(GrantRevocationDTO.self, from: request, limit: 16 * 1024)
        let grant = try await service.revokeGrant(id: try context.parameters.require("id"), note: body.note ?? "", by: user)
        return try JSONBody.response(GrantDTO(grant, now: now))
    }

    @Sendable func grantEvents(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let events = try await service.grantEvents(id: try context.parameters.require("id"), for: user)
        return try JSONBody.response(GrantEventsDTO(items: events.map {
            GrantEventDTO(at: $0.at.description, actorId: $0.actorID, event: $0.event, note: $0.note)
        }))
    }

    @Sendable func revokeAll(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        try await service.revokeAll(userID: user.id)
        return Response(status: .noContent)
    }

    @Sendable func changePassword(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let body = try await JSONBody.decode(PasswordChangeDTO.self, from: request, limit: 16 * 1024)
        try await service.changePassword(for: user, current: body.currentPassword, new: body.newPassword)
        return Response(status: .noContent)
    }

    @Sendable func listUsers(_ request: Request, context: Context) async throws -> Response {
        let user = try await user(request)
        let users = try await service.users(for: user, unitCode: request.uri.queryParameters.get("unit"), client: client(request, context))
        return try JSONBody.response(UserPageDTO(items: users.map(UserDTO.init)))
    }

    @Sendable func showUser(_ request: Request, context: Context) async throws -> Response {
        let actor = try await user(request)
        let user = try await service.user(id: try context.parameters.require("id"), for: actor, client: client(request, context))
        return try JSONBody.response(UserDTO(user))
    }

    @Sendable func createUser(_ request: Request, context: Context) async throws -> Response {
        let admin = try await user(request)
        let body = try await JSONBody.decode(NewUserDTO.self, from: request, limit: 16 * 1024)
        let created = try await service.addUser(IdentityService.NewUser(
            username: body.username, fullName: body.fullName, password: body.password, roles: body.roles, unitCode: body.unitCode,
            agencyCode: body.agencyCode
        ), by: admin.officer)
        return try JSONBody.response(UserDTO(created), status: .created)
    }

    @Sendable func resetPassword(_ request: Request, context: Context) async throws -> Response {
        let admin = try await user(request)
        let body = try await JSONBody.decode(PasswordResetDTO.self, from: request, limit: 16 * 1024)
        try await service.resetPassword(userID: try context.parameters.require("id"), new: body.password, by: admin)
        return Response(status: .noContent)
    }

    @Sendable func saveAgency(_ request: Request, context: Context) async throws -> Response {
        let actor = try await user(request)
        let body = try await JSONBody.decode(NewAgencyDTO.self, from: request, limit: 16 * 1024)
        let agency = try await service.saveAgency(
            code: body.code, name: body.name, kind: body.kind, unitCode: body.unitCode, parentCode: body.parentCode,
            fields: body.fields ?? [], by: actor
        )
        return try JSONBody.response(AgencyDTO(agency), status: .created)
    }
}
