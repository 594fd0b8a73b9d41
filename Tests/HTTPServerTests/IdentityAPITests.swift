import AppCore
import Domain
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

@Suite("sign-in and access log API")
struct IdentityAPITests {
    static let password = "Mật-khẩu-Đủ-Mạnh-2026"

    /// A new officer of Phường Ba Đình for each test, so tests do not share failures or tokens.
    static func officer(roles: [String] = ["receptionist"]) async throws -> String {
        let services = try await TestApp.shared.services()
        let username = "officer." + UUID().uuidString.prefix(8).lowercased()
        _ = try await services.identity.addUser(.init(
            username: username, fullName: "Nguyễn Văn A", password: password, roles: roles, unitCode: "00004"
        ), by: nil)
        return username
    }

    static func login(_ client: any TestClientProtocol, _ username: String, _ password: String = password, from address: String = "10.0.0.1") async throws -> (Int, [String: Any]) {
        try await client.execute(
            uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json", .init("X-Forwarded-For")!: address],
            body: try jsonBody(["username": username, "password": password])
        ) { response in (Int(response.status.code), (try? response.json()) ?? [:]) }
    }

    @Test("sign in, see yourself (logged once per view), sign out; the token then fails")
    func lifecycle() async throws {
        let username = try await Self.officer()
        try await TestApp.test { client in
            let (status, json) = try await Self.login(client, username)
            #expect(status == 200)
            let token = try #require(json["token"] as? String)
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            for _ in 0..<2 {
                try await client.execute(uri: "/api/v1/me", method: .get, headers: auth) { response in
                    #expect(response.status == .ok)
                }
            }
            let services = try await TestApp.shared.services()
            let user = try #require(try await services.store.identity.user(username: username))
            #expect(try await services.store.identity.accessLog(AccessLogQuery(subject: user.id)).count == 2)
            try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: auth) { response in
                #expect(response.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: auth) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
        }
    }

