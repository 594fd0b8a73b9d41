import AppCore
import ArgumentParser
import Domain
import Foundation
import Storage

/// `motcua report`: the reports the API answers, from the command line; `indicators` when none is named.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: indicators of Resolution 268 (the default) and the reform's bookkeeping.",
        subcommands: [
            IndicatorsReport.self, AgenciesReport.self, StaffingReport.self, SecondmentsReport.self, RedundancyReport.self, RedundancyCasesReport.self,
            FacilitiesReport.self, ObstaclesReport.self, PublicServiceUnitsReport.self,
        ],
        defaultSubcommand: IndicatorsReport.self
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json, xlsx }
}

/// `motcua report [indicators]`: the indicators of any scope and period, as the API answers them.
struct IndicatorsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Indicators of Resolution 268 (DOMAIN.md §7) for a scope and period, from the counters."
    )
    typealias Format = ReportCommand.Format

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, or filters joined by commas: province:79, commune:26734, agency:…, field:…, procedure:…, level:…, channel:…, class:….")
    var scope = "nation"
    @Option(help: "First day, YYYY-MM-DD.") var from: String
    @Option(help: "Last day, YYYY-MM-DD.") var to: String
    @Option(help: "Breakdown, dimensions joined by commas: province, commune, agency, field, procedure, version, level, channel, class, day, week, month.")
    var by: String?
    @Option(help: "competent (default) or receiving.") var perspective: String?
    @Option(help: "table, csv, json (the API's answer) or xlsx (needs --out).") var format: Format = .table
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() async throws {
        if format == .xlsx, out == nil { throw CommandFailure("--format xlsx writes a binary file: give --out FILE") }
        let data = try await withStore(database, logger: commandLogger()) { store in
            let geography = try await GeographyService.load(store: store, now: { Date() })
            let service = ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { Date() })
            do throws(AppError) {
                let request = try service.parse(scope: scope, from: from, to: to, by: by, perspective: perspective)
                switch format {
                case .xlsx: return try await service.workbook(request)
                case .csv: return ReportTable(try await service.indicators(request)).csv(bom: bom)
                case .table: return Data(ReportTable(try await service.indicators(request)).text.utf8)
                case .json:
                    let report = try await service.indicators(request)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                    do {
                        return try encoder.encode(report) + Data("\n".utf8)
                    } catch {
                        throw AppError.unavailable("\(error)")
                    }
                }
            } catch {
                throw CommandFailure(Self.describe(error))
            }
        }
        try Self.write(data, to: out)
    }

    /// Writes a report to a file, or to standard output without one.
    static func write(_ data: Data, to out: String?) throws {
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: data) else { throw CommandFailure("cannot write \(out)") }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }

    static func describe(_ error: AppError) -> String {
        if case .invalid(let issues) = error { return issues.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
        return "\(error)"
    }
}

