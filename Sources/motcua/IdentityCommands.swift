import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

struct AgenciesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies", abstract: "Agencies: list, import.", subcommands: [List.self, Import.self]
    )

    struct List: AsyncParsableCommand {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A province code.") var province: String?
        @Option(help: "A unit code.") var unit: String?

        func run() async throws {
            let agencies = try await withStore(database, logger: commandLogger()) { store in
                let service = IdentityService(store: store, now: { Date() })
                try await service.seedAgencies()
                do { return try await service.agencies(provinceCode: province, unitCode: unit, offset: 0, limit: 100_000) }
                catch { throw CommandFailure(error) }
            }
            print(UnitRendering.table([["code", "kind", "unit", "name"]] + agencies.map { [$0.code, $0.kind.rawValue, $0.unitCode, $0.name] }), terminator: "")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import agencies from CSV: code,name,kind,unit_code[,parent_code][,fields].")
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(validating: data, as: UTF8.self) else {
                throw CommandFailure("cannot read \(file) as UTF-8 text")
            }
            let count = try await withStore(database, logger: commandLogger()) { store in
                do { return try await IdentityService(store: store, now: { Date() }).importAgencies(csv: text) }
                catch { throw CommandFailure(error) }
            }
            print("Imported \(count) agencies from \(file).")
        }
    }
}

struct AccessLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-log", abstract: "Query the append-only access log (for inspectors and auditors) as CSV."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "A person's ID number or an officer's id whose data was viewed.") var subject: String?
    @Option(help: "The officer who looked.") var officer: String?
    @Option(help: "A unit (5 digits) or province (2 digits) of the officers.") var unit: String?
    @Option(help: "From: a day (YYYY-MM-DD, Vietnam time) or an ISO 8601 instant with its zone.") var from: String?
    @Option(help: "To, included: a day (YYYY-MM-DD, Vietnam time) or an ISO 8601 instant with its zone.") var to: String?

    func run() async throws {
        let entries = try await withStore(database, logger: commandLogger()) { store in
            try await store.identity.accessLog(AccessLogPeriod.normalized(AccessLogQuery(
                subject: subject, officerID: officer, unitCode: unit, from: from, to: to, offset: 0, limit: 1_000_000
            )))
        }
        print(AccessLogCSV.render(entries), terminator: "")
    }
}
