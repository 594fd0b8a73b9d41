import PostgresNIO
import Storage
import Synchronization

/// A transaction's statements sent on its connection one after another, without waiting for each answer
/// before sending the next. A lane's batch made a dozen round trips (its counters' upserts one each, to
/// keep the order every writer locks counter rows in), and after each answer the lane's task waited for
/// a thread of a process busy with requests before it sent the next statement, its transaction holding
/// the counter rows it had locked meanwhile. PostgreSQL still runs them one at a time in the order sent,
/// so rows are locked in the script's order. The answers are read in that order: the first error or
/// refused check is the outcome, and what was sent after it fails or is rolled back with the transaction.
/// A script's `then`, which builds on the rows it read, waits for them. postgres-nio itself still writes
/// each statement to the wire only once the one before is answered, so a lane's inserts are joined into
/// one statement (`OrderedJoin`). On the 2-core VM, filings alone
/// at 64 connections went from 907 to 1,089 /s (eight runs each, alternating, on a slow day), and the
/// CPU per filing fell (BENCHMARKS.md, issue 5).
extension PostgresStore {
    /// Runs `scripts`, their counters inline, in one open transaction on `connection`.
    func pipelined(_ scripts: [SQLScript], on connection: PostgresConnection) async throws {
        var ahead: [SQLStep] = []
        for script in scripts.map({ $0.countersInline() }) {
            guard let then = script.then else {
                ahead += script.first
                continue
            }
            let last = try await pipelined(ahead + script.first, on: connection)
            ahead = try then(script.first.isEmpty ? [] : last)
        }
        _ = try await pipelined(ahead, on: connection)
    }

    /// `scripts` in a transaction of their own on `connection`, the inserts after the last script that
    /// reads rows joined (`OrderedJoin`). Its `BEGIN` goes ahead of the first statements and its `COMMIT`
    /// behind the last when none of these has a check to pass first; when everything went into one
    /// statement, that statement is the transaction. Thrown as `BatchStatementFailed` when a statement,
    /// a check or the commit failed and the transaction was rolled back: nothing of it was written.
    func pipelinedTransaction(_ scripts: [SQLScript], on connection: PostgresConnection) async throws {
        do {
            var ahead: [SQLStep] = []
            var begun = false
            for script in scripts.map({ $0.countersInline() }) {
                guard let then = script.then else {
                    ahead += script.first
                    continue
                }
                let last = try await pipelined((begun ? [] : [Self.begin]) + ahead + script.first, on: connection)
                begun = true
                ahead = try then(script.first.isEmpty ? [] : last)
            }
            var outgoing = OrderedJoin.joining(ahead, catalog: columnTypes)
            if !begun, outgoing.count == 1, outgoing[0].step.check == nil {
                _ = try await pipelined(outgoing, on: connection)
                return
            }
            if !begun { outgoing.insert(Outgoing(Self.begin), at: 0) }
            if outgoing.contains(where: { $0.step.check != nil }) {
                _ = try await pipelined(outgoing, on: connection)
                outgoing = []
            }
            _ = try await pipelined(outgoing + [Outgoing(Self.commit)], on: connection)
        } catch let failure {
            // After a failed statement PostgreSQL refuses the rest and turns a `COMMIT` into a rollback; a
            // refused check's transaction is still open; a lone statement rolled itself back. Either way
            // nothing is written, unless the connection is gone, and then nobody can tell.
            do { try await connection.query("ROLLBACK", logger: logger) } catch { throw failure }
            throw BatchStatementFailed(error: failure)
        }
    }

    static let begin = SQLStep(SQLStatement("BEGIN")), commit = SQLStep(SQLStatement("COMMIT"))

    /// Sends `steps` and checks each one's rows in order; the rows of the last.
    func pipelined(_ steps: [SQLStep], on connection: PostgresConnection) async throws -> [[SQLValue]] {
        try await pipelined(steps.map { Outgoing($0) }, on: connection)
    }

    func pipelined(_ outgoing: [Outgoing], on connection: PostgresConnection) async throws -> [[SQLValue]] {
        var sent: [(step: SQLStep, rows: Task<[[SQLValue]], any Error>)] = []
        var last: [[SQLValue]] = []
        func receive() async throws {
            defer { sent = [] }
            for (index, (step, rows)) in sent.enumerated() {
                do {
                    last = try await rows.value
                    try step.check?(last)
                } catch {
                    // What followed was written ahead of the rollback; its answers are read before it.
                    for (_, rest) in sent.dropFirst(index + 1) { _ = try? await rest.value }
                    throw error
                }
            }
        }
        for (step, join) in outgoing.map({ ($0.step, $0.join) }) {
            let sending = join.map { self.sending($0, sql: step.statement.sql) } ?? sending(step.statement)
            // postgres-nio queues an unprepared statement's execution behind its preparation, after
            // whatever was sent meanwhile: its first use on a connection waits for the answers before it.
            guard #available(macOS 26, *), sending.shape.map({ preparedOnConnections.holds($0.name, on: connection.id) }) ?? true else {
                try await receive()
                last = try await rows(step.statement, sent: sending, on: connection)
                if let shape = sending.shape { preparedOnConnections.add(shape.name, on: connection.id) }
                try step.check?(last)
                continue
            }
            // Runs up to its first suspension here, so the statements reach the connection in this order.
            sentAhead.add(1, ordering: .relaxed)
            sent.append((step, Task.immediate { try await self.rows(step.statement, sent: sending, on: connection) }))
        }
        try await receive()
        return last
    }
}

/// The statements prepared on each connection of a pool, by the connection's identifier (unique within
/// one pool: only the primary's connections pipeline). Forgetting costs a wait, never an order.
final class PreparedOnConnections: Sendable {
    /// Past this many connections remembered (the pool replaces connections that broke or idled out),
    /// every connection starts again.
    static let capacity = 256
    private let known = Mutex<[PostgresConnection.ID: Set<String>]>([:])

    func holds(_ name: String, on connection: PostgresConnection.ID) -> Bool {
        known.withLock { $0[connection]?.contains(name) ?? false }
    }

    func add(_ name: String, on connection: PostgresConnection.ID) {
        known.withLock { known in
            if known[connection] == nil, known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            known[connection, default: []].insert(name)
        }
    }
}
