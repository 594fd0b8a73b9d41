/// A type whose JSON object `StreamingJSONEncoder` writes member by member, bypassing `Codable`'s
/// containers: values encoded by the thousand (a nationwide report's rows) or on every dossier write
/// (its state, events and look-up view), where the containers' existential and generic calls were most
/// of the encoding time (perf: 21 % of `motcua generate`'s CPU). Such a type keeps its `encode(to:)` —
/// what `JSONEncoder` and every other encoder use —, and `write(to:)` must give the same members in the
/// same order (`StreamingJSONEncoderTests` and `DossierJSONTests` hold the two equal).
///
/// The encoder recognises it when it is the value asked for; inside another type's `Codable` containers
/// only the types `JSONStream.value(_:key:)` names are, since a protocol cast on every nested value cost
/// a dossier's encoding 15 % (`motcua-bench`).
public protocol JSONObjectWritable: Encodable {
    func write(to object: inout JSONObjectWriter) throws
}

/// The members of one JSON object, written straight to the stream. Names are plain ASCII and need no
/// escaping. The `ifPresent:` forms leave a nil member out, as synthesized `Encodable` does.
public struct JSONObjectWriter {
    let stream: JSONStream
    private var count = 0

    init(stream: JSONStream) { self.stream = stream }

    private mutating func key(_ name: String) {
        if count > 0 { stream.bytes.append(UInt8(ascii: ",")) }
        count += 1
        stream.bytes.append(UInt8(ascii: "\""))
        var name = name
        name.withUTF8 { stream.bytes.append(contentsOf: $0) }
        stream.bytes.append(UInt8(ascii: "\""))
        stream.bytes.append(UInt8(ascii: ":"))
    }

    public mutating func member(_ name: String, _ value: Int) {
        key(name)
        stream.integer(value)
    }

    public mutating func member(_ name: String, _ value: String) {
        key(name)
        stream.string(value)
    }

    public mutating func member(_ name: String, _ value: Bool) {
        key(name)
        stream.bool(value)
    }

    public mutating func member(_ name: String, _ value: Instant) {
        key(name)
        stream.instant(value)
    }

    public mutating func member(_ name: String, _ value: LocalDate) {
        key(name)
        stream.string(value.description)
    }

    public mutating func member<Value: RawRepresentable>(_ name: String, _ value: Value) where Value.RawValue == String {
        key(name)
        stream.string(value.rawValue)
    }

    public mutating func member(_ name: String, _ value: some JSONObjectWritable) throws {
        key(name)
        try stream.object(value)
    }

    /// A number, or `null` when absent.
    public mutating func member(_ name: String, _ value: Double?) throws {
        key(name)
        if let value { try stream.number(value) } else { stream.null() }
    }

    public mutating func member(_ name: String, _ values: [String]) {
        key(name)
        array(values) { $0.string($1) }
    }

    public mutating func member(_ name: String, _ values: [Int]) {
        key(name)
        array(values) { $0.integer($1) }
    }

    public mutating func member<Value: RawRepresentable>(_ name: String, _ values: [Value]) where Value.RawValue == String {
        key(name)
        array(values) { $0.string($1.rawValue) }
    }

    public mutating func member<Value: JSONObjectWritable>(_ name: String, _ values: [Value]) throws {
        key(name)
        stream.bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { stream.bytes.append(UInt8(ascii: ",")) }
            try stream.object(value)
        }
        stream.bytes.append(UInt8(ascii: "]"))
    }

    /// An object of strings, its keys sorted (a dictionary's own order changes from one process to
    /// the next).
    public mutating func member(_ name: String, _ value: [String: String]) {
        key(name)
        stream.bytes.append(UInt8(ascii: "{"))
        for (index, entry) in value.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { stream.bytes.append(UInt8(ascii: ",")) }
            stream.string(entry.key)
            stream.bytes.append(UInt8(ascii: ":"))
            stream.string(entry.value)
        }
        stream.bytes.append(UInt8(ascii: "}"))
    }

    public mutating func member(_ name: String, object body: (inout JSONObjectWriter) throws -> Void) rethrows {
        key(name)
        stream.bytes.append(UInt8(ascii: "{"))
        var inner = JSONObjectWriter(stream: stream)
        try body(&inner)
        stream.bytes.append(UInt8(ascii: "}"))
    }

    public mutating func member(_ name: String, ifPresent value: Int?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent value: String?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent value: Bool?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent value: Instant?) {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent value: LocalDate?) {
        if let value { member(name, value) }
    }

    public mutating func member<Value: RawRepresentable>(_ name: String, ifPresent value: Value?) where Value.RawValue == String {
        if let value { member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent value: (some JSONObjectWritable)?) throws {
        if let value { try member(name, value) }
    }

    public mutating func member(_ name: String, ifPresent values: [String]?) {
        if let values { member(name, values) }
    }

    public mutating func member<Value: JSONObjectWritable>(_ name: String, ifPresent values: [Value]?) throws {
        if let values { try member(name, values) }
    }

    public mutating func member(_ name: String, ifPresent value: [String: String]?) {
        if let value { member(name, value) }
    }

    private func array<Value>(_ values: [Value], _ element: (JSONStream, Value) -> Void) {
        stream.bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { stream.bytes.append(UInt8(ascii: ",")) }
            element(stream, value)
        }
        stream.bytes.append(UInt8(ascii: "]"))
    }
}
