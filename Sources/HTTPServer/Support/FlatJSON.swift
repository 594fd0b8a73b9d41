/// A request body that is one JSON object of string values (a citizen's look-up) read without
/// Foundation's `JSONDecoder`, which was half of a look-up handler's CPU (`perf`, BENCHMARKS.md).
/// Anything else (another value type, nesting, a repeated key, malformed JSON) gives nil, and the caller
/// decodes with `JSONDecoder`, whose errors say precisely what is wrong.
enum FlatJSON {
    static func strings(_ bytes: [UInt8]) -> [String: String]? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return reader.object()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func object() -> [String: String]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var fields: [String: String] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return end() ? fields : nil }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = string(), fields.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return end() ? fields : nil
            }
        }

        /// Only white space may follow the object.
        mutating func end() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// A string without escapes, as requests almost always are; one with escapes is left to `JSONDecoder`.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    defer { index += 1 }
                    return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                // An escape, or a control character JSON does not allow unescaped.
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
    }
}

/// A request body type that `JSONBody.decode` may build from `FlatJSON`'s fields; nil when a field it
/// needs is missing, so that `JSONDecoder` reports which.
protocol FlatJSONDecodable: Decodable {
    init?(flat fields: [String: String])
}
