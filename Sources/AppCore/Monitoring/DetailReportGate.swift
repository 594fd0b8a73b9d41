import Domain
import Foundation
import Synchronization

/// At most `limit` reports that read the detailed counters (`MonitoringRepository.readsDetail`) at once
/// in a process, the others waiting their turn in the order they came. Such a report holds all its groups
/// and its answer in memory: a nationwide breakdown by procedure and commune, its answer written in parts
/// (`JSONParts`), peaked the server at 285 MB at scale 0.05, and three at once at 554 MB, where issue 7 asks for less than 500 MB while
/// serving the national data (BENCHMARKS.md). Reports the rollups answer pass straight through.
/// `MOTCUA_DETAIL_REPORTS` sets the limit (default 1).
public final class DetailReportGate: Sendable {
    public static let shared = DetailReportGate(
        limit: EnvironmentSetting.detailReports.integer(in: ProcessInfo.processInfo.environment) ?? 1
    )

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    public let limit: Int
    private let state = Mutex(State())

    public init(limit: Int) {
        precondition(limit >= 1, "a gate lets at least one report through")
        self.limit = limit
    }

    /// How many reports wait for their turn.
    public var waiting: Int { state.withLock { $0.waiting.count } }

    /// `body` once fewer than `limit` others run. A cancelled task still waits for its turn.
    public func run<T>(_ body: () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        let entered = state.withLock { state in
            guard state.running < limit else { return false }
            state.running += 1
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                // Someone may have left between the two locks.
                guard state.running < limit else {
                    state.waiting.append(continuation)
                    return false
                }
                state.running += 1
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// The place goes to the first in line, if any, without being given up in between.
    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
