import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua addresses …`: applicants' and facilities' addresses still in pre-reform units.
struct AddressesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "addresses", abstract: "Addresses still written with pre-reform units: convert them, list those waiting, settle one.",
        subcommands: [Update.self, Pending.self, Resolve.self]
    )

    static func service(_ store: any Store) async throws -> AddressUpdateService {
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        return AddressUpdateService(store: store, clock: calendar.defaultClock, now: { Date() })
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert every address whose old unit has one successor (a dossier by an event); queue those of split units."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this province.") var province: String?
        @Flag(help: "Count only; change nothing.") var dryRun = false

        func run() async throws {
            let summary = try await withStore(database, logger: commandLogger()) { store in
                do { return try await AddressesCommand.service(store).run(provinceCode: province, dryRun: dryRun) } catch { throw CommandFailure(error) }
            }
            print("""
                \(summary.dossiersRead) dossiers read; applicants \(dryRun ? "to convert" : "converted") \(summary.applicantsConverted), \
                for review \(summary.applicantsForReview); facilities \(dryRun ? "to convert" : "converted") \(summary.facilitiesConverted), \
                for review \(summary.facilitiesForReview); unknown codes \(summary.unknown)
                """)
        }
    }

    struct Pending: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List addresses waiting for a choice (or converted, or resolved).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this province.") var province: String?
        @Option(help: "review, converted or resolved.") var state = "review"

        func run() async throws {
            guard let chosen = AddressUpdate.State(rawValue: state) else { throw CommandFailure("--state must be review, converted or resolved") }
            let items = try await withStore(database, logger: commandLogger()) { store in
                do { return try await AddressesCommand.service(store).pending(state: chosen, provinceCode: province) } catch { throw CommandFailure(error) }
            }
            for item in items {
                print("\(item.kind.rawValue) \(item.subject)  \(item.oldCode) → \(item.newCode ?? item.candidates.joined(separator: " | "))  [\(item.address ?? "")]")
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settle a split old unit: the successor the address lies in.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "applicant or facility.") var kind: String
        @Option(help: "The dossier code or facility id.") var subject: String
        @Option(help: "The successor chosen.") var choose: String

        func run() async throws {
            guard let chosen = AddressUpdate.Kind(rawValue: kind) else { throw CommandFailure("--kind must be applicant or facility") }
            try await withStore(database, logger: commandLogger()) { store in
                do { try await AddressesCommand.service(store).resolve(kind: chosen, subject: subject, choice: choose, by: nil) } catch { throw CommandFailure(error) }
            }
            print("\(subject): \(choose)")
        }
    }
}
