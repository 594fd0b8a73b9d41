import AppCore
import ArgumentParser
import Foundation
import Logging
import Domain
import Storage
import StoragePostgres
import StorageSQLite

/// Where the data lives: `--database`, else `MOTCUA_DATABASE_URL`, else `./data/motcua.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "A postgres:// URL or a SQLite file path (default: $MOTCUA_DATABASE_URL or ./data/motcua.sqlite).")
    var database: String?

    static let defaultSQLitePath = "data/motcua.sqlite"

    var resolved: String {
        if let database, !database.isEmpty { return database }
        if let env = ProcessInfo.processInfo.environment["MOTCUA_DATABASE_URL"], !env.isEmpty { return env }
        return Self.defaultSQLitePath
    }

    var isPostgres: Bool { resolved.hasPrefix("postgres://") || resolved.hasPrefix("postgresql://") }

    /// The SQLite file path, when the database is SQLite.
    var sqlitePath: String? {
        guard !isPostgres else { return nil }
        return resolved.hasPrefix("sqlite://") ? String(resolved.dropFirst("sqlite://".count)) : resolved
    }

    /// Opens, migrates and fills the store with the shipped reference data when it lacks it.
    func openStore(logger: Logger) async throws -> any Store {
        let problems = EnvironmentSetting.problems(in: ProcessInfo.processInfo.environment)
        guard problems.isEmpty else { throw CommandFailure("refusing to start on settings it cannot use:\n" + problems.joined(separator: "\n")) }
        let store: any Store
        if let path = sqlitePath {
            store = try SQLiteStore(path: path)
        } else {
            // Citizen look-ups and reports may read a streaming replica; everything else reads the primary.
            let replica = ProcessInfo.processInfo.environment["MOTCUA_READ_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            store = try PostgresStore(url: resolved, logger: logger, replica: replica)
        }
        do {
            let applied = try await store.migrate()
            if !applied.isEmpty { logger.info("migrations applied", metadata: ["ids": "\(applied)"]) }
            if try await ReferenceLoader.ensureGeography(in: store, at: ISO8601DateFormatter().string(from: Date())) {
                logger.info("geography reference data loaded")
            }
            let procedures = try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
            if procedures > 0 { logger.info("demo procedure catalogue loaded", metadata: ["versions": "\(procedures)"]) }
        } catch {
            try? await store.close()
            throw CommandFailure("cannot prepare the database (\(store.description)): \(String(reflecting: error))")
        }
        return store
    }
}

/// Runs `body` with an open store and closes it afterwards, whatever happens.
func withStore<T>(_ options: DatabaseOptions, logger: Logger, _ body: (any Store) async throws -> T) async throws -> T {
    let store = try await options.openStore(logger: logger)
    do {
        let result = try await body(store)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}

/// Command-line failures as short messages, never stack traces.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) { description = message }

    init(_ error: any Error) {
        guard let error = error as? AppError else {
            description = String(describing: error)
            return
        }
        switch error {
        case .invalid(let issues):
            description = issues.map { "\($0.field): \($0.message)" }.joined(separator: "\n")
        case .notFound(let what, let code):
            description = "not found: \(what) \(code)"
        case .tooLarge(let limit):
            description = "too large (limit \(limit))"
        case .unavailable(let detail):
            description = "database unavailable: \(detail)"
        case .storage(let error):
            description = "storage: \(error)"
        case .unauthenticated(let detail), .forbidden(let detail), .conflict(let detail), .notAllowed(let detail),
             .preconditionFailed(let detail), .preconditionRequired(let detail):
            description = detail
        case .idempotencyMismatch:
            description = "the idempotency key was used for another request"
        case .tooManyAttempts(let seconds):
            description = "too many attempts; try again in \(seconds) s"
        }
    }
}

func commandLogger(_ label: String = "motcua") -> Logger {
    var logger = Logger(label: label)
    let level = EnvironmentSetting.logLevel.text(in: ProcessInfo.processInfo.environment).flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .warning
    return logger
}

extension GeographyService {
    /// The service for store look-ups only, without reading the gazetteer (commands that convert no address).
    static func lookups(_ store: any Store) -> GeographyService {
        GeographyService(store: store, gazetteer: Gazetteer(units: [], lineage: []), now: { Date() })
    }
}
