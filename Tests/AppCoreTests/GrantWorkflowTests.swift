import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Synchronization
import Testing

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let seconds = Mutex<Double>(1_780_000_000)

    var now: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    func advance(days: Double) { seconds.withLock { $0 += days * 86_400 } }
}

struct GrantWorkflowTests {
    static func setUp(_ engine: TestStores.Engine = .sqlite) async throws -> (IdentityService, TestClock, [String: UserRecord]) {
        let store = try await TestStores.make(engine)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let clock = TestClock()
        var settings = IdentityService.Settings()
        settings.bcryptCost = 4
        let service = IdentityService(store: store, settings: settings, now: { clock.now })
        var users: [String: UserRecord] = [:]
        for (name, roles, unit) in [("clerk", ["receptionist"], "00004"), ("chief", ["approver"], "00004"),
                                    ("otherchief", ["approver"], "00008"), ("padmin", ["provinceAdmin"], "01"),
                                    ("hcmadmin", ["provinceAdmin"], "79")] {
            users[name] = try await service.addUser(.init(
                username: name, fullName: name, password: "Đủ-Mạnh-2026-x", roles: roles, unitCode: unit
            ), by: nil)
        }
        return (service, clock, users)
    }

    @Test("request → grant → expiry; revoke at once; every step audited", arguments: TestStores.engines)
    func workflow(engine: TestStores.Engine) async throws {
        let (service, clock, users) = try await Self.setUp(engine)
        let clerk = users["clerk"]!
        let request = try await service.requestGrant(by: clerk, reason: "Tiếp nhận hồ sơ khai sinh", days: 30)
        #expect(try await !service.hasActiveGrant(userID: clerk.id))
        // Neither the clerk, nor an approver of another commune, nor another province's admin may decide.
        for outsider in ["clerk", "otherchief", "hcmadmin"] {
            await #expect(throws: AppError.self) {
                try await service.decideGrant(id: request.id, granted: true, note: "", by: users[outsider]!)
            }
        }
        let granted = try await service.decideGrant(id: request.id, granted: true, note: "Đồng ý", by: users["chief"]!)
        #expect(granted.status == .granted)
        #expect(try await service.hasActiveGrant(userID: clerk.id))
        await #expect(throws: AppError.self) { try await service.decideGrant(id: request.id, granted: false, note: "", by: users["chief"]!) }
        clock.advance(days: 29.9)
        #expect(try await service.hasActiveGrant(userID: clerk.id))
        clock.advance(days: 0.2)
        #expect(try await !service.hasActiveGrant(userID: clerk.id), "refused after expiry")
        #expect(try await service.grants(for: users["chief"]!, unitCode: nil, activeOnly: true).isEmpty)

        let second = try await service.requestGrant(by: clerk, reason: "Xác minh nhân thân", days: 10)
        _ = try await service.decideGrant(id: second.id, granted: true, note: "", by: users["padmin"]!)
        #expect(try await service.hasActiveGrant(userID: clerk.id))
        _ = try await service.revokeGrant(id: second.id, note: "Chuyển công tác", by: users["chief"]!)
        #expect(try await !service.hasActiveGrant(userID: clerk.id), "revocation takes effect at once")
        #expect(try await service.grantEvents(id: second.id, for: users["padmin"]!).map(\.event) == ["requested", "granted", "revoked"])
        #expect(try await service.grantEvents(id: request.id, for: clerk).map(\.event) == ["requested", "granted"])
        await #expect(throws: AppError.notFound(what: "quyền tra cứu", code: second.id)) {
            try await service.grantEvents(id: second.id, for: users["hcmadmin"]!)
        }
        try await service.store.close()
    }

    @Test("bad requests are refused")
    func badRequests() async throws {
        let (service, _, users) = try await Self.setUp()
        await #expect(throws: AppError.invalid("days", "Thời hạn 0 ngày không hợp lệ; từ 1 đến 90 ngày")) {
            try await service.requestGrant(by: users["clerk"]!, reason: "Tiếp nhận hồ sơ", days: 0)
        }
        await #expect(throws: AppError.self) { try await service.requestGrant(by: users["clerk"]!, reason: "  ", days: 5) }
        await #expect(throws: AppError.self) { try await service.requestGrant(by: users["hcmadmin"]!, reason: "Không phải vai trò xử lý hồ sơ", days: 5) }
        try await service.store.close()
    }
}
