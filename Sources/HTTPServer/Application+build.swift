public import AppCore
public import Hummingbird
import WebViews
public import Logging
public import Prometheus
public import Storage
public import Foundation
import Domain
import NIOCore

/// What the HTTP layer is built from: the store, the use cases and the metrics registry.
public struct AppServices: Sendable {
    public var store: any Store
    public var geography: GeographyService
    public var calendar: CalendarService
    public var identity: IdentityService
    public var catalog: CatalogService
    public var dossiers: DossierService
    /// Citizen look-ups one client address may make per minute.
    public var lookupsPerMinute: Int
    public var metrics: PrometheusCollectorRegistry
    /// Whether `X-Forwarded-For` names the client (only behind a trusted proxy).
    public var trustForwardedFor: Bool
    /// Portal intake, population look-ups, the outbox; nil: no external system configured.
    public var registries: RegistryService?
    /// The bearer token the national portal sends when it pushes dossiers; nil: push is off.
    public var portalPushToken: String?
    /// One data-quality service for the API and the pages, so that both read the same kept reports.
    public let quality: DataQualityService

    public init(
        store: any Store, geography: GeographyService, calendar: CalendarService, identity: IdentityService,
        catalog: CatalogService, dossiers: DossierService, lookupsPerMinute: Int = 30,
        metrics: PrometheusCollectorRegistry, trustForwardedFor: Bool = false, registries: RegistryService? = nil, portalPushToken: String? = nil
    ) {
        self.store = store
        self.geography = geography
        self.calendar = calendar
        self.identity = identity
        self.catalog = catalog
        self.dossiers = dossiers
        self.lookupsPerMinute = lookupsPerMinute
        self.metrics = metrics
        self.trustForwardedFor = trustForwardedFor
        self.registries = registries
        self.portalPushToken = portalPushToken
        quality = DataQualityService(store: store, calendar: calendar, now: { Date() })
    }
}

public enum HTTPServerError: Error, CustomStringConvertible {
    case missingResource(String)

    public var description: String {
        switch self {
        case .missingResource(let name): "resource \(name) is missing from the program"
        }
    }
}

/// The checked-in OpenAPI document that describes every route.
public func openAPIDocument() throws -> Data {
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
        throw HTTPServerError.missingResource("openapi.json")
    }
    return try Data(contentsOf: url)
}

/// Every route of MotCua on one router: the single composition root of the HTTP layer.
public func buildRouter(_ services: AppServices) throws -> Router<MotCuaRequestContext> {
    let router = Router(context: MotCuaRequestContext.self)
    let pages = try PageRenderer()
    router.middlewares.add(RequestLogMiddleware())
    // Outside the problems, so that the metrics count the status each answer left with.
    router.middlewares.add(RequestMetricsMiddleware())
    router.middlewares.add(ProblemMiddleware(pages: pages))
    let all = try routes(services) + pageRoutes(services, pages: pages)
    for route in all {
        router.on(RouterPath(route.path), method: route.method, use: route.handler)
    }
    // A known path asked with another method gets 405 and the methods it has, not 404.
    for (path, methods) in Dictionary(grouping: all, by: \.path).mapValues({ $0.map(\.method) }) {
        let allowed = methods.map(\.rawValue).sorted().joined(separator: ", ")
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] where !methods.contains(method) {
            router.on(RouterPath(path), method: method) { _, _ -> Response in
                throw RequestError.methodNotAllowed(allowed: allowed)
            }
        }
    }
    return router
}

