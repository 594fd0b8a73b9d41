import AppCore
import ArgumentParser
import Domain
import Storage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Officer accounts.", subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account (the first one: --role sysadmin). The password is read from the terminal, or from standard input."
        )

        @OptionGroup var database: DatabaseOptions
        @Option var username: String
        @Option(help: "Full name, e.g. \"Nguyễn Văn A\".") var fullName: String?
        @Option(name: .customLong("role"), help: "A role; repeat for several.") var roles: [String]
        @Option(help: "The unit: a province (2 digits) or commune (5 digits) code.") var unit: String
        @Option(help: "The agency code (default: the unit's service centre).") var agency: String?

        func run() async throws {
            let password = Self.readPassword()
            guard let password, !password.isEmpty else { throw CommandFailure("no password given") }
            let user = try await withStore(database, logger: commandLogger()) { store in
                let service = IdentityService(store: store, now: { Date() })
                do {
                    return try await service.addUser(IdentityService.NewUser(
                        username: username, fullName: fullName ?? username, password: password, roles: roles, unitCode: unit, agencyCode: agency
                    ), by: nil)
                } catch { throw CommandFailure(error) }
            }
            print("Created \(user.username) (\(user.roles.map(\.rawValue).sorted().joined(separator: ", "))) at \(user.unitCode), agency \(user.agencyCode).")
        }

        /// Without echo on a terminal; a line of standard input otherwise (for scripts).
        static func readPassword() -> String? {
            if isatty(STDIN_FILENO) == 1, let pointer = getpass("Mật khẩu / Password: ") {
                return String(cString: pointer)
            }
            return readLine(strippingNewline: true)
        }
    }
}
