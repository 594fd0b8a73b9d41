import Domain
import DomainTesting
import Foundation
import PropertyBased
import Testing

/// The streaming encoder says what Foundation's `JSONEncoder` says: both outputs, parsed, are the same
/// JSON (keys may come in another order), and the streamed text decodes back to the value.
struct StreamingJSONEncoderTests {
    /// Both parsed and written again with sorted keys: equal when they mean the same.
    static func canonical(_ bytes: some Sequence<UInt8>) throws -> String {
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        return String(decoding: try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    static func foundation(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func expectSame<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let streamed = try StreamingJSONEncoder().encode(value)
        #expect(try canonical(streamed) == canonical(foundation(value)), sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(T.self, from: Data(streamed)) == value, sourceLocation: sourceLocation)
    }

    @Test("dossiers of the worked example and their events: the same JSON as JSONEncoder's, decoded back equal")
    func dossiers() throws {
        var scenarios: [DossierScenario] = []
        var supplement = try DossierScenario("01.001-250702-0001", at: "2025-07-02T08:00", channel: .inPerson)
        try supplement.apply("2025-07-02T09:00", DossierRequest(.assign, assignee: "u2"))
        try supplement.apply("2025-07-02T10:00", DossierRequest(.requestSupplement, missing: ["Bản sao \"giấy\" khai sinh\\1/2\n"]))
        try supplement.apply("2025-07-09T10:00", DossierRequest(.receiveSupplement))
        try supplement.resolve(at: "2025-07-11T10:00")
        scenarios.append(supplement)
        var apology = try DossierScenario("01.001-250707-0002", at: "2025-07-07T08:00", channel: .online)
        try apology.apply("2025-07-07T09:00", DossierRequest(.assign, assignee: "u2"))
        try apology.apply("2025-07-09T16:00", DossierRequest(
            .apologise, reason: "Cần xác minh thêm tại nơi cư trú", newAppointment: DossierScenario.at("2025-07-14T17:00")
        ))
        try apology.resolve(at: "2025-07-11T10:00", outcome: .refused)
        scenarios.append(apology)
        scenarios.append(try DossierScenario("01.001-250708-0003", at: "2025-07-08T08:00", channel: .online, receive: false))
        for scenario in scenarios {
            try Self.expectSame(scenario.dossier)
            for event in scenario.events { try Self.expectSame(event) }
            try Self.expectSame(scenario.events)
        }
    }

    struct Sample: Codable, Equatable {
        enum Kind: Codable, Equatable {
            case plain
            case tagged(String, count: Int)
            case nested([Sample])
        }
        var text: String
        var number: Int
        var real: Double
        var flag: Bool
        var maybe: String?
        var list: [String?]
        var table: [String: Int]
        var numbered: [Int: String]
        var kind: Kind
        var unsigned: UInt8
    }

    static let text = Gen<String>.frequency(
        (3, Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{7F}").map(Character.init).string(of: 0...12)),
        (2, Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{2FFF}").map(Character.init).string(of: 0...12)),
        (1, Gen<String?>.element(of: ["\"", "\\", "/", "\u{8}\u{C}\n\r\t", "Nguyễn Thị Hoa", "😀", ""]).map { $0 ?? "" })
    )

    static let sample = zip(
        text, Gen<Int>.int(in: Int.min...Int.max), Gen<Int>.int(in: -1_000_000...1_000_000), Gen<Bool>.bool,
        Gen<String?>.frequency((1, Gen<String?>.always(nil)), (2, text.map { Optional($0) })), text.array(of: 0...4)
    ).map { text, number, scaled, flag, maybe, list in
        Sample(
            text: text, number: number, real: Double(scaled) / 64, flag: flag, maybe: maybe,
            list: list.enumerated().map { $0.offset % 3 == 2 ? nil : $0.element }, table: Dictionary(list.map { ($0, $0.count) }) { a, _ in a },
            numbered: [number % 100: text], kind: scaled % 3 == 0 ? .plain : scaled % 3 == 1 ? .tagged(text, count: scaled)
                : .nested([Sample(text: text, number: 1, real: 0.5, flag: true, maybe: nil, list: [], table: [:], numbered: [:], kind: .plain, unsigned: 0)]),
            unsigned: UInt8(truncatingIfNeeded: scaled)
        )
    }

    @Test("any value of strings, numbers, optionals, arrays, dictionaries and enums: the same JSON as JSONEncoder's")
    func anyValue() async {
        await propertyCheck(count: 1_000, input: Self.sample) { sample in
            #expect(throws: Never.self) { try Self.expectSame(sample) }
        }
    }

    /// Report rows, some with nothing to divide by (null shares), with odd group texts.
    static let indicatorRows = zip(
        Gen<Int>.int(in: 0...6).array(of: 11), Gen<Int>.int(in: 0...500).array(of: CounterValues.names.count),
        text.array(of: 0...3)
    ).map { cohort, flow, group in
        var sums = CohortSums()
        (sums.received, sums.receivedOnline, sums.withdrawn, sums.finished) = (cohort[0], cohort[1], cohort[2], cohort[3])
        (sums.onTime, sums.early, sums.stopped, sums.processingMinutes) = (cohort[4], cohort[5], cohort[6], cohort[7] * 97)
        (sums.pending, sums.pendingOverdue, sums.supplementRequests) = (cohort[8], cohort[9], cohort[10])
        return IndicatorRow(group: Dictionary(group.map { ($0, $0 + "·") }) { a, _ in a }, cohort: sums, flow: CounterValues(values: flow))
    }

    @Test("report rows, written straight to the stream: the same JSON as JSONEncoder's through encode(to:)")
    func indicatorRowsWritten() async {
        await propertyCheck(count: 300, input: Self.indicatorRows.array(of: 0...3)) { rows in
            #expect(throws: Never.self) {
                let streamed = try StreamingJSONEncoder().encode(["rows": rows])
                #expect(try Self.canonical(streamed) == Self.canonical(Self.foundation(["rows": rows])))
            }
        }
    }

    @Test("a report row's group is written with its keys sorted (the row is written, not encoded through its dictionary)")
    func indicatorRowGroupSorted() throws {
        let group = Dictionary(uniqueKeysWithValues: ["unit", "province", "level", "field", "channel", "provinceName"].map { ($0, "x") })
        let row = IndicatorRow(group: group, cohort: CohortSums(), flow: CounterValues())
        let text = String(decoding: try StreamingJSONEncoder().encode([row]), as: UTF8.self)
        #expect(text.hasPrefix(#"[{"group":{"channel":"x","field":"x","level":"x","province":"x","provinceName":"x","unit":"x"},"received":0,"#))
    }

    struct Dated: Codable, Equatable {
        var at: Date
        var blob: Data
    }

    @Test("a run of elements is the array's inside, comma-led after others; one refused element is Foundation's")
    func elementRuns() throws {
        var random = Xoshiro(seed: (7, 11, 13, 17))
        let rows = Self.indicatorRows.array(of: 5...5).run(using: &random)
        let whole = try StreamingJSONEncoder().encode(rows)
        for split in 0...rows.count {
            let first = try StreamingJSONEncoder().encode(elements: rows[..<split])
            let second = try StreamingJSONEncoder().encode(elements: rows[split...], afterOthers: split > 0)
            #expect([UInt8(ascii: "[")] + first + second + [UInt8(ascii: "]")] == whole, "split at \(split)")
        }
        #expect(try StreamingJSONEncoder().encode(elements: ([] as [Int])[...], afterOthers: true).isEmpty)
        // A `Date` is refused by the stream: that element is written by `JSONEncoder`, the others as before.
        let dated = [Dated(at: Date(timeIntervalSince1970: 0), blob: Data([1])), Dated(at: Date(timeIntervalSince1970: 86_400.5), blob: Data())]
        let run = try StreamingJSONEncoder().encode(elements: dated[...], afterOthers: true)
        let expected = try dated.map { [UInt8(ascii: ",")] + (try StreamingJSONEncoder().encode($0)) }.flatMap { $0 }
        #expect(run == expected)
        #expect(try Self.canonical([UInt8(ascii: "[")] + run.dropFirst() + [UInt8(ascii: "]")]) == Self.canonical(Self.foundation(dated)))
    }

    /// Writes into its first container after opening a second one: what the stream cannot do in order.
    struct Interleaved: Encodable {
        enum Keys: String, CodingKey { case a, b, c }
        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: Keys.self)
            var first = outer.nestedContainer(keyedBy: Keys.self, forKey: .a)
            var second = outer.nestedContainer(keyedBy: Keys.self, forKey: .b)
            try second.encode(2, forKey: .c)
            try first.encode(1, forKey: .c)
        }
    }

    /// Ignores the error of a value the stream refuses (a date), then writes more.
    struct Swallowing: Encodable {
        enum Keys: String, CodingKey { case at, list, after }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try? list.encode(Date(timeIntervalSince1970: 0))
            try list.encode(1)
            try? container.encode(Date(timeIntervalSince1970: 1_751_328_000), forKey: .at)
            try container.encode("sau", forKey: .after)
        }
    }

