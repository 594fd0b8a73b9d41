import AppCore
import ArgumentParser
import Domain
import Foundation
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

struct ConvertAddress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert-address",
        abstract: "Convert pre-reform addresses to the two-tier form: one address, an old code, or a whole CSV file."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "An old address, e.g. \"Phường Trúc Bạch, Quận Ba Đình, Hà Nội\".") var address: String?
    @Option(help: "An old commune code (5 digits) instead of an address.") var code: String?
    @Option(help: "A CSV file whose column --column holds old addresses.") var csv: String?
    @Option(help: "The address column of --csv: a 1-based number or a header name.") var column: String = "1"
    @Option(help: "Where to write the converted CSV (default: standard output).") var out: String?
    @Flag(help: "The CSV file has no header row.") var noHeader = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        let given = [address != nil, code != nil, csv != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("Give exactly one of: an address, --code, or --csv.") }
    }

    func run() async throws {
        let logger = commandLogger()
        let service = try await withStore(database, logger: logger) { store in
            try await GeographyService.load(store: store, now: { Date() })
        }
        if let csv {
            try convertFile(csv, service: service)
            return
        }
        let conversion: AddressConversion
        do {
            conversion = try code.map { try service.convert(oldCode: $0) } ?? service.convert(address: address ?? "")
        } catch { throw CommandFailure(error) }
        print(json ? UnitRendering.json(ConversionDTO(conversion)) : ConversionText.render(conversion))
        if conversion.status == .notFound { throw ExitCode(2) }
    }

    private func convertFile(_ path: String, service: GeographyService) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
        var job = try CSVConversion(data: Array(data), column: column, hasHeader: !noHeader)
        let progress = ProgressBar("convert", total: job.rows.count)
        let output = job.run(converter: service.converter, progress: progress)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: output) else { throw CommandFailure("cannot write \(out)") }
        } else {
            FileHandle.standardOutput.write(output)
        }
        FileHandle.standardError.write(Data(job.summary.utf8))
    }
}

/// A conversion as text for people; `--json` prints the API's own representation.
enum ConversionText {
    static func render(_ conversion: AddressConversion) -> String {
        switch conversion.status {
        case .converted:
            let partly = conversion.partial ? " (partly: only part of the old commune went there)" : ""
            return "converted\(partly): \(conversion.address ?? "") [\(conversion.communeCode ?? "")]"
        case .ambiguous:
            return "ambiguous:\n" + conversion.candidates.map { "  \($0.address) [\($0.communeCode)] — \($0.reasonText)" }.joined(separator: "\n")
        case .notFound:
            return "not found: unrecognised part “\(conversion.unrecognized ?? "")”"
        }
    }
}
