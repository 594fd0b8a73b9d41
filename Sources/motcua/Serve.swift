import AppCore
import Domain
import ArgumentParser
import Foundation
import HTTPServer
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import Registries
import Storage
import StorageSQLite

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server (API, pages, health, metrics).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Flag(help: "Take the client address from X-Forwarded-For (only behind a trusted reverse proxy).") var trustForwardedFor = false
    @Flag(help: "Create the documented demo accounts (one per role). Never on a real database.") var demo = false
    @Option(help: "Citizen look-ups (code + secret) one client address may make per minute.") var lookupsPerMinute = 30
    @Option(help: "Base URL of the external systems (portal, registers, notifications); default MOTCUA_REGISTRY_URL. Without one, messages wait in the outbox.")
    var registryURL: String?
    @Option(help: "Seconds between pulls of the national portal's feed.") var portalPullSeconds = 60.0
    @Option(help: "Attempts before an outbox message is parked as a dead letter.") var outboxMaxAttempts = 25
    @Option(help: "Longest wait in seconds between two attempts of one outbox message (exponential back-off up to it).")
    var outboxMaxDelay = 300.0

    @Flag(help: "Run request handlers on the network event loops (faster keyed requests, slower reports; see README).")
    var eventLoopExecutor = false

    func run() async throws {
        // No hop to another thread and back per request: a citizen's look-up +14 % on SQLite, but the loops
        // do not steal work from each other, and a report landing on a busy loop waits (dashboard p99 ×5–6)
        // and PostgreSQL lost ~10 % everywhere (BENCHMARKS.md). For an instance that serves look-ups only.
        if eventLoopExecutor { NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() }
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: Logger.Level(rawValue: logLevel) ?? .info) }
        let logger = Logger(label: "motcua")
        // One server owns a SQLite file; the lock is held until the process ends.
        let lock = try database.sqlitePath.map(Self.lock)
        let store = try await database.openStore(logger: logger)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let geography = try await GeographyService.load(store: store, now: { Date() })
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        var identitySettings = IdentityService.Settings()
        let environment = ProcessInfo.processInfo.environment
        if let cost = EnvironmentSetting.bcryptCost.integer(in: environment) { identitySettings.bcryptCost = UInt8(cost) }
        if let seconds = EnvironmentSetting.sessionCacheSeconds.seconds(in: environment) { identitySettings.sessionCacheSeconds = seconds }
        let identity = IdentityService(store: store, settings: identitySettings, now: { Date() })
        identity.prepareSignIn()
        try await identity.seedAgencies()
        if demo { try await DemoAccounts.create(identity) }
        let dossiers = DossierService(store: store, calendar: calendar, identity: identity, now: { Date() })
        let endpoints = registryURL.map { RegistryEndpoints.all(
            at: $0, token: environment["MOTCUA_REGISTRY_TOKEN"], timeoutSeconds: EnvironmentSetting.registryTimeout.seconds(in: environment) ?? 5
        ) } ?? RegistryEndpoints.fromEnvironment()
        let http = endpoints.map { RegistryHTTP(endpoints: $0) }
        let targets = http.map(RegistryTargets.http) ?? .unconfigured
        let registries = RegistryService(store: store, targets: targets, dossiers: dossiers, identity: identity, logger: Logger(label: "motcua.registries"))
        let services = AppServices(
            store: store, geography: geography, calendar: calendar, identity: identity,
            catalog: CatalogService(store: store, now: { Date() }), dossiers: dossiers, lookupsPerMinute: lookupsPerMinute,
            metrics: registry, trustForwardedFor: trustForwardedFor, registries: registries,
            portalPushToken: environment["MOTCUA_PORTAL_PUSH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        )
        let host = self.host
        let description = store.description
        let outbox = endpoints == nil ? "external systems not configured (messages wait in the outbox)" : "outbox worker on"
        var app = try buildApplication(services, host: host, port: port, logger: logger) { port in
            // Written unbuffered, so that scripts waiting for this line see it at once.
            FileHandle.standardOutput.write(Data("MotCua listening on http://\(host):\(port) — database: \(description) — \(outbox)\n".utf8))
        }
        let reports = ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { Date() })
        app.addServices(
            MonthlyReportService(reports: MonthlyReports(reports: reports), logger: Logger(label: "motcua.monthly-reports")),
            PlannerStatisticsService(store: store, logger: Logger(label: "motcua.statistics"))
        )
        if endpoints != nil {
            var settings = OutboxWorker.Settings()
            // The file lock makes this the only worker a SQLite file can have.
            settings.soleWorker = lock != nil
            settings.retry.maxAttempts = outboxMaxAttempts
            settings.retry.maxSeconds = max(1, outboxMaxDelay)
            app.addServices(
                OutboxWorker(store: store, targets: targets, settings: settings, logger: Logger(label: "motcua.outbox")),
                PortalPuller(registries: registries, intervalSeconds: portalPullSeconds, logger: Logger(label: "motcua.portal"))
            )
        }
        do {
            try await app.runService()
        } catch {
            try? await http?.shutdown()
            try? await store.close()
            throw error
        }
        try? await http?.shutdown()
        try await store.close()
        withExtendedLifetime(lock) {}
    }
}

extension Serve {
    static func lock(_ path: String) throws -> SQLiteFileLock {
        do {
            return try SQLiteFileLock(databasePath: path)
        } catch .databaseLocked(let path, let detail) {
            throw CommandFailure("""
                Refusing to start: the SQLite database \(path) is already served by another motcua process (\(detail)).
                Stop that server first, or give this one another file with --database.
                """)
        } catch {
            throw CommandFailure("cannot lock \(path): \(error)")
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and load reference data.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = commandLogger()
        let applied = try await withStore(database, logger: logger) { store in try await store.appliedMigrations() }
        print("Database \(database.resolved): migrations applied \(applied.map(String.init).joined(separator: ", ")).")
    }
}
