public import Domain
public import Hummingbird
import Foundation
public import Logging
import NIOCore
import HTTPTypes

/// The request context of the simulator: it keeps the connection, so that a fault can cut it.
public struct SimulatorContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any NIOCore.Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// The national portal, the population, civil-status and business registers and the notification
/// gateway, as one real HTTP server with deterministic data and injected faults
/// (`motcua registries simulate`).
public struct RegistrySimulator: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        public var people = 1_000
        public var filings = 20
        public var procedures = ["MC-HT-001", "MC-HKD-001"]
        public var faults = FaultSettings()
        public var token: String?

        public init() {}
    }

    let state: SimulatorState
    let token: String?

    public init(_ options: Options = Options()) {
        state = SimulatorState(seed: options.seed, people: options.people, filings: options.filings, procedures: options.procedures, faults: options.faults)
        token = options.token
    }

    public func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "motcua-registry-simulator"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger
        )
    }

    /// Serves until cancelled.
    public func run(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(host: host, port: port, logger: logger, onRunning: onRunning).runService(gracefulShutdownSignals: [])
    }

    /// For tests running the simulator in their process; others use `/sim/…`.
    public func setFaults(_ faults: FaultSettings) async { await state.setFaults(faults) }
    public func stats() async -> SimulatorStats { await state.currentStats() }
    public func inbox() async -> [Notice] { await state.inbox() }

    func router() -> Router<SimulatorContext> {
        let router = Router(context: SimulatorContext.self)
        let state = self.state
        router.get("/sim/health") { _, _ in "ok" }
        router.get("/sim/faults") { _, _ in try Self.json(await state.currentFaults()) }
        router.post("/sim/faults") { request, context in
            let settings = try await request.decode(as: FaultSettings.self, context: context)
            await state.setFaults(settings)
            return try Self.json(settings)
        }
        router.get("/sim/stats") { _, _ in try Self.json(await state.currentStats()) }
        router.get("/sim/people") { request, _ in
            try Self.json(Items(items: await state.somePeople(request.uri.queryParameters.get("limit", as: Int.self) ?? 20)))
        }
        router.post("/sim/portal/filings") { request, _ in
            let count = min(request.uri.queryParameters.get("count", as: Int.self) ?? 1, 100_000)
            var added: [PortalFiling] = []
            for _ in 0..<count { added.append(await state.addFiling()) }
            return try Self.json(Items(items: added))
        }
        router.get("/sim/notifications") { _, _ in try Self.json(Items(items: await state.inbox())) }

        router.get("/portal/dossiers") { request, context in
            try await guarded(request, context, write: false) {
                let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
                var page = await state.page(after: request.uri.queryParameters.get("after"), limit: limit)
                if $0 { page.items += page.items }
                return try Self.json(page)
            }
        }
        router.post("/portal/statuses") { request, context in
            let update = try await request.decode(as: PortalStatusUpdate.self, context: context)
            return try await guarded(request, context, write: true) { _ in
                let stored = await state.write(.portal, key: request.headers[.idempotencyKey]) { $0.addStatus(update) }
                return Self.written(stored)
            }
        }
        router.get("/portal/statuses") { request, context in
            try await guarded(request, context, write: false) { _ in try Self.json(Items(items: await state.statusHistories())) }
        }
        router.get("/population/people/{id}") { request, context in
            let id = try context.parameters.require("id")
            return try await guarded(request, context, write: false) { _ in
                guard PersonalID(id) != nil else { return Self.problem(.badRequest, "Số định danh cá nhân không hợp lệ") }
                guard let person = await state.person(id) else { return Self.problem(.notFound, "Không có công dân với số định danh này") }
                return try Self.json(person)
            }
        }
        for (system, path) in [(ExternalSystem.civilStatus, "/civil-status/records"), (.business, "/business/records")] {
            router.post(RouterPath(path)) { request, context in
                let record = try await request.decode(as: RegisterRecord.self, context: context)
                return try await guarded(request, context, write: true) { _ in
                    let stored = await state.write(system, key: request.headers[.idempotencyKey]) { $0.addRecord(system, record) }
                    return Self.written(stored)
                }
            }
            router.get(RouterPath(path)) { request, context in
                try await guarded(request, context, write: false) { _ in
                    try Self.json(Items(items: await state.records(system, dossierCode: request.uri.queryParameters.get("dossier"))))
                }
            }
        }
        router.post("/notifications") { request, context in
            let notification = try await request.decode(as: Notice.self, context: context)
            return try await guarded(request, context, write: true) { _ in
                let stored = await state.write(.notification, key: request.headers[.idempotencyKey]) { $0.addNotification(notification) }
                return Self.written(stored)
            }
        }
        return router
    }

    /// Runs a handler through the faults. `apply` gets whether the delivery is duplicated (a read may
    /// answer twice over; a write is applied twice).
    func guarded(
        _ request: Request, _ context: SimulatorContext, write: Bool, _ apply: @Sendable (Bool) async throws -> Response
    ) async throws -> Response {
        if let token, request.headers[.authorization] != "Bearer \(token)" {
            return Self.problem(.unauthorized, "Thiếu hoặc sai mã truy cập")
        }
        if await state.currentFaults().down { return Self.problem(.serviceUnavailable, "Hệ thống đang gián đoạn") }
        let forced = request.headers[HTTPField.Name("X-Sim-Fault")!].flatMap(FaultSettings.Kind.init(rawValue:))
        let faults = await state.currentFaults()
        switch await state.fault(forced: forced) {
        case nil:
            return try await apply(false)
        case .latency:
            try await Task.sleep(for: .milliseconds(faults.latencyMs))
            return try await apply(false)
        case .serverError:
            return Self.problem(.serviceUnavailable, "Lỗi máy chủ (giả lập)")
        case .timeout:
            try await Task.sleep(for: .milliseconds(faults.timeoutMs))
            return Self.problem(.gatewayTimeout, "Hết thời gian chờ (giả lập)")
        case .reset:
            try await context.channel.close()
            return Self.problem(.serviceUnavailable, "Kết nối bị ngắt (giả lập)")
        case .lost:
            _ = try await apply(false)
            try await context.channel.close()
            return Self.problem(.serviceUnavailable, "Kết nối bị ngắt sau khi ghi (giả lập)")
        case .duplicate:
            if write { _ = try await apply(false) }
            return try await apply(true)
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func written(_ stored: Bool) -> Response {
        Response(
            status: stored ? .created : .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: stored ? #"{"stored":true}"# : #"{"stored":false,"duplicate":true}"#))
        )
    }

    static func problem(_ status: HTTPResponse.Status, _ title: String) -> Response {
        let body = #"{"type":"about:blank","title":"\#(title)","status":\#(status.code)}"#
        return Response(status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
