import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua quality report`: the data-quality report of the nation or a province.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality", abstract: "Data quality (đúng - đủ - sạch - sống): what is missing, stale, dirty or inconsistent.",
        subcommands: [Report.self]
    )

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count the findings of every check by province or unit; JSON also lists the findings."
        )
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Only this province (default: the nation, stored documents re-hashed too).") var province: String?
        @Option(help: "Rows by province or unit.") var by = "province"
        @Option(help: "Working days without an event after which an open dossier is not live.") var notLiveDays = 10
        @Option(help: "table, csv, json or xlsx (needs --out).") var format: ReportCommand.Format = .table
        @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func run() async throws {
            if format == .xlsx, out == nil { throw CommandFailure("--format xlsx writes a binary file: give --out FILE") }
            guard (1...365).contains(notLiveDays) else { throw CommandFailure("--not-live-days must be 1…365") }
            let data = try await withStore(database, logger: commandLogger()) { store in
                let calendar = try await CalendarService.load(store: store, now: { Date() })
                let service = DataQualityService(
                    store: store, calendar: calendar, settings: QualitySettings(notLiveWorkingDays: notLiveDays), now: { Date() }
                )
                do throws(AppError) {
                    let report = try await service.report(provinceCode: province, by: by, findingsLimit: format == .table ? 0 : 100_000)
                    switch format {
                    case .xlsx: return try DataQualityService.workbook(report)
                    case .csv: return DataQualityService.table(report).csv(bom: bom)
                    case .table: return Data(DataQualityService.table(report).text.utf8)
                    case .json:
                        let encoder = JSONEncoder()
                        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                        do { return try encoder.encode(report) + Data("\n".utf8) } catch { throw AppError.unavailable("\(error)") }
                    }
                } catch {
                    throw CommandFailure(IndicatorsReport.describe(error))
                }
            }
            try IndicatorsReport.write(data, to: out)
        }
    }
}
