public import Logging
public import ServiceLifecycle
public import Storage

/// Keeps the database's planner statistics in step with its growth while the server runs (see
/// `Store.refreshStatistics`): a look every `intervalSeconds`, work only when the data has doubled.
public struct PlannerStatisticsService: Service {
    let store: any Store
    let intervalSeconds: Double
    let logger: Logger

    public init(store: any Store, intervalSeconds: Double = 60, logger: Logger) {
        self.store = store
        self.intervalSeconds = intervalSeconds
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(intervalSeconds))
                do {
                    if try await store.refreshStatistics() { logger.info("planner statistics refreshed") }
                } catch {
                    logger.warning("planner statistics not refreshed; next try later", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
