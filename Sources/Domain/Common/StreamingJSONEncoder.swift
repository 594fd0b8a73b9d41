import Foundation

/// JSON for `Encodable` values, written straight to UTF-8 in the order `encode(to:)` gives the keys.
///
/// Foundation's `JSONEncoder` first builds a tree of dictionaries and then writes it: on the dossier
/// write path (state, events, look-up view, answer) that was a third of the CPU of `motcua generate`
/// (perf, BENCHMARKS.md). The output means the same as `JSONEncoder` with `.withoutEscapingSlashes`:
/// same keys, values and escapes, keys in declaration order instead of a hash order. What it does not
/// handle the same way — `Date`, `Data`, `URL` and `Decimal` (their strategies), non-finite numbers,
/// `superEncoder`, a container asked for twice or written to after a sibling opened — is handed to
/// `JSONEncoder` whole, so the answer is always Foundation's where they could differ.
public struct StreamingJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let stream = JSONStream()
        do {
            try stream.whole(value)
            return stream.bytes
        } catch is JSONStream.Unsupported {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return Array(try encoder.encode(value))
        }
    }

    /// Elements of an array, comma-separated, without the brackets (a part of a long array,
    /// `JSONParts`), preceded by a comma when `afterOthers`: one stream for them all, where a stream
    /// each and its bytes copied into the part were a tenth of a nationwide report's CPU (perf). What
    /// the stream refuses is written as `encode` writes it, element by element.
    public func encode<T: Encodable>(elements: ArraySlice<T>, afterOthers: Bool = false) throws -> [UInt8] {
        let stream = JSONStream(capacity: 1_024 * elements.count)
        do {
            for (offset, element) in elements.enumerated() {
                if afterOthers || offset > 0 { stream.bytes.append(UInt8(ascii: ",")) }
                try stream.whole(element)
            }
            return stream.bytes
        } catch is JSONStream.Unsupported {
            var bytes: [UInt8] = []
            for (offset, element) in elements.enumerated() {
                if afterOthers || offset > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes += try encode(element)
            }
            return bytes
        }
    }

    public func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }
}

/// The output and the containers open in it, innermost last.
///
/// Its state is marked `@exclusivity(unchecked)`: one stream is only ever used by one encoding on one
/// thread, and the runtime's access checks on every append were an eighth of the encoding time (perf).
final class JSONStream {
    struct Unsupported: Error {}

    @exclusivity(unchecked) var bytes: [UInt8] = []
    /// The closing byte of each open container, how many elements it holds so far, its serial number
    /// (a container handle is its depth and serial: a closed one is never mistaken for the sibling
    /// opened at its depth after it), and how many keys it put on `path`.
    @exclusivity(unchecked) private var closing: [UInt8] = []
    @exclusivity(unchecked) private var counts: [Int] = []
    @exclusivity(unchecked) private var serials: [Int] = []
    @exclusivity(unchecked) private var keysAdded: [Int] = []
    @exclusivity(unchecked) private var opened = 0
    /// The coding path of what is being written, kept once here: containers and encoders remember how
    /// long it was when they were made, instead of each carrying a copy.
    @exclusivity(unchecked) private var path: [any CodingKey] = []
    /// For each encoder from the top to the innermost: its serial, and whether it handed out its one
    /// container.
    @exclusivity(unchecked) private var encoders: [(serial: Int, claimed: Bool)] = []

    /// Whether anything was refused (every refusal sets it, even one a type catches and ignores).
    @exclusivity(unchecked) private(set) var refused = false

    init(capacity: Int = 2_048) { bytes.reserveCapacity(capacity) }

    var depth: Int { closing.count }

    func refusal() -> Unsupported {
        refused = true
        return Unsupported()
    }

    func codingPath(_ length: Int) -> [any CodingKey] { Array(path.prefix(min(length, path.count))) }

    func close(to depth: Int) {
        while closing.count > depth {
            bytes.append(closing.removeLast())
            counts.removeLast()
            serials.removeLast()
            path.removeLast(keysAdded.removeLast())
        }
    }