    struct Silent: Encodable {
        func encode(to encoder: any Encoder) throws {}
    }

    /// Notes the coding path wherever it is encoded and wherever it opens a container.
    final class PathLog: @unchecked Sendable { var paths: [String] = [] }

    struct PathProbe: Encodable {
        enum Keys: String, CodingKey { case a, b, list }
        let log: PathLog
        let depth: Int

        func note(_ path: [any CodingKey]) { log.paths.append(path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")) }

        func encode(to encoder: any Encoder) throws {
            note(encoder.codingPath)
            guard depth > 0 else {
                var single = encoder.singleValueContainer()
                try single.encode(depth)
                return
            }
            let child = PathProbe(log: log, depth: depth - 1)
            var keyed = encoder.container(keyedBy: Keys.self)
            note(keyed.codingPath)
            try keyed.encode(child, forKey: .a)
            try keyed.encode([child, child], forKey: .b)
            var nested = keyed.nestedContainer(keyedBy: Keys.self, forKey: .list)
            note(nested.codingPath)
            try nested.encode(child, forKey: .a)
            var list = nested.nestedUnkeyedContainer(forKey: .b)
            try list.encode(child)
            var inner = list.nestedUnkeyedContainer()
            note(inner.codingPath)
            try inner.encode(child)
            note(keyed.codingPath)
        }
    }

    /// Foundation's own encoder on Linux drops a nested container's key from the paths under it, so the
    /// paths are written out here.
    @Test("each value and container sees its full coding path, nested containers' keys included")
    func codingPaths() throws {
        let log = PathLog()
        let bytes = try StreamingJSONEncoder().encode(PathProbe(log: log, depth: 1))
        #expect(log.paths == ["", "", "a", "b/0", "b/1", "list", "list/a", "list/b/0", "list/b/1", "list/b/1/0", ""])
        #expect(try Self.canonical(bytes) == Self.canonical(Self.foundation(PathProbe(log: PathLog(), depth: 1))))
        let deeper = PathLog()
        _ = try StreamingJSONEncoder().encode(PathProbe(log: deeper, depth: 2))
        #expect(deeper.paths.filter { $0.hasPrefix("list/b/1/0") }
            == log.paths.map { $0.isEmpty ? "list/b/1/0" : "list/b/1/0/" + $0 })
    }

    @Test("dates, data, interleaved containers and non-finite numbers: JSONEncoder's own answer; nothing is {}")
    func handedToFoundation() throws {
        try Self.expectSame(Dated(at: Date(timeIntervalSince1970: 1_751_328_000.25), blob: Data([0, 1, 2, 250])))
        let interleaved = try StreamingJSONEncoder().encode(Interleaved())
        #expect(try Self.canonical(interleaved) == Self.canonical(Self.foundation(Interleaved())))
        #expect(try Self.canonical(interleaved) == #"{"a":{"c":1},"b":{"c":2}}"#)
        #expect(throws: EncodingError.self) { _ = try StreamingJSONEncoder().encode([Double.nan]) }
        #expect(try StreamingJSONEncoder().string(Silent()) == "{}")
        let swallowing = try StreamingJSONEncoder().encode(Swallowing())
        #expect(try Self.canonical(swallowing) == Self.canonical(Self.foundation(Swallowing())))
        #expect(try StreamingJSONEncoder().string(["a/b": [1.0, 2.5]]) == #"{"a/b":[1,2.5]}"#)
    }
}
