import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

struct SessionExpiryTests {
    @Test("tokens expire when idle and at their absolute end; revoke-all ends every session")
    func expiry() async throws {
        let (service, clock, users) = try await GrantWorkflowTests.setUp()
        let clerk = users["clerk"]!
        let idle = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        clock.advance(days: 59.0 / 1440)
        #expect(try await service.authenticate(token: idle.token).id == clerk.id)
        clock.advance(days: 61.0 / 1440)
        await #expect(throws: AppError.unauthenticated("Phiên đăng nhập đã hết hạn")) { try await service.authenticate(token: idle.token) }

        let busy = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        for _ in 0..<12 {
            clock.advance(days: 59.0 / 1440)
            _ = try await service.authenticate(token: busy.token)
        }
        clock.advance(days: 59.0 / 1440)
        await #expect(throws: AppError.self, "12 hours at most, however busy") { try await service.authenticate(token: busy.token) }

        let one = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        let two = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "b")
        try await service.revokeAll(userID: clerk.id)
        for token in [one.token, two.token] {
            await #expect(throws: AppError.unauthenticated("Phiên đăng nhập đã bị thu hồi")) { try await service.authenticate(token: token) }
        }
        try await service.store.close()
    }
}
