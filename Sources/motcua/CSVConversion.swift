import AppCore
import Domain
import Foundation

/// A whole CSV file converted on every core: the input columns kept, the answer appended as
/// `status, commune_code, province_code, new_address, partial, candidates, unrecognized`.
struct CSVConversion {
    let header: [String]?
    let rows: [[String]]
    let column: Int
    private(set) var summary = ""

    init(data: [UInt8], column: String, hasHeader: Bool) throws {
        var reader = CSV.Reader(bytes: data)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if rows.last == [""] { rows.removeLast() }
        header = hasHeader && !rows.isEmpty ? rows.removeFirst() : nil
        self.rows = rows
        if let number = Int(column) {
            guard number >= 1 else { throw CommandFailure("--column counts from 1") }
            self.column = number - 1
        } else if let index = header?.firstIndex(of: column) {
            self.column = index
        } else {
            throw CommandFailure("no column named “\(column)” in the header")
        }
    }

    static let added = ["status", "commune_code", "province_code", "new_address", "partial", "candidates", "unrecognized"]

    mutating func run(converter: AddressConverter, progress: ProgressBar) -> Data {
        let chunkSize = 2_000
        let chunks = stride(from: 0, to: rows.count, by: chunkSize).map { $0..<min($0 + chunkSize, rows.count) }
        let results = ChunkResults(count: chunks.count)
        let input = self.rows
        let column = self.column
        DispatchQueue.concurrentPerform(iterations: chunks.count) { index in
            var text: [UInt8] = []
            text.reserveCapacity(chunks[index].count * 200)
            var counts = [0, 0, 0]
            for row in input[chunks[index]] {
                let address = column < row.count ? row[column] : ""
                let conversion = address.isEmpty ? nil : converter.convert(address)
                CSV.append(row + Self.fields(conversion), to: &text)
                switch conversion?.status {
                case .converted: counts[0] += 1
                case .ambiguous: counts[1] += 1
                default: counts[2] += 1
                }
            }
            results.set(index, text: text, counts: counts)
            progress.advance(by: chunks[index].count)
        }
        var output = Data()
        if let header { output.append(contentsOf: CSV.line(header + Self.added).utf8) }
        var totals = [0, 0, 0]
        for index in chunks.indices {
            let (text, counts) = results.get(index)
            output.append(contentsOf: text)
            for position in 0..<3 { totals[position] += counts[position] }
        }
        summary = "\(input.count) rows: \(totals[0]) converted, \(totals[1]) ambiguous, \(totals[2]) not found\n"
        return output
    }

    static func fields(_ conversion: AddressConversion?) -> [String] {
        guard let conversion else { return ["notFound", "", "", "", "", "", ""] }
        return [
            conversion.status.rawValue, conversion.communeCode ?? "", conversion.provinceCode ?? "",
            conversion.address ?? "", conversion.partial ? "1" : "0",
            conversion.candidates.map(\.communeCode).joined(separator: "|"), conversion.unrecognized ?? "",
        ]
    }
}

/// Per-chunk output filled from several threads, each chunk by exactly one.
final class ChunkResults: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because Foundation's NSLock is the guard.
    private var texts: [[UInt8]]
    private var counts: [[Int]]
    private let lock = NSLock()

    init(count: Int) {
        texts = Array(repeating: [], count: count)
        counts = Array(repeating: [0, 0, 0], count: count)
    }

    func set(_ index: Int, text: [UInt8], counts: [Int]) {
        lock.withLock {
            texts[index] = text
            self.counts[index] = counts
        }
    }

    func get(_ index: Int) -> ([UInt8], [Int]) {
        lock.withLock { (texts[index], counts[index]) }
    }
}
