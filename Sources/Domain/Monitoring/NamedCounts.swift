/// Counts kept under their column names, in the names' order: a counter row's values.
public protocol NamedCounts: Hashable, Sendable {
    static var names: [String] { get }
    var values: [Int] { get set }
    init(values: [Int])
}

extension NamedCounts {
    public init() { self.init(values: Array(repeating: 0, count: Self.names.count)) }

    public subscript(_ name: String) -> Int {
        get { Self.names.firstIndex(of: name).map { values[$0] } ?? 0 }
        set { if let index = Self.names.firstIndex(of: name) { values[index] = newValue } }
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// In place: summing deltas into a dictionary's entry (`sums[key, default: …] += delta`) looks the
    /// key up once and reuses the entry's storage.
    ///
    /// The values are taken out and summed over their buffers: indexed through the protocol's accessor,
    /// each element cost a retain and a release of the array (perf: 6 % of a nationwide report's CPU).
    public static func += (lhs: inout Self, rhs: Self) {
        var values = lhs.values
        lhs.values = []
        values.withUnsafeMutableBufferPointer { sums in
            rhs.values.withUnsafeBufferPointer { added in
                precondition(sums.count == added.count, "counts of different kinds added")
                for index in sums.indices { sums[index] += added[index] }
            }
        }
        lhs.values = values
    }
}
