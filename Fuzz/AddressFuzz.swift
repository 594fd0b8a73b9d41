import Foundation

// libFuzzer entry for the address reader, compiled into one module with Sources/Domain by
// scripts/fuzz-parser (not part of the package build). Every input, read as UTF-8 text, must give an
// answer whose commune, when converted, exists today; a crash, a hang (-timeout) or a failed check is
// a finding.

let fuzzConverter: AddressConverter = {
    let folder = ProcessInfo.processInfo.environment["MOTCUA_GEOGRAPHY_DIR"] ?? "Sources/ReferenceData/geography"
    func read(_ name: String) -> String {
        guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else { fatalError("cannot read \(folder)/\(name)") }
        return String(decoding: data, as: UTF8.self)
    }
    do {
        let dataset = try GeographyDataset(
            currentCSV: read("units-2025.csv"), legacyCSV: read("units-legacy.csv"), lineageCSV: read("lineage.csv")
        )
        return AddressConverter(gazetteer: Gazetteer(dataset))
    } catch {
        fatalError("reference geography: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAddress(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let answer = fuzzConverter.convert(text)
    if answer.status == .converted {
        guard let code = answer.communeCode, fuzzConverter.gazetteer.currentCommunes[code] != nil else {
            fatalError("converted to an unknown commune: \(text.debugDescription)")
        }
        // The rewritten address reads back to the same commune (or a choice that includes it).
        if let rewritten = answer.address {
            let again = fuzzConverter.convert(rewritten)
            let same = again.status == .converted ? again.communeCode == code
                : again.status == .ambiguous && again.candidates.contains { $0.communeCode == code }
            if !same { fatalError("not stable: \(text.debugDescription) → \(rewritten.debugDescription) → \(again.status)") }
        }
    }
    _ = try? TimeLimit(text: text)
    _ = Instant(iso: text)
    return 0
}
