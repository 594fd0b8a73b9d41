import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("accounts API")
struct AccountsAPITests {
    static func token(_ client: any TestClientProtocol, _ username: String) async throws -> HTTPFields {
        let token = try #require(try await IdentityAPITests.login(client, username, from: "10.1.0.\(Int.random(in: 1...250))").1["token"] as? String)
        return [.authorization: "Bearer \(token)", .contentType: "application/json"]
    }

    @Test("a unit admin manages accounts of the unit only, and gives no role above their own")
    func unitAdmin() async throws {
        let admin = try await IdentityAPITests.officer(roles: ["unitAdmin"])
        try await TestApp.test { client in
            let auth = try await Self.token(client, admin)
            func create(_ username: String, roles: [String], unit: String) async throws -> Int {
                try await client.execute(uri: "/api/v1/users", method: .post, headers: auth, body: try jsonBody([
                    "username": username, "fullName": "Trần Thị B", "password": "Mật-Khẩu-Mới-2026", "roles": roles, "unitCode": unit,
                ])) { Int($0.status.code) }
            }
            let name = "clerk." + UUID().uuidString.prefix(6).lowercased()
            #expect(try await create(name, roles: ["receptionist"], unit: "00004") == 201)
            #expect(try await create(name, roles: ["receptionist"], unit: "00004") == 409)
            #expect(try await create(name + "x", roles: ["provinceAdmin"], unit: "00004") == 403)
            #expect(try await create(name + "y", roles: ["receptionist"], unit: "00008") == 404, "another commune is out of scope")
            #expect(try await create(name + "z", roles: ["receptionist"], unit: "79") == 404)
            try await client.execute(uri: "/api/v1/users", method: .get, headers: auth) { response in
                let json = try response.json()
                let names = (json["items"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
                #expect(names.contains(name))
            }
            try await client.execute(uri: "/api/v1/users?unit=79", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("password change ends the other sessions; a reset by the admin works only in scope")
    func passwords() async throws {
        let officer = try await IdentityAPITests.officer()
        let admin = try await IdentityAPITests.officer(roles: ["unitAdmin"])
        try await TestApp.test { client in
            let first = try await Self.token(client, officer)
            let second = try await Self.token(client, officer)
            try await client.execute(uri: "/api/v1/me/password", method: .post, headers: first, body: try jsonBody([
                "currentPassword": IdentityAPITests.password, "newPassword": "short",
            ])) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/me/password", method: .post, headers: first, body: try jsonBody([
                "currentPassword": "wrong", "newPassword": "Một-Mật-Khẩu-Mới-2027",
            ])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/me/password", method: .post, headers: first, body: try jsonBody([
                "currentPassword": IdentityAPITests.password, "newPassword": "Một-Mật-Khẩu-Mới-2027",
            ])) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: second) { #expect($0.status == .unauthorized) }
            #expect(try await IdentityAPITests.login(client, officer, "Một-Mật-Khẩu-Mới-2027", from: "10.2.0.1").0 == 200)

            let adminAuth = try await Self.token(client, admin)
            let id = try await client.execute(uri: "/api/v1/users", method: .get, headers: adminAuth) { response in
                let items = (try response.json()["items"] as? [[String: Any]]) ?? []
                return items.first { $0["username"] as? String == officer }?["id"] as? String
            }
            let userID = try #require(id)
            try await client.execute(uri: "/api/v1/users/\(userID)/password-reset", method: .post, headers: adminAuth,
                                     body: try jsonBody(["password": "Đặt-Lại-Mật-Khẩu-9"])) { #expect($0.status == .noContent) }
            #expect(try await IdentityAPITests.login(client, officer, "Đặt-Lại-Mật-Khẩu-9", from: "10.2.0.2").0 == 200)
            try await client.execute(uri: "/api/v1/users/\(userID)", method: .get, headers: adminAuth) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/auth/revoke-all", method: .post, headers: adminAuth) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: adminAuth) { #expect($0.status == .unauthorized) }
        }
    }
}

@Suite("agencies API")
struct AgenciesAPITests {
    @Test("a province admin adds agencies in the province only; a commune officer adds none")
    func saveAgency() async throws {
        let admin = try await IdentityAPITests.officer(roles: ["provinceAdmin"])
        let clerk = try await IdentityAPITests.officer()
        try await TestApp.test { client in
            let adminAuth = try await AccountsAPITests.token(client, admin)
            let clerkAuth = try await AccountsAPITests.token(client, clerk)
            func save(_ auth: HTTPFields, _ body: [String: Any]) async throws -> Int {
                try await client.execute(uri: "/api/v1/agencies", method: .post, headers: auth, body: try jsonBody(body)) { Int($0.status.code) }
            }
            let justice: [String: Any] = ["code": "000.03.07.H01", "name": "Sở Tư pháp", "kind": "provincialDepartment", "unitCode": "01", "fields": ["hộ tịch"]]
            let office: [String: Any] = ["code": "001.06.02.H01", "name": "Phòng Kinh tế", "kind": "communeOffice", "unitCode": "00004"]
            #expect(try await save(clerkAuth, office) == 403, "in the clerk's own commune: forbidden")
            #expect(try await save(clerkAuth, justice) == 404, "the province level is outside the clerk's scope")
            #expect(try await save(adminAuth, justice) == 201)
            #expect(try await save(adminAuth, ["code": "000.03.07.H79", "name": "Sở Tư pháp", "kind": "provincialDepartment", "unitCode": "79"]) == 404)
            #expect(try await save(adminAuth, ["code": "bad", "name": "", "kind": "club", "unitCode": "01"]) == 400)
            try await client.execute(uri: "/api/v1/agencies?unit=01", method: .get, headers: adminAuth) { response in
                let json = try response.json()
                let names = (json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                #expect(names.contains("Sở Tư pháp"))
            }
        }
    }
}

@Suite("account lists")
struct AccountListTests {
    @Test("a province admin sees an empty commune of the province; a clerk may not list accounts")
    func lists() async throws {
        let admin = try await IdentityAPITests.officer(roles: ["provinceAdmin"])
        let clerk = try await IdentityAPITests.officer()
        try await TestApp.test { client in
            let adminAuth = try await AccountsAPITests.token(client, admin)
            // Cửa Nam: no other test creates accounts there, and the suites share one database.
            try await client.execute(uri: "/api/v1/users?unit=00082", method: .get, headers: adminAuth) { response in
                let json = try response.json()
                #expect(response.status == .ok)
                #expect((json["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/users?unit=26734", method: .get, headers: adminAuth) { response in
                #expect(response.status == .notFound, "a commune of another province")
            }
            let clerkAuth = try await AccountsAPITests.token(client, clerk)
            try await client.execute(uri: "/api/v1/users", method: .get, headers: clerkAuth) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
