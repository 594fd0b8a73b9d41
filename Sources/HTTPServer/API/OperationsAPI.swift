import AppCore
import Logging
import Storage
import Foundation
import Hummingbird
import Prometheus
import Storage

/// Health, readiness, metrics and the API's own description.
struct OperationsAPI<Context: RequestContext> {
    let store: any Store
    let metrics: PrometheusCollectorRegistry
    let openAPIDocument: ByteBuffer

    var routes: [Route<Context>] {
        let document = openAPIDocument
        return [
            Route(.get, "healthz") { _, _ in try JSONBody.response(["status": "ok"]) },
            Route(.get, "readyz", ready),
            Route(.get, "metrics", metricsText),
            Route(.get, "api/v1/openapi.json") { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: document))
            },
        ]
    }

    @Sendable func ready(_ request: Request, context: Context) async throws -> Response {
        do {
            try await store.ping()
        } catch {
            context.logger.warning("database not ready", metadata: ["error": "\(error)"])
            throw AppError.unavailable(store.description)
        }
        return try JSONBody.response(["status": "ready", "database": store.description])
    }

    @Sendable func metricsText(_ request: Request, context: Context) async throws -> Response {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer))
        )
    }
}
