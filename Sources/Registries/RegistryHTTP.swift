public import Domain
import AsyncHTTPClient
public import Foundation
import Metrics
import NIOCore
public import NIOHTTP1
import Synchronization

/// The HTTP side of every client: timeouts, a circuit breaker per system, and (for reads) retries with
/// exponential back-off and jitter. Writes are retried by the outbox, which keeps the attempt count.
public final class RegistryHTTP: Sendable {
    let client: HTTPClient
    public let endpoints: RegistryEndpoints
    let breakers: Mutex<[ExternalSystem: CircuitBreaker]>
    let readRetries: RetryPolicy

    public init(endpoints: RegistryEndpoints, breaker: CircuitBreaker = CircuitBreaker(), readRetries: RetryPolicy = RetryPolicy(baseSeconds: 0.05, maxSeconds: 1, maxAttempts: 4)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .milliseconds(Int64(endpoints.timeoutSeconds * 1000)), read: .milliseconds(Int64(endpoints.timeoutSeconds * 1000)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.httpVersion = .http1Only
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.endpoints = endpoints
        self.breakers = Mutex(Dictionary(uniqueKeysWithValues: ExternalSystem.allCases.map { ($0, breaker) }))
        self.readRetries = readRetries
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Until when (seconds since 1970) calls to `system` fail at once with `circuitOpen`; nil when they may go out.
    public func blockedUntil(_ system: ExternalSystem) -> Double? {
        let now = Date().timeIntervalSince1970
        return breakers.withLock { $0[system]!.opensAgain(after: now) }
    }

    /// One call. Throws `RegistryError`; a 2xx answer's body is returned.
    public func call(_ system: ExternalSystem, _ method: HTTPMethod, _ path: String, body: Data? = nil, key: String? = nil) async throws(RegistryError) -> (status: Int, body: Data) {
        guard let base = endpoints.urls[system] else { throw .notConfigured(system) }
        let now = Date().timeIntervalSince1970
        guard breakers.withLock({ $0[system]!.allows(at: now) }) else {
            Counter(label: "motcua_registry_calls_total", dimensions: [("system", system.rawValue), ("result", "circuit_open")]).increment()
            throw .circuitOpen(system)
        }
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token = endpoints.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let key { request.headers.add(name: "Idempotency-Key", value: key) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let result: Result<(Int, Data), RegistryError>
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(endpoints.timeoutSeconds * 1000)))
            let buffer = try await response.body.collect(upTo: 16 << 20)
            let data = Data(buffer.readableBytesView)
            let status = Int(response.status.code)
            result = (200..<300).contains(status) ? .success((status, data)) : .failure(.status(system, status, String(decoding: data, as: UTF8.self)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            result = .failure(.timeout(system))
        } catch {
            result = .failure(.transport(system, String(describing: error)))
        }
        Timer(label: "motcua_registry_latency_seconds", dimensions: [("system", system.rawValue)])
            .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
        switch result {
        case .success(let answer):
            breakers.withLock { $0[system]!.succeeded() }
            Counter(label: "motcua_registry_calls_total", dimensions: [("system", system.rawValue), ("result", "ok")]).increment()
            return answer
        case .failure(let error):
            // A refusal of the request itself says the system is up: it does not trip the breaker.
            if !error.isPermanent { breakers.withLock { $0[system]!.failed(at: Date().timeIntervalSince1970) } }
            Counter(label: "motcua_registry_calls_total", dimensions: [("system", system.rawValue), ("result", "error")]).increment()
            throw error
        }
    }

    /// A read, retried with back-off and jitter while the failure is not permanent.
    public func read<T: Decodable>(_ system: ExternalSystem, _ path: String, as type: T.Type, notFound: T? = nil) async throws(RegistryError) -> T {
        var attempt = 0
        while true {
            attempt += 1
            do throws(RegistryError) {
                let (_, data) = try await call(system, .GET, path)
                do {
                    return try JSONDecoder().decode(T.self, from: data)
                } catch {
                    throw RegistryError.badAnswer(system, String(describing: error))
                }
            } catch {
                if case .status(_, 404, _) = error, let notFound { return notFound }
                if error.isPermanent || readRetries.isExhausted(attempt) { throw error }
                let delay = readRetries.delay(afterAttempt: attempt, unit: Double.random(in: 0..<1))
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            }
        }
    }

    /// A write: one attempt; the caller (the outbox) retries.
    public func write(_ system: ExternalSystem, _ path: String, _ value: some Encodable, key: String) async throws(RegistryError) {
        let body: Data
        do {
            body = try JSONEncoder().encode(value)
        } catch {
            throw .badAnswer(system, "cannot encode: \(error)")
        }
        _ = try await call(system, .POST, path, body: body, key: key)
    }
}
