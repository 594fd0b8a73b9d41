public import ServiceLifecycle
public import Logging

/// Pulls the national portal's feed on a schedule.
public struct PortalPuller: Service {
    let registries: RegistryService
    let intervalSeconds: Double
    let logger: Logger

    public init(registries: RegistryService, intervalSeconds: Double, logger: Logger) {
        self.registries = registries
        self.intervalSeconds = intervalSeconds
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await loop() }
    }

    func loop() async {
        while !Task.isCancelled {
            do {
                let count = try await registries.pullPortal()
                if count > 0 { logger.info("portal filings read", metadata: ["count": "\(count)"]) }
            } catch {
                logger.warning("portal pull failed; next try at the next interval", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .milliseconds(Int(intervalSeconds * 1000)))
        }
    }
}
