import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

struct Units: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administrative units: list, show, count, classes.",
        subcommands: [List.self, Show.self, Counts.self, SetClass.self, ImportClasses.self]
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the units valid at a date.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "province, district or commune.") var level: String?
        @Option(help: "Only units of this province (2-digit code).") var province: String?
        @Option(help: "Date YYYY-MM-DD (default: today; districts need a date before 2025-07-01).") var at: String?
        @Option(name: .customLong("q"), help: "Name search, with or without diacritics.") var query: String?
        @Option(help: "table, csv or json.") var format: Format = .table

        func run() async throws {
            let units = try await withStore(database, logger: commandLogger()) { store in
                let service = GeographyService.lookups(store)
                var all: [AdministrativeUnit] = []
                var cursor: String?
                repeat {
                    let page: GeographyService.UnitPage
                    do {
                        page = try await service.units(UnitListRequest(
                            level: level, province: province, q: query, at: at, cursor: cursor, limit: "500"
                        ))
                    } catch { throw CommandFailure(error) }
                    all += page.items
                    cursor = page.nextCursor
                } while cursor != nil
                return all
            }
            print(UnitRendering.render(units, format: format), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a unit, its other versions and its lineage.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The unit's code (2, 3 or 5 digits).") var code: String
        @Option(help: "Date YYYY-MM-DD (default: today).") var at: String?
        @Option(help: "table or json.") var format: Format = .table

        func run() async throws {
            let (unit, lineage) = try await withStore(database, logger: commandLogger()) { store in
                let service = GeographyService.lookups(store)
                do {
                    let lineage = try await service.lineage(code: code)
                    let unit = try? await service.unit(code: code, level: nil, at: at)
                    return (unit, lineage)
                } catch { throw CommandFailure(error) }
            }
            print(UnitRendering.render(unit: unit, lineage: lineage, format: format), terminator: "")
        }
    }

    struct Counts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count units per level and type at a date.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Date YYYY-MM-DD (default: today).") var at: String?

        func run() async throws {
            let counts = try await withStore(database, logger: commandLogger()) { store in
                let service = GeographyService.lookups(store)
                do { return try await service.unitCounts(at: at) } catch { throw CommandFailure(error) }
            }
            for count in counts { print("\(count.level.rawValue)\t\(count.type.rawValue)\t\(count.count)") }
            print("total\t\t\(counts.reduce(0) { $0 + $1.count })")
        }
    }

    struct SetClass: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-class", abstract: "Record a unit's class (urban, rural, mountainous, island) from a date on."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument var code: String
        @Argument(help: "urban, rural, mountainous or island.") var unitClass: String
        @Option(help: "First day of the class (default: today).") var from: String?

        func run() async throws {
            let assignment = try await withStore(database, logger: commandLogger()) { store in
                let service = GeographyService.lookups(store)
                do {
                    return try await service.setClass(code: code, class: unitClass, from: from, source: "cli")
                } catch { throw CommandFailure(error) }
            }
            print("\(assignment.unit.code): \(assignment.unitClass.rawValue) from \(assignment.validFrom)")
        }
    }

    struct ImportClasses: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-classes", abstract: "Record classes from a CSV file with columns code,class[,valid_from]."
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            guard let text = String(validating: data, as: UTF8.self) else { throw CommandFailure("\(file) is not UTF-8 text") }
            let count = try await withStore(database, logger: commandLogger()) { store in
                let service = GeographyService.lookups(store)
                do { return try await service.importClasses(csv: text, source: file) } catch { throw CommandFailure(error) }
            }
            print("Recorded \(count) class assignments from \(file).")
        }
    }
}
