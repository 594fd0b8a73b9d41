import Storage

/// Neighbouring changes of a script sent to PostgreSQL as one statement, each but the last in a
/// data-modifying `WITH`: every statement was a round trip, and a filing made sixteen of them (twelve in
/// its transaction), each costing the server process more CPU than the statement itself.
///
/// Joined statements all see the snapshot taken before the statement and run in no set order, so only
/// changes that cannot see each other are joined: plain `INSERT`, `UPDATE` or `DELETE` of one table each
/// (no `SELECT`, no `RETURNING`), no table twice in one join, no check on their rows. And at most one of
/// them may take row locks other writers wait for (an `UPDATE`, a `DELETE`, an upsert of shared counter
/// rows), so that every transaction still locks in the script's order: joins of several upserts ran
/// them in another order, and a filing and a transition deadlocked on two counter rows
/// (`ExactlyOnceTests` on PostgreSQL). A join that fails fails the transaction, as its parts would have.
enum MergedChanges {
    /// The first bytes of a joined statement (they mark it preparable despite its size).
    static let prefix = "WITH merged0 AS ("
    /// At most this many parameters in one join (PostgreSQL takes 65,535); a bulk path's multi-row
    /// statements stay as they are.
    static let maxArguments = 1_024

    /// The script, its counters' upserts last, with its joinable neighbours joined. The last step of
    /// `first` stays apart when `then` builds on its rows.
    static func merged(_ script: SQLScript) -> SQLScript {
        let script = script.countersInline()
        guard let then = script.then else { return SQLScript(merged(script.first, keepingLast: false), alone: script.alone) }
        return SQLScript(merged(script.first, keepingLast: true), alone: script.alone) { rows in merged(try then(rows), keepingLast: false) }
    }

    static func merged(_ steps: [SQLStep], keepingLast: Bool) -> [SQLStep] {
        var out: [SQLStep] = []
        var run: [SQLStatement] = []
        var tables: Set<String> = []
        var arguments = 0
        var locking = false
        func flush() {
            if run.count == 1 { out.append(SQLStep(run[0])) } else if run.count > 1 { out.append(SQLStep(joined(run))) }
            run = []
            tables = []
            arguments = 0
            locking = false
        }
        for (index, step) in steps.enumerated() {
            let count = step.statement.arguments.count
            guard !(keepingLast && index == steps.count - 1), step.check == nil, count <= maxArguments,
                  let (table, locks) = StatementTexts.of(step.statement.sql).target else {
                flush()
                out.append(step)
                continue
            }
            if tables.contains(table) || arguments + count > maxArguments || (locks && locking) { flush() }
            run.append(step.statement)
            tables.insert(table)
            arguments += count
            locking = locking || locks
        }
        flush()
        return out
    }

    static func joined(_ statements: [SQLStatement]) -> SQLStatement {
        var sql = ""
        for (index, statement) in statements.dropLast().enumerated() {
            sql += index == 0 ? "WITH " : ", "
            sql += "merged\(index) AS (\(statement.sql))"
        }
        sql += " " + statements[statements.count - 1].sql
        return SQLStatement(sql, statements.flatMap(\.arguments))
    }

    /// The table a plain change writes and whether it locks rows others may hold (anything but an insert
    /// of new rows), or nil when the statement is anything else. Over the UTF-8 bytes: by characters, this
    /// took a third of the server's CPU under load.
    static func target(of sql: String) -> (table: String, locks: Bool)? {
        var sql = sql
        return sql.withUTF8 { bytes -> (table: String, locks: Bool)? in
            for needle in excluded where contains(bytes, needle) { return nil }
            var words: [String] = []
            var start = -1
            for index in 0...bytes.count where words.count < 3 {
                let separator = index == bytes.count || bytes[index] == 32 || bytes[index] == 10 || bytes[index] == 9 || bytes[index] == 40
                if separator, start >= 0 {
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).uppercased())
                    start = -1
                } else if !separator, start < 0 {
                    start = index
                }
            }
            guard words.count == 3 else { return nil }
            switch (words[0], words[1]) {
            // An upsert whatever its spacing; an insert that merely names a column `updated_at` beside an
            // ON CONFLICT clause is counted too, which only keeps it apart.
            case ("INSERT", "INTO"): return (words[2], contains(bytes, conflict) && contains(bytes, update))
            case ("DELETE", "FROM"): return (words[2], true)
            case ("UPDATE", _): return (words[1], true)
            default: return nil
            }
        }
    }

    /// What a joinable statement never holds (lower-case ASCII, compared ignoring case).
    static let excluded: [[UInt8]] = ["select", "returning", ";", "with "].map { Array($0.utf8) }
    static let conflict = Array("conflict".utf8), update = Array("update".utf8)

    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) {
            var matched = 0
            while matched < needle.count {
                let byte = bytes[start + matched]
                guard (byte >= 65 && byte <= 90 ? byte + 32 : byte) == needle[matched] else { break }
                matched += 1
            }
            if matched == needle.count { return true }
        }
        return false
    }
}
