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
            let summary = try await importRegister(file, database) { store, text throws(AppError) in
                try await RedundancyService(store: store, now: { Date() }).importCases(csv: text, by: nil, source: file)
            }
            print("\(summary.inserted) cases added, \(summary.updated) updated, \(summary.unchanged) unchanged from \(file).")
        }
    }
}

/// `motcua report staffing`: quota against people, surplus and shortage; `--rotations` for the moves
/// within each province that would even them out.
struct StaffingReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing",
        abstract: "Staffing: quota (biên chế) against people per unit and skill field, surplus and shortage, rotations within a province."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Option(help: "Rows by province, unit, skill or none.") var by = "unit"
    @Flag(help: "List the proposed rotations instead (scope nation or province).") var rotations = false
    @Option(help: "table or csv.") var format: ReportCommand.Format = .table
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false

    func run() async throws {
        guard format == .table || format == .csv else { throw CommandFailure("--format must be table or csv for this report") }
        guard let grouping = StaffingService.Grouping(rawValue: by) else { throw CommandFailure("--by must be none, province, unit or skill") }
        let table = try await withStore(database, logger: commandLogger()) { store in
            let service = StaffingService(store: store, now: { Date() })
            do throws(AppError) {
                if rotations {
                    return ReportTable(
                        headers: ["Tỉnh", "Lĩnh vực", "Từ đơn vị", "Đến đơn vị", "Số người"],
                        rows: try await service.rotations(scope: scope).map {
                            [.text($0.provinceCode), .text($0.skill.vietnamese), .text($0.from), .text($0.to), .integer($0.people)]
                        },
                        labelColumns: 4
                    )
                }
                let (total, rows) = try await service.gaps(scope: scope, groupBy: grouping)
                return ReportTable(
                    headers: ["Mã", "Tên", "Biên chế", "Số người", "Không chuyên trách", "Thừa", "Thiếu"],
                    rows: (rows + [total]).map {
                        [.text($0.code), .text($0.name), .integer($0.quota), .integer($0.people), .integer($0.partTime), .integer($0.surplus),
                         .integer($0.shortage)]
                    },
                    labelColumns: 2
                )
            } catch {
                throw CommandFailure(IndicatorsReport.describe(error))
            }
        }
        if format == .csv { FileHandle.standardOutput.write(table.csv(bom: bom)) } else { print(table.text, terminator: "") }
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

/// `motcua report secondments`: requests with what was sent, and what is unmet, overlapping or idle.
struct SecondmentsReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secondments",
        abstract: "Secondments to communes: each request with the people sent, what is unmet, overlapping (several bodies beyond the need) and idle."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Option(help: "table or csv.") var format: ReportCommand.Format = .table
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false

    func run() async throws {
        guard format == .table || format == .csv else { throw CommandFailure("--format must be table or csv for this report") }
        let overview = try await withStore(database, logger: commandLogger()) { store in
            do throws(AppError) { return try await SecondmentService(store: store, now: { Date() }).overview(scope: scope) }
            catch { throw CommandFailure(IndicatorsReport.describe(error)) }
        }
        let sent = Dictionary(grouping: overview.assignments, by: \.requestID)
        let table = ReportTable(
            headers: ["Yêu cầu", "Xã", "Lĩnh vực", "Từ ngày", "Số ngày", "Cần", "Đã cử", "Còn thiếu", "Cơ quan cử", "Trùng lặp"],
            rows: overview.requests.map { request in
                let assignments = sent[request.id] ?? []
                return [
                    .text(request.id), .text(request.unitCode), .text(request.skill.vietnamese), .text(request.from.description),
                    .integer(request.days), .integer(request.headcount), .integer(assignments.reduce(0) { $0 + $1.people }),
                    .integer(overview.report.unmet[request.id] ?? 0), .text(Set(assignments.map(\.body)).sorted().joined(separator: "; ")),
                    .text(overview.report.overlapping[request.id] == nil ? "" : "có"),
                ]
            } + [[.text("Cán bộ chưa được cử"), .text(""), .text(""), .text(""), .integer(0), .integer(0), .integer(0),
                  .integer(overview.report.idle.values.reduce(0, +)), .text(""), .text("")]],
            labelColumns: 4
        )
        if format == .csv { FileHandle.standardOutput.write(table.csv(bom: bom)) } else { print(table.text, terminator: "") }
    }
}

