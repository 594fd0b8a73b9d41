import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

struct DossierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier", abstract: "Dossiers: file, act, show, history, verify the projections.",
        subcommands: [File.self, Act.self, Show.self, Events.self, Verify.self]
    )

    /// Reads a JSON argument: inline (starting with `{`), `-` for standard input, or a file path.
    static func json<T: Decodable>(_ type: T.Type, _ argument: String) throws -> T {
        let data: Data
        if argument.hasPrefix("{") {
            data = Data(argument.utf8)
        } else if argument == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: argument) else { throw CommandFailure("cannot read \(argument)") }
            data = contents
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CommandFailure("the JSON does not fit: \(CatalogFileReader.describe(error))")
        }
    }

    /// The use cases as the officer named by `--as` (the command line trusts whoever can reach the database).
    static func service(_ store: any Store, as username: String) async throws -> (DossierService, UserRecord) {
        guard let user = try await store.identity.user(username: username), user.active else {
            throw CommandFailure("no active account \(username)")
        }
        let identity = IdentityService(store: store, now: { Date() })
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        return (DossierService(store: store, calendar: calendar, identity: identity, now: { Date() }), user)
    }

    static func print(_ answer: DossierAnswer) {
        FileHandle.standardOutput.write(Data(answer.body + [0x0A]))
    }

    struct File: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File a dossier at the counter of the officer named by --as.")
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("as"), help: "Username of the receiving officer.") var username: String
        @Argument(help: "The request as JSON (inline, a file, or - for standard input).") var request: String

        func run() async throws {
            let new = try DossierCommand.json(NewDossierRequest.self, request)
            let answer = try await withStore(database, logger: commandLogger()) { store in
                let (service, user) = try await DossierCommand.service(store, as: username)
                do { return try await service.create(new, by: user, idempotency: nil) } catch { throw CommandFailure(error) }
            }
            DossierCommand.print(answer)
        }
    }

    struct Act: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a command to a dossier, as the officer named by --as.")
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("as"), help: "Username of the officer.") var username: String
        @Option(help: "The dossier version the command was decided on (see `dossier show`).") var version: Int
        @Argument var code: String
        @Argument(help: "The command as JSON, e.g. {\"command\":\"assign\",\"assignee\":\"…\"}.") var request: String

        func run() async throws {
            let command = try DossierCommand.json(DossierCommandRequest.self, request)
            let answer = try await withStore(database, logger: commandLogger()) { store in
                let (service, user) = try await DossierCommand.service(store, as: username)
                do {
                    return try await service.command(code: code, command, expectedVersion: version, by: user, secret: nil, idempotency: nil)
                } catch { throw CommandFailure(error) }
            }
            DossierCommand.print(answer)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A dossier as JSON (applicant masked).")
        @OptionGroup var database: DatabaseOptions
        @Argument var code: String

        func run() async throws {
            let dossier = try await withStore(database, logger: commandLogger()) { store in try await store.dossiers.dossier(code: code) }
            guard let dossier else { throw CommandFailure("no dossier \(code)") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(DossierView(dossier)) + Data("\n".utf8))
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A dossier's events, one JSON object per line.")
        @OptionGroup var database: DatabaseOptions
        @Argument var code: String

        func run() async throws {
            let events = try await withStore(database, logger: commandLogger()) { store in try await store.dossiers.events(code: code) }
            guard !events.isEmpty else { throw CommandFailure("no dossier \(code)") }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for event in events { FileHandle.standardOutput.write(try encoder.encode(event) + Data("\n".utf8)) }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Replay every dossier's events: current rows, daily and cohort counters must equal what the events give."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this province.") var province: String?

        func run() async throws {
            let report = try await withStore(database, logger: commandLogger()) { store in
                let bar = ProgressBar("verify")
                return try await DossierVerification.run(store, provinceCode: province) { bar.update($0, of: $1) }
            }
            Swift.print(report.summary)
            if !report.problems.isEmpty {
                for problem in report.problems.prefix(50) { Swift.print("  \(problem)") }
                throw ExitCode(1)
            }
        }
    }
}
