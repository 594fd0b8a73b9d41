import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("operations and the API document")
struct OperationsAPITests {
    @Test("health, readiness and metrics")
    func health() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.init("X-Request-Id")!] != nil)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                let json = try response.json()
                #expect(response.status == .ok)
                #expect((json["database"] as? String ?? "").hasPrefix("SQLite"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.contentType.hasPrefix("text/plain"))
            }
        }
    }

    @Test("a known path asked with another method gets 405 with the methods it has")
    func methodNotAllowed() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/addresses/convert", method: .put) { response in
                let json = try response.json()
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
                #expect(json["type"] as? String == "/api/v1/problems/method-not-allowed")
            }
        }
    }

    @Test("the OpenAPI document describes exactly the routes the server has")
    func openAPICoversRoutes() async throws {
        let routes = Set(try registeredRoutes(try await TestApp.shared.services()))
        let document = try #require(try JSONSerialization.jsonObject(with: openAPIDocument()) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, operations) in paths {
            for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routes == documented, "undocumented: \(routes.subtracting(documented)); stale: \(documented.subtracting(routes))")
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                let document = try openAPIDocument()
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == document.count)
            }
        }
    }
}