    @Test("wrong passwords: 401, then back-off with 429; another address can still sign in")
    func bruteForce() async throws {
        let username = try await Self.officer()
        let statuses = try await TestApp.test { client in
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await Self.login(client, username, "wrong password").0) }
            statuses.append(try await Self.login(client, username).0)
            statuses.append(try await Self.login(client, username, from: "10.0.0.2").0)
            statuses.append(try await Self.login(client, "nobody.here", "x").0)
            return statuses
        }
        // Five failures answered 401; the sixth, and even the right password, wait from that address (429);
        // from another address the officer signs in; an unknown account is 401 like a wrong password.
        #expect(statuses == [401, 401, 401, 401, 401, 429, 429, 200, 401])
    }

    @Test("tampered and missing tokens are refused; the scheme is read in any case, blanks around the token")
    func tampering() async throws {
        let username = try await Self.officer()
        try await TestApp.test { client in
            let token = try #require(try await Self.login(client, username).1["token"] as? String)
            let tampered = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
            for header in [
                "Bearer \(tampered)", "Bearer ", "Bearer  \t", "Basic abc", "Bearerx\(token)", "Bearer \(String(repeating: "x", count: 500))",
            ] {
                try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: header]) { response in
                    #expect(response.status == .unauthorized, "\(header.prefix(20))")
                }
            }
            // The scheme in any case, blanks around the token.
            for header in ["bearer \(token)", "BEARER \t\(token)  ", "Bearer \(token)\t"] {
                try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: header]) { response in
                    #expect(response.status == .ok, "\(header.prefix(20))")
                }
            }
            try await client.execute(uri: "/api/v1/me", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("the access log is for inspectors, within their scope")
    func accessLogScope() async throws {
        let receptionist = try await Self.officer()
        let inspector = try await Self.officer(roles: ["inspector"])
        try await TestApp.test { client in
            let clerkToken = try #require(try await Self.login(client, receptionist).1["token"] as? String)
            try await client.execute(uri: "/api/v1/access-log", method: .get, headers: [.authorization: "Bearer \(clerkToken)"]) { response in
                #expect(response.status == .forbidden)
            }
            let token = try #require(try await Self.login(client, inspector).1["token"] as? String)
            try await client.execute(uri: "/api/v1/access-log", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/access-log?unit=79", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .notFound, "another province's log does not exist for this inspector")
            }
        }
    }

    @Test("access-log bounds: a day is a whole Vietnamese day, an instant keeps its zone, anything else is a 400 naming it")
    func accessLogPeriod() async throws {
        let inspector = try await Self.officer(roles: ["inspector"])
        let services = try await TestApp.shared.services()
        let subject = "period-" + UUID().uuidString.prefix(8)
        // 1 Dec 2026 in Vietnam runs from 30 Nov 17:00 UTC to 1 Dec 16:59:59 UTC.
        for at in ["2026-11-30T16:59:00Z", "2026-11-30T17:30:00Z", "2026-12-01T16:59:30Z", "2026-12-01T17:00:00Z"] {
            try await services.store.identity.appendAccessLog(AccessLogEntry(
                at: at, officerID: "auditor-test", unitCode: "00004", provinceCode: "01", roles: [.specialist], purpose: "test",
                action: "view", resource: "dossier", subject: subject, fields: ["name"], client: "test"
            ))
        }
        try await TestApp.test { client in
            let token = try #require(try await Self.login(client, inspector).1["token"] as? String)
            let auth: HTTPFields = [.authorization: "Bearer \(token)"]
            func found(_ query: String) async throws -> [String]? {
                try await client.execute(uri: "/api/v1/access-log?subject=\(subject)&\(query)", method: .get, headers: auth) { response in
                    #expect(response.status == .ok, "\(query): \(response.text)")
                    return (try? response.json()["items"] as? [[String: Any]])?.compactMap { $0["at"] as? String }
                }
            }
            #expect(try await found("from=2026-12-01&to=2026-12-01") == ["2026-11-30T17:30:00Z", "2026-12-01T16:59:30Z"])
            #expect(try await found("from=2026-12-01T00:00:00%2B07:00&to=2026-12-01T00:30:00%2B07:00") == ["2026-11-30T17:30:00Z"])
            #expect(try await found("to=2026-11-30")?.count == 1)
            for (query, field) in [("from=x", "from"), ("to=2026-13-01", "to"), ("from=2026-12-02&to=2026-12-01", "to"), ("from=2026-12-01T08:00", "from")] {
                try await client.execute(uri: "/api/v1/access-log?\(query)", method: .get, headers: auth) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(response.contentType.hasPrefix("application/problem+json"))
                    #expect((try? response.json()["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(query)")
                }
            }
        }
    }

    @Test("cookie sessions: reads work; changes need the CSRF token")
    func csrf() async throws {
        let username = try await Self.officer()
        try await TestApp.test { client in
            let cookies = try await client.execute(
                uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json", .init("X-Forwarded-For")!: "10.0.0.9"],
                body: try jsonBody(["username": username, "password": Self.password])
            ) { response in response.headers[values: .setCookie] }
            #expect(cookies.contains { $0.hasPrefix("motcua_session=") && $0.contains("HttpOnly") && $0.contains("SameSite=Lax") })
            func value(_ name: String) -> String {
                cookies.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) } ?? ""
            }
            let session = value("motcua_session")
            let csrf = value("motcua_csrf")
            let cookie = "motcua_session=\(session); motcua_csrf=\(csrf)"
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
            let grant = try jsonBody(["reason": "Tiếp nhận hồ sơ hộ tịch", "days": 5])
            try await client.execute(uri: "/api/v1/grants", method: .post, headers: [.cookie: cookie, .contentType: "application/json"], body: grant) { response in
                #expect(response.status == .forbidden, "no CSRF token")
            }
            try await client.execute(uri: "/api/v1/grants", method: .post,
                                     headers: [.cookie: cookie, .contentType: "application/json", .init("X-CSRF-Token")!: "forged"], body: grant) { response in
                #expect(response.status == .forbidden, "wrong CSRF token")
            }
            try await client.execute(uri: "/api/v1/grants", method: .post,
                                     headers: [.cookie: cookie, .contentType: "application/json", .init("X-CSRF-Token")!: csrf], body: grant) { response in
                #expect(response.status == .created)
            }
        }
    }
}