/// `motcua generate`: a synthetic national data set through the real rules and store paths.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic full-lifecycle dossiers reproducing a profile's figures (resolution-268: 1 Jul – 23 Aug 2025)."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Profile: resolution-268 (into the database), or legacy-export (a pre-reform system's export file, --out).")
    var profile = "resolution-268"
    @Option(help: "Share of the profile's size: 1.0 is 6.5 million dossiers.") var scale = 0.01
    @Option(help: "legacy-export: how many records.") var count = 50_000
    @Option(help: "legacy-export: the file to write (its manifest goes beside it, .manifest.json).") var out: String?
    @Option(help: "legacy-export: jsonl or csv.") var format = "jsonl"
    @Option(help: "Seed: the same seed gives the same data set.") var seed: UInt64 = 1
    @Option(help: "Batches in flight at once (one deciding and encoding while another is written).")
    var concurrency = SyntheticGenerator.defaultConcurrency
    @Option(help: "Dossiers per batch: one transaction, codes reserved by blocks.")
    var batch = SyntheticGenerator.defaultBatchSize

    func run() async throws {
        if profile == "legacy-export" { return try await legacyExport() }
        guard let chosen = SyntheticProfile.all.first(where: { $0.name == profile }) else {
            throw CommandFailure("unknown profile \(profile): " + SyntheticProfile.all.map(\.name).joined(separator: ", "))
        }
        guard scale > 0, scale <= 2 else { throw CommandFailure("--scale must be above 0 and at most 2") }
        guard (1...64).contains(concurrency), (1...10_000).contains(batch) else {
            throw CommandFailure("--concurrency must be 1…64 and --batch 1…10000")
        }
        let started = Date()
        let summary = try await withStore(database, logger: commandLogger()) { store in
            _ = try await IdentityService(store: store, now: { Date() }).seedAgencies()
            let calendar = try await CalendarService.load(store: store, now: { Date() })
            let generator = SyntheticGenerator(store: store, clock: calendar.defaultClock, profile: chosen, scale: scale, seed: seed)
            let bar = ProgressBar("generate")
            let summary = try await generator.run(concurrency: concurrency, batchSize: batch) { bar.update($0, of: $1) }
            // The profile's months are over: their rollups read as the server keeps closed months (folded).
            try await store.monitoring.foldSlots(before: String(LocalDate(vietnamTimeOf: Date().timeIntervalSince1970).description.prefix(7)))
            try await store.monitoring.compactRollups()
            if let sizes = chosen.redundancy {
                let cases = try await RedundancyGenerator(store: store, seed: seed).run(sizes)
                print("\(cases) redundancy cases (full size, whatever the scale)")
                let agencies = try await AgencyGenerator(store: store).run()
                if agencies > 0 { print("\(agencies) specialised agencies (provincial departments and commune offices)") }
                print("staffing of \(try await StaffingGenerator(store: store, seed: seed).run()) units")
                print("\(try await FacilityGenerator(store: store, seed: seed).run()) facilities")
                print("\(try await PublicServiceUnitGenerator(store: store, seed: seed).run()) public service units")
            }
            return summary
        }
        let seconds = Date().timeIntervalSince(started)
        print(
            "\(summary.received) dossiers received, \(summary.refusedAtIntake) refused at intake, \(summary.events) events in "
                + String(format: "%.1f s (%.0f dossiers/s)", seconds, Double(summary.received + summary.refusedAtIntake) / max(seconds, 0.001))
        )
    }
}

extension GenerateCommand {
    /// A pre-reform system's export with planted invalid rows, and the manifest of what was planted.
    func legacyExport() async throws {
        guard let out else { throw CommandFailure("--out FILE is needed for the legacy-export profile") }
        guard ["jsonl", "csv"].contains(format), (1...10_000_000).contains(count) else {
            throw CommandFailure("--format must be jsonl or csv and --count 1…10000000")
        }
        let output = try await withStore(database, logger: commandLogger()) { store in
            let calendar = try await CalendarService.load(store: store, now: { Date() })
            return try await LegacyExportGenerator(store: store, seed: seed).run(count: count, clock: calendar.defaultClock, format: format)
        }
        try Data((output.lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: out))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(output.manifest).write(to: URL(fileURLWithPath: out + ".manifest.json"))
        let manifest = output.manifest
        print("\(manifest.records) records (\(manifest.valid) valid, \(manifest.inFlight) in flight, \(manifest.split) in split communes, "
              + "\(manifest.uncatalogued) under uncatalogued procedures, \(manifest.invalid.count) invalid) in \(out)")
    }
}

/// `motcua monthly-report`: store the monthly reports of a month, or of every closed month without one.
struct MonthlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly-report",
        abstract: "Store the monthly reports (nation by province, each province by commune) of a month, or catch up on closed months (and fold their rollups' slots)."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "The month, YYYY-MM (default: every closed month not stored yet).") var month: String?

    func run() async throws {
        let done = try await withStore(database, logger: commandLogger()) { store in
            let geography = try await GeographyService.load(store: store, now: { Date() })
            let monthly = MonthlyReports(reports: ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { Date() }))
            do throws(AppError) {
                if let month {
                    try await monthly.generate(month: month)
                    return [month]
                }
                let done = try await monthly.catchUp()
                try await monthly.foldClosedMonths()
                return done
            } catch {
                throw CommandFailure(IndicatorsReport.describe(error))
            }
        }
        print(done.isEmpty ? "every closed month has its reports" : "stored the reports of \(done.joined(separator: ", "))")
    }
}
