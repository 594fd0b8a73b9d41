import Foundation

/// Reads an exchange file: JSON Lines (one record per line) or CSV (a header row, one record per row,
/// nested values — history, documents, results, rating, limit — as JSON in their cells). Each line gives
/// a record or what is wrong with it, so that a file is reported row by row.
public enum LegacyExchangeFile {
    public struct Line: Sendable {
        /// 1-based, counting the CSV header.
        public var number: Int
        public var record: LegacyDossierRecord?
        public var problems: [FieldProblem]
    }

    /// CSV columns, in the order `export` writes them; the record's field each one fills.
    public static let columns: [(column: String, path: [String], json: Bool)] = [
        ("source_system", ["sourceSystem"], false), ("code", ["code"], false), ("procedure_code", ["procedureCode"], false),
        ("procedure_name", ["procedureName"], false), ("limit", ["limit"], true), ("channel", ["channel"], false),
        ("applicant_name", ["applicant", "name"], false), ("applicant_id", ["applicant", "personalID"], false),
        ("applicant_birth_date", ["applicant", "birthDate"], false), ("applicant_sex", ["applicant", "sex"], false),
        ("applicant_phone", ["applicant", "phone"], false), ("applicant_email", ["applicant", "email"], false),
        ("applicant_address", ["applicant", "address"], false), ("applicant_commune", ["applicant", "communeCode"], false),
        ("receiving_unit", ["receivingUnit"], false), ("competent_unit", ["competentUnit"], false), ("units_at", ["unitsAt"], false),
        ("due_at", ["dueAt"], false), ("summary", ["summary"], false), ("history", ["history"], true),
        ("documents", ["documents"], true), ("results", ["results"], true), ("rating", ["rating"], true),
        ("secret_sha256", ["secretSha256"], false),
    ]

    /// Every line of a whole file in memory.
    public static func parse(_ bytes: [UInt8]) -> [Line] {
        var reader = Reader()
        return reader.lines(bytes, final: true)
    }

    /// Reads a file a block at a time, so that an export of millions of records is never held whole:
    /// each call gives the lines of the records its block completed, and keeps the rest of a record cut
    /// by the block's end for the next call. The lines, their numbers and their problems are those of
    /// the whole file read at once, however the blocks fall (`LegacyImportTests`).
    public struct Reader: Sendable {
        enum Format: Sendable { case undecided, jsonLines, csv }
        var format = Format.undecided
        /// Bytes of a record not ended yet.
        var pending: [UInt8] = []
        /// The last line's number given (JSON Lines: physical lines; CSV: rows, the header being 1).
        var number = 0
        /// CSV: the header's columns; nil before it is read.
        var header: [(column: String, path: [String], json: Bool)]?
        /// CSV: the header named columns the format does not have; nothing after it is read.
        var headerRefused = false

        public init() {}

        /// The lines of the records complete in what was read so far; with `final`, of everything left.
        public mutating func lines(_ block: [UInt8], final: Bool) -> [Line] {
            pending += block
            if format == .undecided {
                guard let first = pending.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else {
                    if final { pending = [] }
                    return []
                }
                format = first == UInt8(ascii: "{") ? .jsonLines : .csv
            }
            let end = final ? pending.count : recordsEnd()
            guard end > 0 else { return [] }
            let complete = Array(pending[..<end])
            pending.removeFirst(end)
            return format == .jsonLines ? jsonLines(complete, final: final) : csvLines(complete)
        }

        /// Where the last complete record of `pending` ends: after its last line break (JSON strings
        /// escape theirs); for CSV, outside quotes, and not after a carriage return that may be the
        /// first half of a CR LF cut by the block's end.
        func recordsEnd() -> Int {
            guard format == .csv else { return pending.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0 }
            var quoted = false, end = 0
            for (index, byte) in pending.enumerated() {
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == 0x0A || (byte == 0x0D && index + 1 < pending.count) {
                    end = index + 1
                }
            }
            return end
        }

