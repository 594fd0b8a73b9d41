import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "The procedure catalogue: import, export, list.", subcommands: [Import.self, Export.self, List.self]
    )

    static func format(_ text: String?, file: String?) throws -> CatalogService.Format {
        if let text {
            guard let format = CatalogService.Format(rawValue: text) else { throw CommandFailure("--format is json or csv") }
            return format
        }
        return file?.lowercased().hasSuffix(".csv") == true ? .csv : .json
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import procedure versions from a JSON or CSV file (all or nothing).")
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String
        @Option(help: "json or csv (default: from the file name).") var format: String?

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            let format = try CatalogCommand.format(format, file: file)
            let count = try await withStore(database, logger: commandLogger()) { store in
                do { return try await CatalogService(store: store, now: { Date() }).importCatalog(data, format: format) }
                catch { throw CommandFailure(error) }
            }
            print("Imported \(count) procedure versions from \(file).")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the whole catalogue as JSON or CSV.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "json or csv (default: from --output, else json).") var format: String?
        @Option(help: "A file to write (default: standard output).") var output: String?

        func run() async throws {
            let format = try CatalogCommand.format(format, file: output)
            let data = try await withStore(database, logger: commandLogger()) { store in
                do { return try await CatalogService(store: store, now: { Date() }).export(format: format) }
                catch { throw CommandFailure(error) }
            }
            if let output {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Procedures in force on a date, searched by name, field or code.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Words of the name, field or code.") var q: String?
        @Option(help: "commune or province.") var level: String?
        @Option(help: "A date YYYY-MM-DD (default today).") var at: String?

        func run() async throws {
            let versions = try await withStore(database, logger: commandLogger()) { store in
                do {
                    return try await CatalogService(store: store, now: { Date() })
                        .search(text: q, level: level, field: nil, at: at, offset: 0, limit: 500)
                } catch { throw CommandFailure(error) }
            }
            let rows = versions.map { version in
                [version.code, version.level.rawValue, "\(version.limit.value) \(version.limit.unit.rawValue)", version.fee.map(String.init) ?? "-", version.name]
            }
            print(UnitRendering.table([["code", "level", "limit", "fee", "name"]] + rows), terminator: "")
        }
    }
}
