public import Domain
public import Foundation

/// Where each system answers and with what credential. One base URL serves all systems (the
/// simulator); each can be overridden. From the environment: `MOTCUA_REGISTRY_URL`, and
/// `MOTCUA_PORTAL_URL`, `MOTCUA_POPULATION_URL`, `MOTCUA_CIVIL_STATUS_URL`, `MOTCUA_BUSINESS_URL`,
/// `MOTCUA_NOTIFICATION_URL`; `MOTCUA_REGISTRY_TOKEN` is sent as a bearer token.
public struct RegistryEndpoints: Sendable, Equatable {
    public var urls: [ExternalSystem: String]
    public var token: String?
    /// Seconds a call may take, connection included.
    public var timeoutSeconds: Double

    public init(urls: [ExternalSystem: String] = [:], token: String? = nil, timeoutSeconds: Double = 5) {
        self.urls = urls.mapValues { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.token = token
        self.timeoutSeconds = timeoutSeconds
    }

    /// Every system at one base URL.
    public static func all(at base: String, token: String? = nil, timeoutSeconds: Double = 5) -> RegistryEndpoints {
        RegistryEndpoints(urls: Dictionary(uniqueKeysWithValues: ExternalSystem.allCases.map { ($0, base) }), token: token, timeoutSeconds: timeoutSeconds)
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> RegistryEndpoints? {
        var urls: [ExternalSystem: String] = [:]
        if let base = environment["MOTCUA_REGISTRY_URL"], !base.isEmpty {
            for system in ExternalSystem.allCases { urls[system] = base }
        }
        let names: [ExternalSystem: String] = [
            .portal: "MOTCUA_PORTAL_URL", .population: "MOTCUA_POPULATION_URL", .civilStatus: "MOTCUA_CIVIL_STATUS_URL",
            .business: "MOTCUA_BUSINESS_URL", .notification: "MOTCUA_NOTIFICATION_URL",
        ]
        for (system, name) in names {
            if let url = environment[name], !url.isEmpty { urls[system] = url }
        }
        guard !urls.isEmpty else { return nil }
        let timeout = EnvironmentSetting.registryTimeout.seconds(in: environment) ?? 5
        return RegistryEndpoints(urls: urls, token: environment["MOTCUA_REGISTRY_TOKEN"], timeoutSeconds: timeout)
    }
}
