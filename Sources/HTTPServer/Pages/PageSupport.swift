import AppCore
import Foundation
import Hummingbird
import WebViews

/// Answers of the pages: HTML with the headers every page carries, redirects, and the form token that
/// protects forms (the double-submit cookie the API already uses for sessions).
enum PageResponse {
    /// Scripts, styles and form targets from this site only; no framing.
    static let securityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentSecurityPolicy: securityPolicy,
                .init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin",
            ],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }

    /// After a form that changed something: the browser fetches the target with GET (no resubmission).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The request's form token, or a new one to set with `remember`.
    static func csrf(_ request: Request) -> (token: String, isNew: Bool) {
        if let token = request.cookies[IdentityAPI<MotCuaRequestContext>.csrfCookie]?.value, token.count >= 16 { return (token, false) }
        return (IdentityService.randomToken(), true)
    }

    static func remember(_ csrf: (token: String, isNew: Bool), in response: inout Response, request: Request) {
        guard csrf.isNew else { return }
        let secure = request.uri.scheme == .https || request.headers[.init("X-Forwarded-Proto")!] == "https"
        response.setCookie(Cookie(name: IdentityAPI<MotCuaRequestContext>.csrfCookie, value: csrf.token, path: "/",
                                  secure: secure, httpOnly: false, sameSite: .lax))
    }

    /// A form's token must equal the cookie's: another site can make the browser post, not read the cookie.
    static func checkCSRF(_ request: Request, form token: String?) throws {
        let expected = request.cookies[IdentityAPI<MotCuaRequestContext>.csrfCookie]?.value ?? ""
        guard !expected.isEmpty, let token, DossierService.constantTimeEqual(token, expected) else {
            throw AppError.forbidden("Biểu mẫu đã hết hạn hoặc không hợp lệ; vui lòng tải lại trang và gửi lại")
        }
    }
}
