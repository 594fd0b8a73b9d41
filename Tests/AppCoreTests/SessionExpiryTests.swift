@testable import AppCore
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

struct SessionCacheTests {
    @Test("a session read is kept for sessionCacheSeconds: this server's sign-out ends it at once, another's within that time")
    func kept() async throws {
        let (service, clock, users) = try await GrantWorkflowTests.setUp()
        let clerk = users["clerk"]!
        // Another server on the same database.
        let elsewhere = IdentityService(store: service.store, settings: service.settings, now: { clock.now })
        let one = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        #expect(try await service.authenticate(token: one.token).id == clerk.id)
        try await elsewhere.logout(token: one.token)
        #expect(try await service.authenticate(token: one.token).id == clerk.id, "read 0 s ago: kept")
        clock.advance(days: 2.5 / 86_400)
        await #expect(throws: AppError.unauthenticated("Phiên đăng nhập đã bị thu hồi")) { try await service.authenticate(token: one.token) }

        let two = try await service.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        _ = try await service.authenticate(token: two.token)
        try await service.logout(token: two.token)
        await #expect(throws: AppError.unauthenticated("Phiên đăng nhập đã bị thu hồi")) { try await service.authenticate(token: two.token) }

        var settings = service.settings
        settings.sessionCacheSeconds = 0
        let uncached = IdentityService(store: service.store, settings: settings, now: { clock.now })
        let three = try await uncached.login(username: "clerk", password: "Đủ-Mạnh-2026-x", client: "a")
        _ = try await uncached.authenticate(token: three.token)
        try await elsewhere.logout(token: three.token)
        await #expect(throws: AppError.unauthenticated("Phiên đăng nhập đã bị thu hồi")) { try await uncached.authenticate(token: three.token) }
        try await service.store.close()
    }

    @Test("a session read before a sign-out of this server is not kept after it")
    func readBeforeForgetting() {
        let cache = ExpiringCache<Int>()
        let before = cache.forgotten
        cache.store("other", 1, now: 0, lifetime: 10)
        cache.remove("token")
        cache.store("token", 1, now: 0, lifetime: 10, readAt: before)
        #expect(cache.value("token", now: 1) == nil, "read before the removal: left out")
        cache.store("token", 1, now: 0, lifetime: 10, readAt: cache.forgotten)
        #expect(cache.value("token", now: 1) == 1)
        #expect(cache.value("other", now: 1) == 1)
        cache.removeAll()
        #expect(cache.value("other", now: 1) == nil)
    }
}

struct AddressLimitTests {
    @Test("one address trying many accounts is slowed down too")
    func credentialStuffing() async throws {
        let store = try await TestStores.make(.sqlite)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        var settings = IdentityService.Settings()
        settings.bcryptCost = 4
        settings.failuresPerAddressPerHour = 3
        let service = IdentityService(store: store, settings: settings, now: { Date(timeIntervalSince1970: 1_780_000_000) })
        _ = try await service.addUser(.init(username: "real.user", fullName: "A", password: "Đủ-Mạnh-2026-x", roles: ["receptionist"], unitCode: "00004"), by: nil)
        for name in ["a.one", "b.two", "c.three"] {
            await #expect(throws: AppError.unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng")) {
                try await service.login(username: name, password: "guess-123", client: "203.0.113.9")
            }
        }
        await #expect(throws: AppError.tooManyAttempts(retryAfter: 600)) {
            try await service.login(username: "real.user", password: "Đủ-Mạnh-2026-x", client: "203.0.113.9")
        }
        #expect(try await service.login(username: "real.user", password: "Đủ-Mạnh-2026-x", client: "198.51.100.7").user.username == "real.user")
        try await store.close()
    }
}
