import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua redundancy import FILE`: the provinces' registers of staff leaving, checked whole before writing.
struct RedundancyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redundancy",
        abstract: "The redundancy pipeline: import a register (CSV).",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import cases from CSV (columns: \(RedundancyService.columns.joined(separator: ", "))); all or nothing."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            let summary = try await importRegister(file, database) { store, text throws(AppError) in
                try await RedundancyService(store: store, now: { Date() }).importCases(csv: text, by: nil, source: file)
            }
            print("\(summary.inserted) cases added, \(summary.updated) updated, \(summary.unchanged) unchanged from \(file).")
        }
    }
}

/// `motcua staffing import FILE`: positions (id, unit_code, title, skill, quota) or roster counts
/// (unit_code, skill, category, people), told apart by the header; all or nothing.
struct StaffingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Staffing: import job positions with their quota, or roster counts (CSV).",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import positions or roster counts from CSV; all or nothing.")
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            let count = try await importRegister(file, database) { store, text throws(AppError) in
                try await StaffingService(store: store, now: { Date() }).importCSV(text, by: nil)
            }
            print("\(count) rows imported from \(file).")
        }
    }
}

/// `motcua facilities import FILE`: facilities or equipment counts, told apart by the header; all or nothing.
struct FacilitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilities",
        abstract: "Facilities and equipment: import a register (CSV).",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import facilities or equipment counts from CSV; all or nothing.")
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            let count = try await importRegister(file, database) { store, text throws(AppError) in
                try await FacilityService(store: store, now: { Date() }).importCSV(text, by: nil)
            }
            print("\(count) rows imported from \(file).")
        }
    }
}

/// Reads a register file as UTF-8 and imports it with `body`; the use case's errors become the command's.
func importRegister<T: Sendable>(
    _ file: String, _ database: DatabaseOptions, _ body: @escaping @Sendable (any Store, String) async throws(AppError) -> T
) async throws -> T {
    guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        throw CommandFailure("cannot read \(file) as UTF-8")
    }
    return try await withStore(database, logger: commandLogger()) { store in
        do throws(AppError) { return try await body(store, text) } catch { throw CommandFailure(IndicatorsReport.describe(error)) }
    }
}

/// The options every bookkeeping report shares: what the API's export takes, and where to write.
struct BookkeepingReportOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Option(help: "Rows of the first table grouped by: agencies province|unit; staffing unit|province|skill|none; redundancy province|unit|none; public-service-units province|unit|sector|none.")
    var by: String?
    @Option(help: "The day ages and deadlines are judged at (default: today), YYYY-MM-DD.") var asOf: String?
    @Option(help: "table, csv, json (the API's export) or xlsx (every table; needs --out).") var format: ReportCommand.Format = .table
    @Option(help: "The table to print as table or csv, 1-based (table: all when not given; csv: the first).") var sheet: Int?
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run(_ kind: BookkeepingExport.Kind) async throws {
        if format == .xlsx, out == nil { throw CommandFailure("--format xlsx writes a binary file: give --out FILE") }
        let day = try asOf.map { text in
            guard let date = LocalDate(iso: text) else { throw CommandFailure("--as-of must be YYYY-MM-DD") }
            return date
        }
        let data = try await withStore(database, logger: commandLogger()) { store in
            let export = BookkeepingExport(store: store, now: { Date() })
            do throws(AppError) {
                let sheets = try await export.sheets(kind, scope: scope, by: by, asOf: day, reader: .commandLine)
                guard format == .table, sheet == nil else {
                    let chosen = BookkeepingExport.Format(rawValue: format.rawValue) ?? .table
                    return try export.render(sheets, kind: kind, scope: scope, format: chosen, sheet: sheet, bom: bom)
                }
                return Data(sheets.map { "== \($0.name)\n" + $0.table.text }.joined(separator: "\n").utf8)
            } catch {
                throw CommandFailure(IndicatorsReport.describe(error))
            }
        }
        try IndicatorsReport.write(data, to: out)
    }
}

/// `motcua report redundancy`: the redundancy pipeline's totals and ageing.
struct RedundancyReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redundancy",
        abstract: "Staff leaving under the restructuring policy: decisions, funding requested, approved, paid, and the waiting cases' age."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.redundancy) }
}

/// `motcua report redundancy-cases`: the register itself, person by person (names in full: the operator
/// holds the database).
struct RedundancyCasesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redundancy-cases", abstract: "The redundancy register of a scope, case by case, for export."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.redundancyCases) }
}

/// `motcua report staffing`: quota against people, surplus and shortage, and the rotations within each
/// province that would even them out.
struct StaffingReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Staffing: quota (biên chế) against people per unit and skill field, surplus and shortage, rotations within a province."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.staffing) }
}

/// `motcua report secondments`: requests with what was sent, and what is unmet, overlapping or idle.
struct SecondmentsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secondments",
        abstract: "Secondments to communes: each request with the people sent, what is unmet, overlapping (several bodies beyond the need) and idle."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.secondments) }
}

/// `motcua report facilities`: surplus facilities and their conversion, those needing attention, and
/// equipment surplus and shortage.
struct FacilitiesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilities",
        abstract: "Facilities: surplus offices and land, their planned new use, those without a plan or past their deadline; equipment surplus and shortage."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.facilities) }
}

/// `motcua report obstacles`: open, overdue and resolved obstacles by field and by the body holding them.
struct ObstaclesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obstacles", abstract: "Obstacles (vướng mắc): open, overdue and resolved, by field and by the body holding each."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.obstacles) }
}

/// `motcua report agencies`: the agencies of a scope counted by kind, per province or unit.
struct AgenciesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies",
        abstract: "Agencies by kind (provincial departments, commune offices, service centres, People's Committees) per province or unit."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.agencies) }
}

/// `motcua report public-service-units`: the review of the public service units' functions.
struct PublicServiceUnitsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-service-units",
        abstract: "Public service units (đơn vị sự nghiệp công lập): the review of their functions by outcome, and the reviews past their deadline."
    )
    @OptionGroup var options: BookkeepingReportOptions
    func run() async throws { try await options.run(.publicServiceUnits) }
}

/// `motcua public-service-units import FILE`: the units under the agencies with their review; all or nothing.
struct PublicServiceUnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-service-units",
        abstract: "Public service units: import a register (CSV).",
        subcommands: [Import.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import units from CSV (columns: \(PublicServiceUnitService.columns.joined(separator: ", "))); all or nothing."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            let summary = try await importRegister(file, database) { store, text throws(AppError) in
                try await PublicServiceUnitService(store: store, now: { Date() }).importCSV(text, by: nil)
            }
            print("\(summary.inserted) units added, \(summary.updated) updated, \(summary.unchanged) unchanged from \(file).")
        }
    }
}
