import Domain
import Foundation
import Registries
import Testing

/// The breaker the outbox waits for is the one the HTTP client keeps: after its threshold of failures a
/// system is blocked for the cool-down, and its calls fail at once.
struct RegistryHTTPBreakerTests {
    @Test func aSystemThatKeepsFailingIsBlockedForTheCoolDown() async throws {
        // Port 1 on the loopback: nothing listens, every connection is refused.
        let http = RegistryHTTP(
            endpoints: .all(at: "http://127.0.0.1:1", timeoutSeconds: 2), breaker: CircuitBreaker(threshold: 2, coolDownSeconds: 30)
        )
        try await RegistryHarness.closing([http]) { () async throws -> Void in
            #expect(http.blockedUntil(.notification) == nil)
            for _ in 0..<2 {
                await #expect(throws: RegistryError.self) { try await http.write(.notification, "/notifications", ["to": "0900000000"], key: "k") }
            }
            let checked = Date().timeIntervalSince1970
            let until = try #require(http.blockedUntil(.notification))
            #expect(until > checked + 25 && until <= checked + 30, "blocked for the cool-down: \(until - checked) s")
            #expect(http.blockedUntil(.portal) == nil, "one breaker per system")
            do {
                try await http.write(.notification, "/notifications", ["to": "0900000000"], key: "k")
                Issue.record("a call went out through an open breaker")
            } catch {
                #expect(error as? RegistryError == .circuitOpen(.notification), "refused by the breaker without a call")
            }
        }
    }
}