func routes(_ services: AppServices) throws -> [Route<MotCuaRequestContext>] {
    let identity = IdentityAPI<MotCuaRequestContext>(service: services.identity, trustForwardedFor: services.trustForwardedFor)
    return OperationsAPI(store: services.store, metrics: services.metrics, openAPIDocument: ByteBuffer(bytes: try openAPIDocument())).routes
        + GeographyAPI(service: services.geography).routes
        + CalendarAPI(service: services.calendar).routes
        + identity.routes
        + CatalogAPI(service: services.catalog, identity: services.identity).routes
        + DossierAPI(service: services.dossiers, identity: identity, lookupLimiter: RateLimiter(perMinute: services.lookupsPerMinute)).routes
        + DocumentAPI(service: services.dossiers, identity: identity).routes
        + SlipAPI(service: services.dossiers, identity: identity).routes
        + ReportsAPI(service: ReportService(store: services.store, gazetteer: services.geography.converter.gazetteer, now: { Date() })).routes
        + BookkeepingAPI(
            service: RedundancyService(store: services.store, now: { Date() }), staffing: StaffingService(store: services.store, now: { Date() }),
            secondments: SecondmentService(store: services.store, now: { Date() }),
            facilities: FacilityService(store: services.store, now: { Date() }),
            obstacles: ObstacleService(store: services.store, now: { Date() }), agencies: AgencyReport(store: services.store, now: { Date() }),
            publicServiceUnits: PublicServiceUnitService(store: services.store, now: { Date() }),
            export: BookkeepingExport(store: services.store, now: { Date() }), identity: identity
        ).routes
        + ImportAPI(
            service: LegacyImportService(store: services.store, calendar: services.calendar, now: { Date() }),
            addresses: AddressUpdateService(store: services.store, clock: services.calendar.defaultClock, now: { Date() }), identity: identity
        ).routes
        + CodeListAPI(service: CodeLists(store: services.store, now: { Date() })).routes
        + QualityAPI(service: services.quality, identity: identity).routes
        + RegistriesAPI(
            service: registryService(services),
            identity: identity, portalPushToken: services.portalPushToken
        ).routes
}

/// The server's register service, or one whose messages wait in the outbox when none is configured.
func registryService(_ services: AppServices) -> RegistryService {
    services.registries ?? RegistryService(
        store: services.store, targets: .unconfigured, dossiers: services.dossiers, identity: services.identity,
        logger: Logger(label: "motcua.registries")
    )
}

/// The pages (HTML, outside the API's document).
func pageRoutes(_ services: AppServices, pages: PageRenderer) -> [Route<MotCuaRequestContext>] {
    let identity = IdentityAPI<MotCuaRequestContext>(service: services.identity, trustForwardedFor: services.trustForwardedFor)
    let registries = registryService(services)
    let officers = OfficerPages(
        pages: pages, catalog: services.catalog, dossiers: services.dossiers, identity: identity, registries: registries,
        imports: LegacyImportService(store: services.store, calendar: services.calendar, now: { Date() }), now: { Date() }
    )
    return StaticRoutes(assets: pages.assets).routes
        + CitizenPages(
            pages: pages, catalog: services.catalog, geography: services.geography, dossiers: services.dossiers,
            lookupLimiter: RateLimiter(perMinute: services.lookupsPerMinute), identity: identity
        ).routes
        + officers.routes
        + AdminPages(
            pages: pages, officers: officers, catalog: services.catalog, calendar: services.calendar,
            registries: registries
        ).routes
        + MonitorPages(
            pages: pages, reports: ReportService(store: services.store, gazetteer: services.geography.converter.gazetteer, now: { Date() }),
            catalog: services.catalog, registries: services.registries, bookkeeping: BookkeepingExport(store: services.store, now: { Date() }),
            quality: services.quality, now: { Date() }
        ).routes
}

/// Every route as `METHOD /path/{param}`, in OpenAPI syntax, for the test that the document covers them.
public func registeredRoutes(_ services: AppServices) throws -> [String] {
    try routes(services).map { "\($0.method.rawValue) \($0.openAPIPath)" }
}

/// The server: routes, address, and a callback with the port actually bound (for `--port 0`).
public func buildApplication(
    _ services: AppServices, host: String, port: Int, logger: Logger,
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> Application<RouterResponder<MotCuaRequestContext>> {
    Application(
        router: try buildRouter(services),
        // A client that stops sending (or, after a 413, stops reading) is let go after a minute instead
        // of holding its connection open (found by scripts/fuzz-api).
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(host, port: port), serverName: "MotCua"),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
