import AppCore
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import StorageTesting
import Synchronization
import Testing

struct LogSecrecyTests {
    @Test("no password, token or full ID number reaches the logs")
    func secrets() async throws {
        let username = try await IdentityAPITests.officer(roles: ["inspector"])
        let captured = CapturedLog()
        let router = try buildRouter(try await TestApp.shared.services())
        let app = Application(router: router, logger: captured.logger())
        let personalID = "001099012345"
        let token = try await app.test(.router) { client in
            _ = try await IdentityAPITests.login(client, username, "wrong-Password-123")
            let (_, json) = try await IdentityAPITests.login(client, username)
            let token = try #require(json["token"] as? String)
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { _ in }
            try await client.execute(uri: "/api/v1/access-log?subject=\(personalID)", method: .get,
                                     headers: [.authorization: "Bearer \(token)"]) { _ in }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)-tampered"]) { _ in }
            return token
        }
        let lines = captured.lines.withLock { $0 }
        #expect(lines.count >= 4, "the requests were logged")
        for secret in [IdentityAPITests.password, "wrong-Password-123", token, personalID] {
            #expect(!lines.contains { $0.contains(secret) }, "a log line holds a secret: \(lines.filter { $0.contains(secret) })")
        }
    }
}
