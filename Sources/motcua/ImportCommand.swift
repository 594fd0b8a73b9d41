import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua import …`: dossiers of pre-reform one-stop systems, and the review queue of split communes.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring over the dossiers of pre-reform one-stop systems (exchange format in docs/exchange/).",
        subcommands: [Dossiers.self, Reviews.self, Resolve.self]
    )

    static func service(_ store: any Store) async throws -> LegacyImportService {
        _ = try await IdentityService(store: store, now: { Date() }).seedAgencies()
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        return LegacyImportService(store: store, calendar: calendar, now: { Date() })
    }

    struct Dossiers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check and import an exchange file (JSON Lines or CSV); every invalid row is reported and nothing of it written."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The exchange file.") var file: String
        @Flag(help: "Check and report only; write nothing.") var dryRun = false
        @Option(help: "Also write the whole report as JSON to this file.") var report: String?
        @Option(help: "Records per transaction.") var batch = 1_000
        @Option(help: "Batches in flight at once.") var concurrency = 4
        @Option(help: "Records read and checked at a time (two chunks are in memory at once).") var chunk = 25_000

        func run() async throws {
            // Both refusals come before anything is opened: no database is touched for them.
            guard (1...10_000).contains(batch), (1...32).contains(concurrency), (1...1_000_000).contains(chunk) else {
                throw CommandFailure("--batch must be 1…10000, --concurrency 1…32 and --chunk 1…1000000")
            }
            let source: ExchangeFileSource
            do { source = try ExchangeFileSource.file(atPath: file) } catch { throw CommandFailure("cannot read \(file): \(error.localizedDescription)") }
            let started = Date()
            let result = try await withStore(database, logger: commandLogger()) { store in
                let service = try await ImportCommand.service(store)
                let bar = ProgressBar(dryRun ? "check" : "import")
                do {
                    return try await service.importFile(
                        from: source, dryRun: dryRun, by: nil, batchSize: batch, concurrency: concurrency, chunkRecords: chunk
                    ) {
                        bar.update($0, of: $1)
                    }
                } catch {
                    throw CommandFailure(error)
                }
            }
            let seconds = Date().timeIntervalSince(started)
            for problem in result.problems {
                print("line \(problem.line)\(problem.code.map { " (\($0))" } ?? ""): \(problem.field.isEmpty ? "-" : problem.field): \(problem.reason)")
            }
            print("""
                \(result.records) records: \(result.imported) \(dryRun ? "would be imported" : "imported") (\(result.events) events), \
                \(result.queuedForReview) \(dryRun ? "would wait" : "waiting") for review (split old communes), \
                \(result.alreadyKnown) already imported or queued, \(result.invalidRecords) invalid, in \
                \(String(format: "%.1f s (%.0f records/s)", seconds, Double(result.records) / max(seconds, 0.001)))
                """)
            if let path = report {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                try encoder.encode(result).write(to: URL(fileURLWithPath: path))
            }
        }
    }

    struct Reviews: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the records waiting for an officer to pick the successor of a split old unit.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this province.") var province: String?
        @Flag(help: "List the settled ones instead.") var resolved = false
        @Option(help: "At most this many.") var limit = 50

        func run() async throws {
            let items = try await withStore(database, logger: commandLogger()) { store in
                try await store.dossiers.reviews(provinceCode: province, resolved: resolved, after: nil, limit: limit)
            }
            for review in items {
                let choices = review.candidates.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value.joined(separator: " | "))" }
                print("\(review.sourceSystem) \(review.originalCode)  [\(review.record.applicant.address ?? "")]  \(choices.joined(separator: "; "))"
                      + (review.dossierCode.map { "  = \($0)" } ?? ""))
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settle a review: pick the successor of each split old unit; the dossier is imported.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The source system.") var system: String
        @Option(help: "The original code.") var code: String
        @Option(name: .customLong("choose"), help: "OLD=NEW, once per split old code.") var choices: [String] = []

        func run() async throws {
            var chosen: [String: String] = [:]
            for choice in choices {
                let parts = choice.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CommandFailure("--choose takes OLD=NEW, not \(choice)") }
                chosen[parts[0]] = parts[1]
            }
            let dossier = try await withStore(database, logger: commandLogger()) { store in
                let service = try await ImportCommand.service(store)
                do { return try await service.resolve(sourceSystem: system, originalCode: code, choices: chosen, by: nil) } catch { throw CommandFailure(error) }
            }
            print(dossier)
        }
    }
}
