import AppCore
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Logging
import Prometheus
import Storage
import StorageTesting
import Testing

/// The application on a real SQLite store holding the shipped geography, built once for the suite.
actor TestApp {
    static let shared = TestApp()
    private var services: Task<AppServices, any Error>?

    func services() async throws -> AppServices {
        if let services { return try await services.value }
        let task = Task { try await Self.makeServices() }
        services = task
        return try await task.value
    }

    /// A new application's services on a new SQLite store (the shared one, or one a test may break).
    static func makeServices() async throws -> AppServices {
        let store = try await TestStores.make(.sqlite)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        // A fixed "today" after the reform, so defaults do not depend on the day the tests run.
        let today = Date(timeIntervalSince1970: 1_780_000_000)
        let geography = try await GeographyService.load(store: store, now: { today })
        let calendar = try await CalendarService.load(store: store, now: { today })
        var settings = IdentityService.Settings()
        settings.bcryptCost = 4
        let identity = IdentityService(store: store, settings: settings, now: { Date() })
        try await identity.seedAgencies()
        let catalog = CatalogService(store: store, now: { today })
        try await catalog.loadShippedIfEmpty()
        let dossiers = DossierService(store: store, calendar: calendar, identity: identity, now: { Date() })
        return AppServices(
            store: store, geography: geography, calendar: calendar, identity: identity, catalog: catalog, dossiers: dossiers,
            lookupsPerMinute: 1_000, metrics: PrometheusCollectorRegistry(), trustForwardedFor: true
        )
    }

    static func test<T: Sendable>(
        services: AppServices? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let chosen: AppServices
        if let services { chosen = services } else { chosen = try await shared.services() }
        let router = try buildRouter(chosen)
        let app = Application(router: router, logger: Logger(label: "test"))
        return try await app.test(.router, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    var contentType: String { headers[.contentType] ?? "" }
}

func jsonBody(_ object: Any) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]
