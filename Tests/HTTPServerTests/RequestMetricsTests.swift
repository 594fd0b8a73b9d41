import AppCore
import Hummingbird
import HummingbirdTesting
import MetricsTestKit
import Testing
@testable import HTTPServer

@Suite("request metrics")
struct RequestMetricsTests {
    @Test("each answer is counted once with the status it left with; only a 5xx is an error")
    func countedByStatus() async throws {
        let metrics = TestMetrics()
        let router = Router(context: MotCuaRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware(factory: metrics))
        router.middlewares.add(ProblemMiddleware(pages: nil))
        router.get("api/v1/ok") { _, _ in "ok" }
        router.get("api/v1/missing") { _, _ -> String in throw AppError.notFound(what: "hồ sơ", code: "x") }
        router.get("api/v1/broken") { _, _ -> String in throw CancellationError() }
        try await Application(router: router).test(.router) { client in
            for path in ["/api/v1/ok", "/api/v1/ok", "/api/v1/missing", "/api/v1/broken"] {
                try await client.execute(uri: path, method: .get) { _ in }
            }
        }
        func count(_ route: String, _ status: String) -> Int64 {
            metrics.counters(label: "hb.requests", dimensions: [
                ("http.route", route), ("http.request.method", "GET"), ("http.response.status_code", status),
            ]).map(\.totalValue).reduce(0, +)
        }
        #expect(count("/api/v1/ok", "200") == 2)
        #expect(count("/api/v1/missing", "404") == 1)
        #expect(count("/api/v1/missing", "500") == 0)
        #expect(count("/api/v1/broken", "500") == 1)
        #expect(metrics.counterTotal(label: "hb.request.errors") == 1)
        #expect(try metrics.expectTimer("http.server.request.duration", [
            ("http.route", "/api/v1/ok"), ("http.request.method", "GET"), ("http.response.status_code", "200"),
        ]).values.count == 2)
    }
}
