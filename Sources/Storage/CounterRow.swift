/// A counter row's key columns as a dictionary key, hashed once over their bytes. The bulk path sums
/// hundreds of thousands of rollup deltas per batch by such keys; as `[String]` each lookup hashed
/// every column through the standard library's Unicode-aware string hashing (about a tenth of an
/// import's CPU with the sort, perf). Equality is byte equality, which is what the database compares.
struct CounterRow: Hashable {
    let columns: [String]
    private let digest: UInt64

    init(_ columns: [String]) {
        self.columns = columns
        // With a byte no column holds between columns, so that ["ab", "c"] and ["a", "bc"] differ.
        var digest = FNV1a()
        for column in columns {
            for byte in column.utf8 { digest.add(byte) }
            digest.add(0xFF)
        }
        self.digest = digest.value
    }

    static func == (lhs: CounterRow, rhs: CounterRow) -> Bool {
        lhs.digest == rhs.digest && lhs.columns.count == rhs.columns.count
            && zip(lhs.columns, rhs.columns).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }
}

extension Dictionary where Key == CounterRow, Value == [Int] {
    /// Adds `values` to the row's, in place.
    mutating func add(_ values: [Int], to key: CounterRow) {
        if let index = index(forKey: key) {
            for position in values.indices { self.values[index][position] += values[position] }
        } else {
            self[key] = values
        }
    }
}

/// FNV-1a over bytes: keys of our own rows (counter keys, report groups) hashed byte by byte, where the
/// standard library's hashing goes through Unicode-aware string hashing.
public struct FNV1a {
    @usableFromInline var state: UInt64

    @inlinable public var value: UInt64 { state }

    @inlinable public init() { state = 14_695_981_039_346_656_037 }

    @inlinable public mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 1_099_511_628_211
    }
}
