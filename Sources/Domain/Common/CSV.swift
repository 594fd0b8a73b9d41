/// RFC 4180 CSV, as written by spreadsheets and by the reference data: comma separated, fields quoted
/// with `"` when they hold a comma, quote or line break, `\n` or `\r\n` line ends.
public enum CSV {
    /// Splits a whole text into records of fields. A trailing line end does not make an empty record.
    public static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var reader = Reader(bytes: Array(text.utf8))
        while let record = reader.next() { records.append(record) }
        return records
    }

    /// Parses records one by one from UTF-8 bytes, so that large files stream without holding every record.
    public struct Reader: Sendable {
        private let bytes: [UInt8]
        private var position = 0

        public init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        public mutating func next() -> [String]? {
            guard position < bytes.count else { return nil }
            var fields: [String] = []
            var field: [UInt8] = []
            var quoted = false
            var index = position
            while index < bytes.count {
                let byte = bytes[index]
                if quoted {
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 2
                            continue
                        }
                        quoted = false
                    } else {
                        field.append(byte)
                    }
                    index += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    quoted = true
                case UInt8(ascii: ","):
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    fields.append(String(decoding: field, as: UTF8.self))
                    if byte == UInt8(ascii: "\r"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                        index += 1
                    }
                    position = index + 1
                    return fields
                default:
                    field.append(byte)
                }
                index += 1
            }
            fields.append(String(decoding: field, as: UTF8.self))
            position = bytes.count
            return fields
        }
    }

    /// One record as a line, quoting only the fields that need it, ended by `\n`.
    public static func line(_ fields: [String]) -> String {
        var bytes: [UInt8] = []
        append(fields, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends one record as a line of UTF-8 bytes, for writers of large files.
    public static func append(_ fields: [String], to output: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            let utf8 = field.utf8
            let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            guard needsQuotes else {
                output.append(contentsOf: utf8)
                continue
            }
            output.append(UInt8(ascii: "\""))
            for byte in utf8 {
                output.append(byte)
                if byte == UInt8(ascii: "\"") { output.append(byte) }
            }
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: "\n"))
    }
}
