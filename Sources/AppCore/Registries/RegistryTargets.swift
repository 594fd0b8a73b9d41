public import Registries
public import Domain

/// Where each kind of outbox message goes.
public struct RegistryTargets: Sendable {
    public var portal: any NationalPortal
    public var population: any PopulationRegister
    public var civilStatus: any RecordRegister
    public var business: any RecordRegister
    public var notifier: any Notifier
    /// Until when (seconds since 1970) a system's circuit breaker fails every call at once: the outbox
    /// puts that system's messages off until then without sending them.
    public var blockedUntil: @Sendable (ExternalSystem) -> Double? = { _ in nil }

    public init(portal: any NationalPortal, population: any PopulationRegister, civilStatus: any RecordRegister, business: any RecordRegister, notifier: any Notifier) {
        self.portal = portal
        self.population = population
        self.civilStatus = civilStatus
        self.business = business
        self.notifier = notifier
    }

    /// Every system over HTTP, at the configured endpoints.
    public static func http(_ http: RegistryHTTP) -> RegistryTargets {
        let registries = HTTPRegistries(http: http)
        var targets = RegistryTargets(
            portal: registries, population: registries, civilStatus: registries.register(.civilStatus),
            business: registries.register(.business), notifier: registries
        )
        targets.blockedUntil = { http.blockedUntil($0) }
        return targets
    }

    public func register(_ system: ExternalSystem) -> any RecordRegister {
        system == .business ? business : civilStatus
    }

    func send(_ message: OutboxMessage) async throws(RegistryError) {
        switch message.payload {
        case .status(let update): try await portal.push(update, key: message.key)
        case .record(let record): try await register(message.system).write(record, key: message.key)
        case .notice(let notice): try await notifier.send(notice, key: message.key)
        }
    }
}

extension RegistryTargets {
    /// No system configured: every call fails with `notConfigured`, and the outbox keeps its rows.
    public static let unconfigured = RegistryTargets(
        portal: Unconfigured(system: .portal), population: Unconfigured(system: .population), civilStatus: Unconfigured(system: .civilStatus),
        business: Unconfigured(system: .business), notifier: Unconfigured(system: .notification)
    )
}

struct Unconfigured: NationalPortal, PopulationRegister, RecordRegister, Notifier {
    let system: ExternalSystem

    func filings(after cursor: String?, limit: Int) async throws(RegistryError) -> FilingPage { throw .notConfigured(system) }
    func push(_ update: PortalStatusUpdate, key: String) async throws(RegistryError) { throw .notConfigured(system) }
    func statuses() async throws(RegistryError) -> [String: [Int]] { throw .notConfigured(system) }
    func person(_ personalID: String) async throws(RegistryError) -> PersonRecord? { throw .notConfigured(system) }
    func write(_ record: RegisterRecord, key: String) async throws(RegistryError) { throw .notConfigured(system) }
    func records(dossierCode: String?) async throws(RegistryError) -> [RegisterRecord] { throw .notConfigured(system) }
    func send(_ notice: Notice, key: String) async throws(RegistryError) { throw .notConfigured(system) }
}
