import AppCore
import ArgumentParser
import Domain
import Foundation
import Logging
import Registries
import Storage

struct RegistriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registries",
        abstract: "The national portal, population, civil-status and business registers, notifications: simulator, outbox, reconciliation.",
        subcommands: [Simulate.self, Outbox.self, Reconcile.self, Pull.self]
    )

    /// The endpoints from `--registry-url` or the environment (see README).
    struct Endpoints: ParsableArguments {
        @Option(help: "Base URL of every external system (default: MOTCUA_REGISTRY_URL and the per-system variables).")
        var registryURL: String?
        @Option(help: "Seconds a call to an external system may take.") var registryTimeout: Double = 5

        func resolved() throws -> RegistryEndpoints {
            if let registryURL { return RegistryEndpoints.all(at: registryURL, token: ProcessInfo.processInfo.environment["MOTCUA_REGISTRY_TOKEN"], timeoutSeconds: registryTimeout) }
            guard var endpoints = RegistryEndpoints.fromEnvironment() else {
                throw CommandFailure("no external systems configured: give --registry-url or set MOTCUA_REGISTRY_URL")
            }
            endpoints.timeoutSeconds = registryTimeout
            return endpoints
        }
    }

    static func service(_ store: any Store, _ endpoints: RegistryEndpoints) async throws -> (RegistryService, RegistryHTTP) {
        let identity = IdentityService(store: store, now: { Date() })
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        let dossiers = DossierService(store: store, calendar: calendar, identity: identity, now: { Date() })
        let http = RegistryHTTP(endpoints: endpoints)
        return (RegistryService(store: store, targets: .http(http), dossiers: dossiers, identity: identity, logger: commandLogger()), http)
    }

    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the simulator of every external system as one HTTP server, with deterministic data and injected faults."
        )
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 9090
        @Option(help: "Seed of the fake people and portal filings.") var seed: UInt64 = 1
        @Option(help: "Fake residents in the population register.") var people = 1_000
        @Option(help: "Dossiers waiting on the portal's feed at start.") var filings = 20
        @Option(help: "Share of requests (0–1) that get a fault.") var faultRate = 0.0
        @Option(help: "Fault kinds, comma-separated: latency,5xx,timeout,reset,lost,duplicate.")
        var faults = FaultSettings.Kind.allCases.map(\.rawValue).joined(separator: ",")
        @Option(help: "Milliseconds of a latency fault.") var latencyMs = 200
        @Option(help: "Milliseconds a timeout fault holds the request.") var timeoutMs = 3_000
        @Flag(help: "Store a repeated write twice instead of deduplicating on its Idempotency-Key.") var noDeduplication = false
        @Option(help: "Bearer token the clients must send (none: no check).") var token: String?

        func run() async throws {
            var kinds: [FaultSettings.Kind] = []
            for name in faults.split(separator: ",") {
                guard let kind = FaultSettings.Kind(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw CommandFailure("unknown fault kind \(name); known: \(FaultSettings.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds.append(kind)
            }
            guard (0...1).contains(faultRate) else { throw CommandFailure("--fault-rate is a share between 0 and 1") }
            var options = RegistrySimulator.Options()
            options.seed = seed
            options.people = people
            options.filings = filings
            options.token = token
            options.faults = FaultSettings(rate: faultRate, kinds: kinds, latencyMs: latencyMs, timeoutMs: timeoutMs, deduplicate: !noDeduplication)
            let host = self.host
            let rate = faultRate
            let seed = options.seed
            try await RegistrySimulator(options).run(host: host, port: port, logger: commandLogger("simulator")) { port in
                FileHandle.standardOutput.write(Data("Registry simulator listening on http://\(host):\(port) — seed \(seed), faults \(rate)\n".utf8))
            }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take in the dossiers waiting on the national portal's feed now.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var endpoints: Endpoints

        func run() async throws {
            let resolved = try endpoints.resolved()
            let count = try await withStore(database, logger: commandLogger()) { store in
                let (service, http) = try await RegistriesCommand.service(store, resolved)
                defer { Task { try? await http.shutdown() } }
                return try await service.pullPortal()
            }
            print("Read \(count) filing(s) from the portal.")
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Messages to other systems: list, retry dead letters, discard.", subcommands: [List.self, Retry.self, Discard.self, Summary.self]
        )

        struct List: AsyncParsableCommand {
            @OptionGroup var database: DatabaseOptions
            @Option(help: "pending, delivered, dead or discarded.") var state: String?
            @Option(help: "portal, civil-status, business or notification.") var system: String?
            @Option(help: "Only this dossier's messages.") var dossier: String?
            @Option(help: "Rows after this id (paging).") var after: Int?
            @Option(help: "At most this many rows.") var limit = 100

            func run() async throws {
                let state = try self.state.map { try parseChoice(OutboxState.self, $0, "--state") }
                let system = try self.system.map { try parseChoice(ExternalSystem.self, $0, "--system") }
                let rows = try await withStore(database, logger: commandLogger()) { store in
                    try await store.outbox.list(state: state, system: system, dossierCode: dossier, afterID: after, limit: limit)
                }
                let table = rows.map { row in
                    [String(row.id), row.message.system.rawValue, row.message.dossierCode, row.message.key, row.state.rawValue, String(row.attempts),
                     String((row.lastError ?? "").prefix(60))]
                }
                print(UnitRendering.table([["id", "system", "dossier", "key", "state", "attempts", "last error"]] + table), terminator: "")
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Send a dead or discarded message again (attempts start over).")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Outbox row id.") var id: Int

            func run() async throws {
                let done = try await withStore(database, logger: commandLogger()) { store in
                    try await store.outbox.retry(id: id, at: Int(Date().timeIntervalSince1970 * 1000))
                }
                guard done else { throw CommandFailure("no dead or discarded message \(id)") }
                print("Message \(id) is pending again.")
            }
        }

        struct Discard: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Give up a pending or dead message (kept, marked discarded).")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "Outbox row id.") var id: Int

            func run() async throws {
                let done = try await withStore(database, logger: commandLogger()) { store in try await store.outbox.discard(id: id) }
                guard done else { throw CommandFailure("no pending or dead message \(id)") }
                print("Message \(id) discarded.")
            }
        }

        struct Summary: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Messages per system, unit and state.")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                let (counts, mismatches) = try await withStore(database, logger: commandLogger()) { store in
                    (try await store.outbox.counts(), try await store.outbox.mismatchCounts())
                }
                let rows = counts.map { [$0.system.rawValue, $0.provinceCode, $0.unitCode, $0.state.rawValue, String($0.count)] }
                print(UnitRendering.table([["system", "province", "unit", "state", "messages"]] + rows), terminator: "")
                guard !mismatches.isEmpty else { return }
                let checked = mismatches.map {
                    [$0.system.rawValue, $0.unitCode, String($0.mismatches), ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double($0.checkedAt) / 1000))]
                }
                print("\nLast reconciliations:")
                print(UnitRendering.table([["system", "unit", "mismatches", "checked"]] + checked), terminator: "")
            }
        }
    }

    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare our dossiers with what another system holds; list what is missing, extra or different."
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var endpoints: Endpoints
        @Option(help: "portal, civil-status or business.") var system: String
        @Option(help: "Dossiers changed on or after this date (YYYY-MM-DD).") var since: String
        @Option(help: "table, csv or json.") var format = "table"
        @Flag(help: "Queue again what the other side is missing.") var repair = false

        func run() async throws {
            let system = try parseChoice(ExternalSystem.self, self.system, "--system")
            guard let since = LocalDate(iso: since) else { throw CommandFailure("--since must be a date YYYY-MM-DD") }
            guard ["table", "csv", "json"].contains(format) else { throw CommandFailure("--format is table, csv or json") }
            let resolved = try endpoints.resolved()
            let report = try await withStore(database, logger: commandLogger()) { store in
                let (service, http) = try await RegistriesCommand.service(store, resolved)
                do {
                    let report = try await service.reconcile(system, since: since, repair: repair)
                    try await http.shutdown()
                    return report
                } catch {
                    try? await http.shutdown()
                    throw CommandFailure(error)
                }
            }
            let rows = report.mismatches.map { [$0.kind.rawValue, $0.dossierCode, $0.unitCode, $0.detail] }
            switch format {
            case "json":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            case "csv":
                print(([["kind", "dossier", "unit", "detail"]] + rows).map(CSV.line).joined(), terminator: "")
            default:
                print(UnitRendering.table([["kind", "dossier", "unit", "detail"]] + rows), terminator: "")
                print("\(system): \(report.checked) dossier(s) checked, \(report.mismatches.count) mismatch(es)"
                      + (repair ? ", \(report.repaired) message(s) queued again" : ""))
            }
            if !report.mismatches.isEmpty && !repair { throw ExitCode(3) }
        }
    }
}

func parseChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: String, _ option: String) throws -> T where T.RawValue == String {
    guard let value = T(rawValue: text) else {
        throw CommandFailure("\(option) is one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}