    /// Opens a container, nested under `key` when given; returns its handle and its coding path's length.
    func open(_ opening: UInt8, _ close: UInt8, key: (any CodingKey)? = nil) -> (Handle, Int) {
        bytes.append(opening)
        closing.append(close)
        counts.append(0)
        opened += 1
        serials.append(opened)
        if let key { path.append(key) }
        keysAdded.append(key == nil ? 0 : 1)
        return (Handle(depth: closing.count, serial: opened), path.count)
    }

    struct Handle {
        let depth: Int
        let serial: Int
    }

    /// Before an element of an open container: closes what a previous sibling left open, and writes the
    /// separator. A container already closed cannot take more.
    func element(of handle: Handle) throws {
        let depth = handle.depth
        guard closing.count >= depth, serials[depth - 1] == handle.serial else { throw refusal() }
        close(to: depth)
        if counts[depth - 1] > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[depth - 1] += 1
    }

    func key(_ key: some CodingKey) {
        string(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            // A plain loop over the bytes: `enumerated()` and its iterators were most of the encoding's
            // time in the debug builds the tests and the CI stages run (perf: 4 % of the test suite).
            let count = utf8.count
            var start = 0
            var index = 0
            while index < count {
                let byte = base[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                    index += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                }
                index += 1
                start = index
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: count - start))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func integer(_ value: some BinaryInteger & CustomStringConvertible) { bytes.append(contentsOf: value.description.utf8) }

    /// The common case without making a `String` first: a nationwide report writes some 150,000.
    func integer(_ value: Int) {
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    func number(_ value: some BinaryFloatingPoint & LosslessStringConvertible) throws {
        guard value.isFinite else { throw refusal() }
        // Over the bytes: `hasSuffix` and `removeLast` on the `String` compare characters, and a
        // nationwide report writes some 100,000 numbers (perf: 7 % of a report by agency).
        var text = value.description
        text.withUTF8 { utf8 in
            let whole = utf8.count >= 2 && utf8[utf8.count - 2] == UInt8(ascii: ".") && utf8[utf8.count - 1] == UInt8(ascii: "0")
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<(whole ? utf8.count - 2 : utf8.count)]))
        }
    }

    func instant(_ value: Instant) {
        bytes.append(UInt8(ascii: "\""))
        value.appendDescription(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    func bool(_ value: Bool) { bytes.append(contentsOf: value ? "true".utf8 : "false".utf8) }

    func null() { bytes.append(contentsOf: "null".utf8) }

    /// A value in the place the caller prepared (after a key or a separator, or at the top), under `key`
    /// in the coding path when given. The common leaf types are told apart by their metadata, not by
    /// dynamic casts (a third of the time this took was casts, perf).
    func value<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        if T.self == String.self {
            string(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            integer(unsafeBitCast(value, to: Int.self))
        } else if T.self == Bool.self {
            bool(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Double.self {
            try number(unsafeBitCast(value, to: Double.self))
        } else if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            throw refusal()
        } else if T.self == IndicatorRow.self || T.self == DossierEvent.self || T.self == Dossier.self,
                  let writable = value as? any JSONObjectWritable {
            try object(writable)
        } else {
            let depth = depth, start = bytes.count
            if let key { path.append(key) }
            opened += 1
            encoders.append((opened, false))
            defer {
                encoders.removeLast()
                if key != nil { path.removeLast() }
            }
            let encoder = StreamingEncoder(stream: self, level: encoders.count - 1, serial: opened, pathLength: path.count)
            try value.encode(to: encoder)
            close(to: depth)
            // What encodes nothing is an empty object, as with JSONEncoder.
            if bytes.count == start { bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
        }
    }

    /// A value asked for (not one inside another's containers), written and closed.
    func whole<T: Encodable>(_ value: T) throws {
        // One cast per value asked for: inside `Codable` containers only the types `value(_:key:)`
        // names are recognised (a cast on every nested value cost 15 %, see `JSONObjectWritable`).
        if let writable = value as? any JSONObjectWritable {
            try object(writable)
        } else {
            try self.value(value, key: nil)
        }
        // A type may swallow an error (`try?`) after the stream refused something: what was written
        // then is not to be trusted, so Foundation answers instead.
        guard !refused else { throw Unsupported() }
        close(to: 0)
    }

    /// A value's object written member by member (`JSONObjectWritable`).
    func object(_ value: some JSONObjectWritable) throws {
        bytes.append(UInt8(ascii: "{"))
        var object = JSONObjectWriter(stream: self)
        try value.write(to: &object)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Whether the encoder at `level` with `serial` may hand out its one container (and now has).
    func claim(level: Int, serial: Int) -> Bool {
        guard level < encoders.count, encoders[level].serial == serial, !encoders[level].claimed else {
            refused = true
            return false
        }
        encoders[level].claimed = true
        return true
    }
}

struct StreamingEncoder: Encoder {
    let stream: JSONStream
    let level: Int
    let serial: Int
    let pathLength: Int
    var codingPath: [any CodingKey] { stream.codingPath(pathLength) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        guard stream.claim(level: level, serial: serial) else { return KeyedEncodingContainer(RefusingKeyedContainer<Key>(codingPath: codingPath)) }
        let (handle, length) = stream.open(UInt8(ascii: "{"), UInt8(ascii: "}"))
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(stream: stream, handle: handle, pathLength: length))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        guard stream.claim(level: level, serial: serial) else { return RefusingUnkeyedContainer(codingPath: codingPath) }
        let (handle, length) = stream.open(UInt8(ascii: "["), UInt8(ascii: "]"))
        return StreamingUnkeyedContainer(stream: stream, handle: handle, pathLength: length)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        guard stream.claim(level: level, serial: serial) else { return RefusingSingleValueContainer(codingPath: codingPath) }
        return StreamingSingleValueContainer(stream: stream, pathLength: pathLength)
    }
}

struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let stream: JSONStream
    let handle: JSONStream.Handle
    let pathLength: Int
    var codingPath: [any CodingKey] { stream.codingPath(pathLength) }

    private func begin(_ key: Key) throws {
        try stream.element(of: handle)
        stream.key(key)
    }

    mutating func encodeNil(forKey key: Key) throws { try begin(key); stream.null() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try begin(key); stream.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try begin(key); stream.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try begin(key); try stream.number(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try begin(key); try stream.number(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try begin(key); stream.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try begin(key); stream.integer(value) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try stream.value(value, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        do { try begin(key) } catch { return KeyedEncodingContainer(RefusingKeyedContainer<NestedKey>(codingPath: codingPath)) }
        let (handle, length) = stream.open(UInt8(ascii: "{"), UInt8(ascii: "}"), key: key)
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(stream: stream, handle: handle, pathLength: length))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        do { try begin(key) } catch { return RefusingUnkeyedContainer(codingPath: codingPath) }
        let (handle, length) = stream.open(UInt8(ascii: "["), UInt8(ascii: "]"), key: key)
        return StreamingUnkeyedContainer(stream: stream, handle: handle, pathLength: length)
    }

    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let stream: JSONStream
    let handle: JSONStream.Handle
    let pathLength: Int
    var codingPath: [any CodingKey] { stream.codingPath(pathLength) }
    private(set) var count = 0

    init(stream: JSONStream, handle: JSONStream.Handle, pathLength: Int) {
        self.stream = stream
        self.handle = handle
        self.pathLength = pathLength
    }

    private mutating func begin() throws {
        try stream.element(of: handle)
        count += 1
    }

    mutating func encodeNil() throws { try begin(); stream.null() }
    mutating func encode(_ value: Bool) throws { try begin(); stream.bool(value) }
    mutating func encode(_ value: String) throws { try begin(); stream.string(value) }
    mutating func encode(_ value: Double) throws { try begin(); try stream.number(value) }
    mutating func encode(_ value: Float) throws { try begin(); try stream.number(value) }
    mutating func encode(_ value: Int) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: Int8) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: Int16) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: Int32) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: Int64) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: UInt) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: UInt8) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: UInt16) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: UInt32) throws { try begin(); stream.integer(value) }
    mutating func encode(_ value: UInt64) throws { try begin(); stream.integer(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try stream.value(value, key: IndexKey(intValue: count - 1))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        do { try begin() } catch { return KeyedEncodingContainer(RefusingKeyedContainer<NestedKey>(codingPath: codingPath)) }
        let (handle, length) = stream.open(UInt8(ascii: "{"), UInt8(ascii: "}"), key: IndexKey(intValue: count - 1))
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(stream: stream, handle: handle, pathLength: length))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        do { try begin() } catch { return RefusingUnkeyedContainer(codingPath: codingPath) }
        let (handle, length) = stream.open(UInt8(ascii: "["), UInt8(ascii: "]"), key: IndexKey(intValue: count - 1))
        return StreamingUnkeyedContainer(stream: stream, handle: handle, pathLength: length)
    }

    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

