import AppCore
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Collects every log line (message and metadata) written through it.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}

struct LogSecrecyTests {
    @Test("no password, token or full ID number reaches the logs")
    func secrets() async throws {
        let username = try await IdentityAPITests.officer(roles: ["inspector"])
        let captured = CapturedLog()
        let router = try buildRouter(try await TestApp.shared.services())
        let app = Application(router: router, logger: Logger(label: "test") { _ in CapturedLog.Handler(log: captured) })
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