        mutating func jsonLines(_ bytes: [UInt8], final: Bool) -> [Line] {
            var lines: [Line] = []
            var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            // What follows the last line break is no line of this part: nothing, or (final) an unended last line.
            if !final || pieces.last?.isEmpty == true { pieces.removeLast() }
            for slice in pieces {
                number += 1
                let trimmed = slice.drop { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
                guard !trimmed.isEmpty, !trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
                lines.append(decode(Data(trimmed), line: number))
            }
            return lines
        }

        mutating func csvLines(_ bytes: [UInt8]) -> [Line] {
            guard !headerRefused else { return [] }
            var reader = CSV.Reader(bytes: bytes)
            if header == nil {
                guard let names = reader.next()?.map({ $0.trimmingWhitespace }) else { return [] }
                number = 1
                let known = Dictionary(uniqueKeysWithValues: columns.map { ($0.column, $0) })
                let unknown = names.filter { known[$0] == nil }
                guard unknown.isEmpty else {
                    headerRefused = true
                    return [Line(number: 1, record: nil, problems: [
                        FieldProblem(field: "header", reason: "Cột không có trong định dạng trao đổi: \(unknown.joined(separator: ", "))"),
                    ])]
                }
                header = names.compactMap { known[$0] }
            }
            var lines: [Line] = []
            while let row = reader.next() {
                number += 1
                if row.allSatisfy({ $0.trimmingWhitespace.isEmpty }) { continue }
                lines.append(csvLine(row))
            }
            return lines
        }

        func csvLine(_ row: [String]) -> Line {
            var object: [String: Any] = [:]
            var problems: [FieldProblem] = []
            for (index, column) in (header ?? []).enumerated() where index < row.count {
                guard !row[index].isEmpty else { continue }
                let cell = row[index]
                var value: Any = cell
                if column.json {
                    guard let parsed = try? JSONSerialization.jsonObject(with: Data(cell.utf8), options: [.fragmentsAllowed]) else {
                        problems.append(FieldProblem(field: column.path.joined(separator: "."), reason: "Ô phải chứa JSON hợp lệ"))
                        continue
                    }
                    value = parsed
                }
                if column.path.count == 2 {
                    var nested = object[column.path[0]] as? [String: Any] ?? [:]
                    nested[column.path[1]] = value
                    object[column.path[0]] = nested
                } else {
                    object[column.path[0]] = value
                }
            }
            guard problems.isEmpty, let data = try? JSONSerialization.data(withJSONObject: object) else {
                return Line(number: number, record: nil, problems: problems)
            }
            return decode(data, line: number)
        }
    }

    static func decode(_ data: Data, line: Int) -> Line {
        do {
            return Line(number: line, record: try JSONDecoder().decode(LegacyDossierRecord.self, from: data), problems: [])
        } catch let error as DecodingError {
            return Line(number: line, record: nil, problems: [problem(error)])
        } catch {
            return Line(number: line, record: nil, problems: [FieldProblem(field: "", reason: "Dòng không phải JSON hợp lệ")])
        }
    }

    /// A decoding error as the field it is about and a reason in Vietnamese.
    static func problem(_ error: DecodingError) -> FieldProblem {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().replacingOccurrences(of: ".[", with: "[")
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldProblem(field: path(context.codingPath + [key]), reason: "Thiếu trường bắt buộc")
        case .valueNotFound(_, let context):
            return FieldProblem(field: path(context.codingPath), reason: "Thiếu giá trị")
        case .typeMismatch(_, let context):
            return FieldProblem(field: path(context.codingPath), reason: "Sai kiểu dữ liệu")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            // The decoders' own words are English; the offending value, where they quote it, is kept.
            let text = context.debugDescription
            let value = text.range(of: "String value ").map { String(text[$0.upperBound...]) }
                ?? text.split(separator: "”").first.flatMap { $0.split(separator: "“").last }.map(String.init)
            return FieldProblem(
                field: field, reason: field.isEmpty ? "Dòng không phải JSON hợp lệ" : "Giá trị không hợp lệ" + (value.map { ": “\($0)”" } ?? "")
            )
        @unknown default:
            return FieldProblem(field: "", reason: "Không đọc được bản ghi")
        }
    }

    /// One record as a JSON line (the exchange format's canonical form).
    public static func jsonLine(_ record: LegacyDossierRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }
}