/// `motcua report facilities`: surplus facilities and their conversion, those needing attention, and
/// equipment surplus and shortage.
struct FacilitiesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilities",
        abstract: "Facilities: surplus offices and land, their planned new use, those without a plan or past their deadline; equipment surplus and shortage."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Option(help: "The day deadlines are judged at (default: today), YYYY-MM-DD.") var asOf: String?

    func run() async throws {
        let day = try asOf.map { text in
            guard let date = LocalDate(iso: text) else { throw CommandFailure("--as-of must be YYYY-MM-DD") }
            return date
        }
        let report = try await withStore(database, logger: commandLogger()) { store in
            do throws(AppError) { return try await FacilityService(store: store, now: { Date() }).report(scope: scope, asOf: day) }
            catch { throw CommandFailure(IndicatorsReport.describe(error)) }
        }
        print("Cơ sở: \(report.facilities); dôi dư: \(report.surplus) (\(VietnameseFormat.count(report.surplusArea)) m²); đã chuyển đổi: \(report.converted)")
        for use in Facility.PlannedUse.allCases { print("  \(use.vietnamese): \(report.byUse[use.rawValue] ?? 0)") }
        print("  Chưa có phương án: \(report.byUse[""] ?? 0)")
        let overdue = report.attention.filter { $0.why == .overdue }
        print("Quá hạn chuyển đổi: \(overdue.count); chưa có phương án: \(report.attention.count - overdue.count)")
        for (facility, _) in overdue.prefix(20) {
            print("  \(facility.id)  \(facility.unitCode)  \(facility.name)  hạn \(facility.deadline?.description ?? "–")  \(facility.responsible ?? "")")
        }
        for kind in EquipmentCount.Kind.allCases {
            guard let sum = report.equipment[kind] else { continue }
            print("\(kind.vietnamese): có \(sum.have), cần \(sum.needed), thừa \(sum.surplus), thiếu \(sum.shortage)")
        }
        print("Đơn vị thiếu trang thiết bị: \(report.shortUnits.count)")
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

/// `motcua report agencies`: the agencies of a scope counted by kind, per province or unit.
struct AgenciesReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agencies",
        abstract: "Agencies by kind (provincial departments, commune offices, service centres, People's Committees) per province or unit."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "nation, province:CODE or commune:CODE.") var scope = "nation"
    @Flag(help: "One row per unit instead of per province.") var byUnit = false
    @Option(help: "table or csv.") var format: ReportCommand.Format = .table
    @Flag(help: "Start the CSV with a byte order mark, for Excel.") var bom = false

    func run() async throws {
        guard format == .table || format == .csv else { throw CommandFailure("--format must be table or csv for this report") }
        let (total, rows) = try await withStore(database, logger: commandLogger()) { store in
            do throws(AppError) { return try await AgencyReport(store: store, now: { Date() }).counts(scope: scope, byUnit: byUnit) }
            catch { throw CommandFailure(IndicatorsReport.describe(error)) }
        }
        let kinds: [AgencyKind] = [.provincialDepartment, .communeOffice, .provincialServiceCentre, .communeServiceCentre,
                                   .provincialPeoplesCommittee, .communePeoplesCommittee, .receptionPoint]
        let table = ReportTable(
            headers: ["Mã", "Tên", "Sở, ban, ngành", "Phòng chuyên môn xã", "TTPVHCC tỉnh", "TTPVHCC xã", "UBND tỉnh", "UBND xã", "Điểm tiếp nhận"],
            rows: (rows.map { ($0.code, $0.name, $0.counts) } + [("Tổng cộng", "", total)]).map { code, name, counts in
                [.text(code), .text(name)] + kinds.map { .integer(counts[$0] ?? 0) }
            },
            labelColumns: 2
        )
        if format == .csv { FileHandle.standardOutput.write(table.csv(bom: bom)) } else { print(table.text, terminator: "") }
    }
}