struct StreamingSingleValueContainer: SingleValueEncodingContainer {
    let stream: JSONStream
    let pathLength: Int
    var codingPath: [any CodingKey] { stream.codingPath(pathLength) }

    mutating func encodeNil() throws { stream.null() }
    mutating func encode(_ value: Bool) throws { stream.bool(value) }
    mutating func encode(_ value: String) throws { stream.string(value) }
    mutating func encode(_ value: Double) throws { try stream.number(value) }
    mutating func encode(_ value: Float) throws { try stream.number(value) }
    mutating func encode(_ value: Int) throws { stream.integer(value) }
    mutating func encode(_ value: Int8) throws { stream.integer(value) }
    mutating func encode(_ value: Int16) throws { stream.integer(value) }
    mutating func encode(_ value: Int32) throws { stream.integer(value) }
    mutating func encode(_ value: Int64) throws { stream.integer(value) }
    mutating func encode(_ value: UInt) throws { stream.integer(value) }
    mutating func encode(_ value: UInt8) throws { stream.integer(value) }
    mutating func encode(_ value: UInt16) throws { stream.integer(value) }
    mutating func encode(_ value: UInt32) throws { stream.integer(value) }
    mutating func encode(_ value: UInt64) throws { stream.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try stream.value(value, key: nil) }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

// What the stream does not do: every write through these fails, and `StreamingJSONEncoder` hands the
// whole value to `JSONEncoder`.

private struct RefusingEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RefusingKeyedContainer<Key>(codingPath: codingPath))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyedContainer(codingPath: codingPath) }
    func singleValueContainer() -> any SingleValueEncodingContainer { RefusingSingleValueContainer(codingPath: codingPath) }
}

private struct RefusingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let codingPath: [any CodingKey]
    mutating func encodeNil(forKey key: Key) throws { throw JSONStream.Unsupported() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw JSONStream.Unsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(RefusingKeyedContainer<NestedKey>(codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingUnkeyedContainer(codingPath: codingPath) }
    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

private struct RefusingUnkeyedContainer: UnkeyedEncodingContainer {
    let codingPath: [any CodingKey]
    var count: Int { 0 }
    mutating func encodeNil() throws { throw JSONStream.Unsupported() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw JSONStream.Unsupported() }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(RefusingKeyedContainer<NestedKey>(codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingUnkeyedContainer(codingPath: codingPath) }
    mutating func superEncoder() -> any Encoder { RefusingEncoder(codingPath: codingPath) }
}

private struct RefusingSingleValueContainer: SingleValueEncodingContainer {
    let codingPath: [any CodingKey]
    mutating func encodeNil() throws { throw JSONStream.Unsupported() }
    mutating func encode<T: Encodable>(_ value: T) throws { throw JSONStream.Unsupported() }
}
