import Domain
import Foundation
import Synchronization

/// The bulk path: codes reserved by blocks, and many changes in one transaction whose rows go in
/// multi-row statements and whose counters are summed before they are written. A filing pays one
/// transaction and a dozen statements for itself; here hundreds of dossiers share them.
extension SQLDossierRepository {
    public func reserveCodes(_ blocks: [CodeBlock]) async throws -> [Int] {
        // Each block's first number set by its place, not appended: an engine may run a script again
        // after its transaction rolled back (PostgreSQL's group commit), and then the second run's
        // numbers, which another writer's reservation in between may have moved, are the ones that stand.
        let firsts = Mutex<[Int]>(Array(repeating: 0, count: blocks.count))
        // In key order, as every writer of the code counters, so that two bulk writers never deadlock.
        let ordered = blocks.enumerated().sorted {
            ($0.element.provinceCode, $0.element.agencyCode, $0.element.day.description)
                < ($1.element.provinceCode, $1.element.agencyCode, $1.element.day.description)
        }
        var steps: [SQLStep] = []
        for (index, block) in ordered {
            guard block.count > 0 else { throw StorageError.invalidConfiguration("a block of \(block.count) codes") }
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO dossier_code_counters (province_code, agency_code, day, last) VALUES (?, ?, ?, ?)
                ON CONFLICT (province_code, agency_code, day) DO UPDATE SET last = dossier_code_counters.last + excluded.last
                RETURNING last
                """, [.text(block.provinceCode), .text(block.agencyCode), .text(block.day.description), .integer(block.count)])) { rows in
                    guard let last = rows.first?.first?.integer else { throw StorageError.corrupt("the code counter returned nothing") }
                    firsts.withLock { $0[index] = last - block.count + 1 }
                })
        }
        guard !steps.isEmpty else { return [] }
        try await executor.run(SQLScript(steps))
        return firsts.withLock { $0 }
    }

    public func appendMany(_ changes: [DossierChange]) async throws {
        var seen: Set<String> = []
        var deltas = CounterDeltas(rollupSlot: Self.rollupSlot(for: changes.first?.after.code ?? "", of: rollupSlots))
        var steps: [SQLStep] = []
        for change in changes {
            guard seen.insert(change.after.code).inserted else {
                throw StorageError.invalidConfiguration("dossier \(change.after.code) twice in one bulk write")
            }
            steps += try Self.steps(for: change)
            deltas.add(change)
        }
        guard !steps.isEmpty else { return }
        // The counters' statements made here, not by the engine: a bulk batch is a transaction of its
        // own, so there is nothing to sum it with, and on SQLite making them on the single writer's
        // thread was three fifths of that thread's time in `motcua generate` (perf), while the batches'
        // own tasks run beside it.
        let verb = executor.multiRowInsert
        try await executor.run(SQLScript(Self.coalesced(steps, insert: verb), alone: true, counters: deltas).countersInline(insert: verb))
    }

    /// Rows at most per multi-row statement, in powers of two so that the statement caches hold few texts.
    static let rowsPerStatement = 64
    /// Up to this many rows go in one statement of exactly their number. A filing's groups are of this
    /// size (3 outbox messages, 9 day-granule rows, …), and cut in powers of two each made one statement per
    /// bit of its count: on PostgreSQL, three more round trips per filing. It costs the caches at most this
    /// many texts more per table.
    static let exactRows = 16

    /// The steps with every unchecked single-row `INSERT … VALUES (…)` of the same text merged into
    /// multi-row statements, placed where the first of them was. Safe because the merged rows have
    /// distinct keys (one change per dossier, counters summed by key).
    ///
    /// The groups are found by comparing texts, not hashing them: a batch has a dozen or two distinct
    /// texts, all the store's constants, so equal ones share their storage and compare at once, and
    /// hashing every step's text (hundreds of bytes each) was 4–5 % of an import's CPU (perf).
    static func coalesced(_ steps: [SQLStep], insert verb: String = InsertShape.verb) -> [SQLStep] {
        /// In the result's order: a step as it was, or the multi-row statements of a group.
        enum Place {
            case step(SQLStep)
            case group(Int)
        }
        var groups: [(sql: String, rows: [[SQLValue]])] = []
        var places: [Place] = []
        var last = -1
        for step in steps {
            let sql = step.statement.sql
            guard step.check == nil else {
                places.append(.step(step))
                continue
            }
            if last >= 0, groups[last].sql == sql {
                groups[last].rows.append(step.statement.arguments)
            } else if let index = groups.firstIndex(where: { $0.sql == sql }) {
                groups[index].rows.append(step.statement.arguments)
                last = index
            } else if InsertShape.of(sql) != nil {
                last = groups.count
                places.append(.group(groups.count))
                groups.append((sql, [step.statement.arguments]))
            } else {
                places.append(.step(step))
            }
        }
        var result: [SQLStep] = []
        result.reserveCapacity(places.count)
        for place in places {
            switch place {
            case .step(let step): result.append(step)
            case .group(let index): result += multiRow(groups[index].sql, groups[index].rows, insert: verb)
            }
        }
        return result
    }

    /// One statement's text with its VALUES group repeated for each row, in chunks of powers of two but
    /// for a last one of at most `exactRows`, beginning with `verb` instead of `INSERT INTO`.
    static func multiRow(_ sql: String, _ rows: [[SQLValue]], insert verb: String = InsertShape.verb) -> [SQLStep] {
        guard let shape = InsertShape.of(sql) else { return rows.map { SQLStep(SQLStatement(sql, $0)) } }
        var steps: [SQLStep] = []
        var start = 0
        for size in multiRowSizes(rows.count) {
            steps.append(SQLStep(SQLStatement(shape.text(rows: size, insert: verb), rows[start..<(start + size)].flatMap { $0 })))
            start += size
        }
        return steps
    }

    /// The rows of each multi-row statement for `count` rows: powers of two up to `rowsPerStatement`,
    /// then at most `exactRows` in one.
    static func multiRowSizes(_ count: Int) -> [Int] {
        var sizes: [Int] = []
        var left = count
        while left > 0 {
            var size = left
            if size > exactRows {
                size = rowsPerStatement
                while size > left { size /= 2 }
            }
            sizes.append(size)
            left -= size
        }
        return sizes
    }
}

/// A single-row `INSERT INTO … VALUES (?, …) …` text cut around its VALUES group, and its multi-row
/// texts, made once per text: every filing coalesces its rows, and finding the group with Foundation's
/// `range(of:)` went through UTF-16 (5 % of a reception's CPU, perf). The texts are the store's own
/// constants, so the cache stays small; it is emptied if it ever holds more than `limit`.
final class InsertShape: Sendable {
    /// The plain verb, which every engine takes.
    static let verb = "INSERT INTO"

    /// The text between the verb and the VALUES group (the table and its columns).
    let target: String
    let group: String
    let tail: String
    let texts: Mutex<[Text: String]>

    struct Text: Hashable {
        var rows: Int
        var verb: String
    }

    static let limit = 1_000
    private static let shapes = Mutex<[String: InsertShape?]>([:])

    /// The shape of a text that can take more rows, or nil.
    static func of(_ sql: String) -> InsertShape? {
        if let known = shapes.withLock({ $0[sql] }) { return known }
        let shape = InsertShape(sql)
        shapes.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[sql] = shape
        }
        return shape
    }

    private init?(_ sql: String) {
        let bytes = Array(sql.utf8), marker = Array("VALUES (".utf8)
        guard bytes.starts(with: Self.verb.utf8),
              let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }),
              bytes.count > start + marker.count, bytes[start + marker.count] == UInt8(ascii: "?"),
              let close = bytes[(start + marker.count)...].firstIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // A text of several rows already is no shape: its rows are not single groups to repeat.
        if let next = bytes[(close + 1)...].first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") }), next == UInt8(ascii: ",") {
            return nil
        }
        target = String(decoding: bytes[Self.verb.utf8.count..<start], as: UTF8.self)
        group = String(decoding: bytes[(start + "VALUES ".utf8.count)...close], as: UTF8.self)
        tail = String(decoding: bytes[(close + 1)...], as: UTF8.self)
        texts = Mutex([:])
    }

    func text(rows: Int, insert verb: String = InsertShape.verb) -> String {
        let key = Text(rows: rows, verb: verb)
        if let text = texts.withLock({ $0[key] }) { return text }
        let text = verb + target + "VALUES " + Array(repeating: group, count: rows).joined(separator: ", ") + tail
        texts.withLock { $0[key] = text }
        return text
    }
}
