/// What an SQL engine offers the shared repositories: queries, and a batch of statements applied in one
/// transaction (all or nothing).
public protocol SQLExecutor: Sendable {
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// A read of a few rows by key (a session, a user, a unit, a dossier by code), which an engine may
    /// answer on the calling thread because it is short; anything that scans goes through `query`.
    func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]]
    func transaction(_ statements: [SQLStatement]) async throws
    /// A read that may be answered by a replica a little behind the primary: only for what a reader
    /// cannot have just written (citizen look-ups fall back to the primary when they find nothing; reports).
    func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// Whether `readQuery` may answer from a replica behind the primary (then a miss is asked again).
    var readsMayLag: Bool { get }
    /// Whether a report's rows are better summed as they come (`groupedSums`) than by the engine's
    /// `GROUP BY`: SQLite groups by sorting every row first.
    var sumsInProcess: Bool { get }
    /// A `readQuery` whose first `groups` columns are texts and the others integers (NULL as 0): the
    /// latter summed by the former, one element per distinct group. A read without groups whose values
    /// are all NULL (the sums of no rows) gives none.
    func groupedSums(_ statement: SQLStatement, groups: Int) async throws -> [GroupSums]
    /// The select list of `groupedSums`' integer columns, given their expressions: an engine may pack
    /// them into fewer columns, which its `groupedSums` then unpacks (PostgreSQL: one array).
    func sumColumns(_ sums: [String]) -> [String]
    /// The SQL expression of a JSON object or value inside a text column, as JSON text: `path` are the
    /// object keys leading to it. The engine parses the column in C, far faster than decoding it whole.
    func jsonText(_ column: String, path: [String]) -> String
    /// A condition's reference to `column` that the engine's planner will not read through an index,
    /// where its guess would take a worse one (SQLite's `+column`); the column itself elsewhere.
    func unindexed(_ column: String) -> String
}

extension SQLExecutor {
    public func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await query(statement) }
    public func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await query(statement) }
    public var readsMayLag: Bool { false }
    public var sumsInProcess: Bool { false }
    public func unindexed(_ column: String) -> String { column }
    public func sumColumns(_ sums: [String]) -> [String] { sums }

    public func groupedSums(_ statement: SQLStatement, groups: Int) async throws -> [GroupSums] {
        var sums = GroupSummer()
        for row in try await readQuery(statement) {
            if groups == 0, row.allSatisfy({ $0 == .null }) { continue }
            sums.add(row[..<groups].map { $0.text ?? "" }, row[groups...].map { $0.integer ?? 0 })
        }
        return sums.groups
    }
}

/// One group's texts and its values' sums (`SQLExecutor.groupedSums`).
public struct GroupSums: Sendable, Equatable {
    public var group: [String]
    public var sums: [Int]

    public init(group: [String], sums: [Int]) {
        self.group = group
        self.sums = sums
    }
}

/// Sums by group, the groups in the order first seen.
public struct GroupSummer {
    private var positions: [CounterRow: Int] = [:]
    public private(set) var groups: [GroupSums] = []

    public init() {}

    public mutating func add(_ group: [String], _ values: [Int]) {
        let key = CounterRow(group)
        if let position = positions[key] {
            groups.withUnsafeMutableBufferPointer { groups in
                for index in values.indices { groups[position].sums[index] += values[index] }
            }
        } else {
            positions[key] = groups.count
            groups.append(GroupSums(group: group, sums: values))
        }
    }
}
