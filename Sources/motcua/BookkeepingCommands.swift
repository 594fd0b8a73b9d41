import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua report redundancy`: the redundancy pipeline's totals and ageing, as the API answers them.
struct RedundancyReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redundancy",
        abstract: "Staff leaving under the restructuring policy: decisions, funding requested, approved, paid, and the waiting cases' age."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Option(help: "Rows by province, unit or none.") var by = "province"
    @Option(help: "The day ages are counted to (default: today), YYYY-MM-DD.") var asOf: String?
    @Option(help: "table, csv or json (the API's answer).") var format: ReportCommand.Format = .table
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false

    func run() async throws {
        guard format != .xlsx else { throw CommandFailure("--format xlsx is not offered for this report yet: use csv") }
        guard let grouping = RedundancyGrouping(rawValue: by) else { throw CommandFailure("--by must be none, province or unit") }
        let day = try asOf.map { text in
            guard let date = LocalDate(iso: text) else { throw CommandFailure("--as-of must be YYYY-MM-DD") }
            return date
        }
        let (total, rows) = try await withStore(database, logger: commandLogger()) { store in
            do throws(AppError) { return try await RedundancyService(store: store, now: { Date() }).tally(scope: scope, groupBy: grouping, asOf: day) }
            catch { throw CommandFailure(IndicatorsReport.describe(error)) }
        }
        let table = ReportTable(redundancy: total, rows: rows)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            struct Output: Encodable { var headers: [String]; var rows: [[String]] }
            let data = try encoder.encode(Output(headers: table.headers, rows: table.rows.map { $0.map(ReportTable.plain) }))
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        case .csv: FileHandle.standardOutput.write(table.csv(bom: bom))
        default: print(table.text, terminator: "")
        }
    }
}

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
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("cannot read \(file) as UTF-8")
            }
            let summary = try await withStore(database, logger: commandLogger()) { store in
                do throws(AppError) { return try await RedundancyService(store: store, now: { Date() }).importCases(csv: text, by: nil, source: file) }
                catch { throw CommandFailure(IndicatorsReport.describe(error)) }
            }
            print("\(summary.inserted) cases added, \(summary.updated) updated, \(summary.unchanged) unchanged from \(file).")
        }
    }
}
