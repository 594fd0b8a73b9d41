import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Agencies' result-signing keys: list the public keys, rotate.", subcommands: [List.self, Rotate.self]
    )

    struct List: AsyncParsableCommand {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The agency code.") var agency: String

        func run() async throws {
            let keys = try await withStore(database, logger: commandLogger()) { store in
                do { return try await ResultSigning(store: store, now: { Date() }).publicKeys(agencyCode: agency) } catch { throw CommandFailure(error) }
            }
            let rows = keys.map { [$0.keyID, $0.createdAt.description, $0.retiredAt?.description ?? "active", $0.publicKey] }
            print(UnitRendering.table([["key", "created", "retired", "public key (Ed25519, base64)"]] + rows), terminator: "")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give the agency a new key; the old one is retired and still verifies.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The agency code.") var agency: String

        func run() async throws {
            let key = try await withStore(database, logger: commandLogger()) { store in
                do { return try await ResultSigning(store: store, now: { Date() }).rotate(agencyCode: agency) } catch { throw CommandFailure(error) }
            }
            print("Agency \(agency) now signs with key \(key.keyID).")
        }
    }
}
