/// A request body of strings read without Foundation's `JSONDecoder`, which was half of a look-up
/// handler's CPU and 4 % of a reception's (`perf`, BENCHMARKS.md): one JSON object whose members are
/// strings, arrays of strings or objects of strings. Anything else (another value type, deeper nesting,
/// a repeated key, an escape, malformed JSON) gives nil, and the caller decodes with `JSONDecoder`, whose
/// errors say precisely what is wrong.
enum FlatJSON {
    enum Value: Equatable {
        case string(String)
        case strings([String])
        /// An object's members, strings only (the reader goes one level down and no further).
        case object([String: Value])
    }

    static func fields(_ bytes: [UInt8]) -> [String: Value]? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            guard let fields = reader.object(nested: false), reader.end() else { return nil }
            return fields
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        /// An object; inside another one, of strings only.
        mutating func object(nested: Bool) -> [String: Value]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var fields: [String: Value] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return fields }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = value(nested: nested), fields.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                return fields
            }
        }

        mutating func value(nested: Bool) -> Value? {
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "[") where !nested: return array().map(Value.strings)
            case UInt8(ascii: "{") where !nested: return object(nested: true).map(Value.object)
            default: return nil
            }
        }

        mutating func array() -> [String]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var items: [String] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return items }
            while true {
                skipSpace()
                guard let item = string() else { return nil }
                items.append(item)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "]")) else { return nil }
                return items
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

/// `FlatJSON`'s members as a request type reads them. A member of the wrong kind, or a value its type
/// does not take (an unknown enum case, a malformed date), marks the fields `mismatched`: the body then
/// goes to `JSONDecoder`, which names the field. Unknown members are ignored, as `JSONDecoder` ignores them.
struct FlatFields {
    private let values: [String: FlatJSON.Value]
    private(set) var mismatched = false

    init(_ values: [String: FlatJSON.Value]) { self.values = values }

    mutating func string(_ key: String) -> String? {
        switch values[key] {
        case nil: return nil
        case .string(let text): return text
        default: return mismatch()
        }
    }

    mutating func strings(_ key: String) -> [String]? {
        switch values[key] {
        case nil: return nil
        case .strings(let items): return items
        default: return mismatch()
        }
    }

    /// An object of strings, as a dictionary.
    mutating func dictionary(_ key: String) -> [String: String]? {
        object(key) { members in
            members.values.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
        }
    }

    /// An object of strings read by `read`, whose own mismatches are these fields'.
    mutating func object<T>(_ key: String, _ read: (inout FlatFields) -> T?) -> T? {
        switch values[key] {
        case nil: return nil
        case .object(let members):
            var inner = FlatFields(members)
            let value = read(&inner)
            if inner.mismatched { mismatched = true }
            return value
        default: return mismatch()
        }
    }

    /// A string its type takes (an enum's raw value, a date), or a mismatch.
    mutating func value<T>(_ key: String, _ make: (String) -> T?) -> T? {
        guard let text = string(key) else { return nil }
        guard let value = make(text) else { return mismatch() }
        return value
    }

    private mutating func mismatch<T>() -> T? {
        mismatched = true
        return nil
    }
}

/// A request body type that `JSONBody.decode` may build from `FlatJSON`'s fields; nil when a field it
/// needs is missing, so that `JSONDecoder` reports which.
protocol FlatJSONDecodable: Decodable {
    init?(flat fields: inout FlatFields)
}
