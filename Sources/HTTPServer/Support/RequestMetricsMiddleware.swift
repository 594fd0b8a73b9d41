import Hummingbird
import Metrics
import Synchronization

/// Hummingbird's request metrics (the same names and dimensions as its `MetricsMiddleware`), recorded
/// when the handler has produced its response rather than once the body is sent. Hummingbird's records
/// from a closure around the body, which made every response two writes to the socket (head, then body)
/// where a whole body goes out in one: a tenth of a citizen's look-up, measured (BENCHMARKS.md). Errors
/// are counted by the status they were answered with (placed outside `ProblemMiddleware`); a 5xx is also
/// an error.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let cache: RequestMetricsCache

    init(factory: any MetricsFactory = MetricsSystem.factory) {
        cache = RequestMetricsCache(factory: factory)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let active = cache.active(request.method)
        active.increment()
        defer { active.decrement() }
        let status: HTTPResponse.Status
        do {
            let response = try await next(request, context)
            status = response.status
            cache.record(endpoint: context.endpointPath ?? "Unknown", method: request.method, status: status, since: start, failed: status.code >= 500)
            return response
        } catch {
            status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            cache.record(endpoint: context.endpointPath ?? "NotFound", method: request.method, status: status, since: start, failed: true)
            throw error
        }
    }
}

private final class RequestMetricsCache: Sendable {
    let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    struct Key: Hashable {
        var endpoint: String
        var method: HTTPRequest.Method
        var status: Int
    }

    struct Endpoint: Sendable {
        var counter: Counter
        var timer: Metrics.Timer
        var errors: Counter
    }

    private let meters = Mutex<[HTTPRequest.Method: Meter]>([:])
    private let endpoints = Mutex<[Key: Endpoint]>([:])

    func active(_ method: HTTPRequest.Method) -> Meter {
        meters.withLock { meters in
            if let meter = meters[method] { return meter }
            let meter = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.description)], factory: factory)
            meters[method] = meter
            return meter
        }
    }

    func record(endpoint: String, method: HTTPRequest.Method, status: HTTPResponse.Status, since start: ContinuousClock.Instant, failed: Bool) {
        let key = Key(endpoint: endpoint, method: method, status: status.code)
        let metrics = endpoints.withLock { endpoints in
            if let metrics = endpoints[key] { return metrics }
            let dimensions = [
                ("http.route", endpoint), ("http.request.method", method.description), ("http.response.status_code", String(status.code)),
            ]
            let metrics = Endpoint(
                counter: Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                timer: Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds, factory: factory),
                errors: Counter(label: "hb.request.errors", dimensions: [
                    ("http.route", endpoint), ("http.request.method", method.description), ("error.type", String(status.code)),
                ], factory: factory)
            )
            endpoints[key] = metrics
            return metrics
        }
        metrics.counter.increment()
        if failed { metrics.errors.increment() }
        let elapsed = ContinuousClock.now - start
        metrics.timer.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
