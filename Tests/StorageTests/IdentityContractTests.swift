import Domain
import Storage
import StorageTesting
import Testing

@Suite("identity store contract")
struct IdentityContractTests {
    @Test("agencies, accounts, tokens and failed sign-ins", arguments: TestStores.engines)
    func roundTrip(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let identity = store.identity
        let agency = Agency(code: "001.05.01.H01", name: "Trung tâm Phục vụ hành chính công phường Ba Đình", kind: .communeServiceCentre,
                            unitCode: "00004", provinceCode: "01", fields: ["hộ tịch", "đất đai"])
        try await identity.saveAgencies([agency])
        #expect(try await identity.agency(code: agency.code) == agency)
        #expect(try await identity.agencyCount() == 1)
        let user = UserRecord(id: "u1", username: "nguyen.van.a", fullName: "Nguyễn Văn A", agencyCode: agency.code, unitCode: "00004",
                              provinceCode: "01", roles: [.receptionist, .specialist], passwordHash: "$2b$04$x", createdAt: "2026-11-30T00:00:00Z")
        try await identity.addUser(user)
        await #expect(throws: (any Error).self, "usernames are unique") { try await identity.addUser(user) }
        #expect(try await identity.user(username: "nguyen.van.a") == user)
        #expect(try await identity.users(provinceCode: "01", unitCode: nil, offset: 0, limit: 10) == [user])
        #expect(try await identity.users(provinceCode: "79", unitCode: nil, offset: 0, limit: 10).isEmpty)
        let token = TokenRecord(tokenHash: "h1", userID: "u1", kind: .api, createdAt: 100, lastUsedAt: 100, expiresAt: 1_000)
        try await identity.addToken(token)
        try await identity.touchToken(hash: "h1", at: 200)
        #expect(try await identity.token(hash: "h1")?.lastUsedAt == 200)
        let session = try #require(try await identity.session(tokenHash: "h1"))
        #expect(session.token.userID == "u1" && session.token.kind == .api && session.token.expiresAt == 1_000)
        #expect(session.user == user, "the token's account comes with it")
        #expect(try await identity.session(tokenHash: "h2") == nil)
        try await identity.setPassword(userID: "u1", hash: "$2b$04$y")
        #expect(try await identity.token(hash: "h1")?.revoked == true, "a new password ends every session")
        #expect(try await identity.user(id: "u1")?.passwordHash == "$2b$04$y")
        for at in [10, 20, 30] { try await identity.recordLoginFailure(username: "nguyen.van.a", client: "10.0.0.1", at: at) }
        try await identity.recordLoginFailure(username: "other", client: "10.0.0.1", at: 40)
        #expect(try await identity.loginFailures(username: "nguyen.van.a", client: "10.0.0.1", since: 15) == [20, 30])
        #expect(try await identity.loginFailureCount(client: "10.0.0.1", since: 0) == 4)
        try await identity.clearLoginFailures(username: "nguyen.van.a", client: "10.0.0.1")
        #expect(try await identity.loginFailures(username: "nguyen.van.a", client: "10.0.0.1", since: 0).isEmpty)
        try await store.close()
    }
}
