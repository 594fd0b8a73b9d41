import Storage
import Synchronization

/// What the PostgreSQL path reads off a statement's text — its `$n` form, the hash naming its prepared
/// statement, whether it may be prepared, the table a plain change writes — worked out once per distinct
/// text. A filing sends the same few dozen texts every time, and scanning them again per statement
/// (numbering the `?`s, looking for the words that keep a change apart or a report unprepared, hashing)
/// was 12 % of the server's CPU per reception on PostgreSQL (`perf`, counter morning).
struct StatementText: Sendable {
    /// With `$1`, `$2`, … for the `?`s.
    let numbered: String
    /// FNV-1a over `numbered`'s bytes; a shape's name adds its parameter types.
    let hash: UInt64
    /// A plain query or change that is no report (`PreparedSQL.shape`).
    let preparable: Bool
    /// The table a joinable change writes and whether it locks rows (`MergedChanges.target(of:)`).
    let target: (table: String, locks: Bool)?
    /// Whether the text is one of many variants of a batch: joined changes and rows of several scripts
    /// in one statement, whose texts vary with the batch (`PreparedNames` bounds how many are prepared).
    let batchVariant: Bool
    /// A multi-row insert's form with an array per column (`ColumnarInsert`), its `$n` text and hash.
    let columnar: (form: ColumnarInsert, numbered: String, hash: UInt64)?

    init(_ sql: String) {
        numbered = SQLStatement(sql).numberedSQL
        hash = Self.hash(numbered)
        columnar = ColumnarInsert(sql).map { form in
            let numbered = SQLStatement(form.sql).numberedSQL
            return (form, numbered, Self.hash(numbered))
        }
        preparable = PreparedSQL.isPlannable(numbered) && !PreparedSQL.isReport(numbered)
        target = MergedChanges.target(of: sql)
        var numbered = numbered
        batchVariant = numbered.hasPrefix(MergedChanges.prefix)
            || numbered.withUTF8 { PreparedSQL.contains($0, "), (") }
    }

    /// FNV-1a over the text's bytes.
    static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

enum StatementTexts {
    /// Texts longer than this (bulk statements of many rows) are worked out each time, not kept.
    static let longestKept = 16_384
    /// Past this many texts the memo starts again: texts carry no values, so a process sends a bounded
    /// set of them, and this only guards against one that does not.
    static let capacity = 4_096

    private static let known = Mutex<[String: StatementText]>([:])

    static func of(_ sql: String) -> StatementText {
        guard sql.utf8.count <= longestKept else { return StatementText(sql) }
        if let text = known.withLock({ $0[sql] }) { return text }
        let text = StatementText(sql)
        known.withLock { known in
            if known.count >= capacity { known.removeAll(keepingCapacity: true) }
            known[sql] = text
        }
        return text
    }
}
