import Synchronization

/// One statement of a transaction and the check of what it returned; a check that throws rolls the
/// whole transaction back (a stale version, an idempotency key already used).
public struct SQLStep: Sendable {
    public var statement: SQLStatement
    public var check: (@Sendable ([[SQLValue]]) throws -> Void)?

    public init(_ statement: SQLStatement, check: (@Sendable ([[SQLValue]]) throws -> Void)? = nil) {
        self.statement = statement
        self.check = check
    }
}

/// A transaction whose later statements depend on what an earlier one returned (the number a code
/// counter gave). Engines run it as one transaction, all or nothing; SQLite may run several scripts in
/// one commit, each in its own savepoint.
public struct SQLScript: Sendable {
    public var first: [SQLStep]
    /// Built from the rows the last of `first` returned.
    public var then: (@Sendable ([[SQLValue]]) throws -> [SQLStep])?
    /// Written in a transaction of its own, never beside other scripts: a bulk write of a thousand
    /// dossiers. In SQLite's group commit a script beside others runs in a savepoint, whose journal
    /// copies every page the script changes — for bulk writes, most of the pages they touch (an import
    /// of 20,000 legacy dossiers peaked at 1.1 GB instead of 0.45 GB, BENCHMARKS.md); alone, its commit's
    /// flush is shared with nothing, which costs little against a thousand dossiers' statements.
    public var alone: Bool
    /// What the transaction adds to the counters, written after its statements. Kept as sums rather than
    /// statements so that an engine writing many scripts in one transaction adds them up first: SQLite's
    /// group commit writes a batch's counters once, where each filing's own rows (28 upserts, most of
    /// them to the same province, field and procedure rows as its neighbours') were a third of a
    /// reception's CPU.
    public var counters: CounterDeltas?
    /// Single-row INSERTs the engine is to merge (`SQLScriptRunner.coalescesScripts`), with those of the
    /// scripts written beside it: rows of distinct keys, as a dossier change's are.
    public var rowsToMerge: Bool

    public init(
        _ first: [SQLStep], alone: Bool = false, counters: CounterDeltas? = nil, rowsToMerge: Bool = false,
        then: (@Sendable ([[SQLValue]]) throws -> [SQLStep])? = nil
    ) {
        self.first = first
        self.alone = alone
        self.counters = counters
        self.rowsToMerge = rowsToMerge
        self.then = then
    }

    /// Steps with every unchecked single-row INSERT of the same text merged into multi-row statements,
    /// where the first of them was (`SQLDossierRepository.coalesced`).
    public static func coalesced(_ steps: [SQLStep], insert verb: String) -> [SQLStep] {
        SQLDossierRepository.coalesced(steps, insert: verb)
    }

    /// The script with its counters' statements after its own, for an engine that rewrites statements.
    public func countersInline(insert verb: String = "INSERT INTO") -> SQLScript {
        guard let counters, !counters.isEmpty else { return SQLScript(first, alone: alone, then: then) }
        let steps = counters.steps(insert: verb)
        guard let then else { return SQLScript(first + steps, alone: alone) }
        return SQLScript(first, alone: alone) { rows in try then(rows) + steps }
    }
}

/// A script waiting in an engine's group commit, and the request waiting for its outcome.
public struct PendingScript: Sendable {
    public var script: SQLScript
    public var continuation: CheckedContinuation<Void, any Error>

    public init(_ script: SQLScript, _ continuation: CheckedContinuation<Void, any Error>) {
        self.script = script
        self.continuation = continuation
    }
}

/// An engine that runs scripts.
public protocol SQLScriptRunner: SQLExecutor {
    func run(_ script: SQLScript) async throws
    /// How this engine's multi-row INSERTs begin. Scripts always roll back whole on an error, so an
    /// engine may drop a statement's own atomicity where that costs (SQLite: `INSERT OR FAIL`).
    var multiRowInsert: String { get }
    /// One statement that writes, atomic by itself, and the rows it returns. An engine may send it
    /// without a transaction around it: on PostgreSQL `BEGIN` and `COMMIT` were two of its three round
    /// trips (the outbox worker's leases and marks, a third of a delivery's statements).
    func change(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// Whether the engine merges the rows of the scripts it writes together itself (`SQLScript.coalesced`),
    /// so that a script should come with one statement per row.
    var coalescesScripts: Bool { get }
}

extension SQLScriptRunner {
    public var multiRowInsert: String { InsertShape.verb }
    public var coalescesScripts: Bool { false }

    public func change(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        let rows = Mutex<[[SQLValue]]>([])
        try await run(SQLScript([SQLStep(statement) { returned in rows.withLock { $0 = returned } }]))
        return rows.withLock { $0 }
    }
}

extension SQLExecutor {
    /// Runs a script step by step, given a way to run one statement inside an open transaction.
    /// Its counters last, their multi-row statements beginning with `verb`.
    public static func drive(_ script: SQLScript, insert verb: String = "INSERT INTO", _ execute: (SQLStatement) throws -> [[SQLValue]]) throws {
        let script = script.countersInline(insert: verb)
        var last: [[SQLValue]] = []
        for step in script.first {
            last = try execute(step.statement)
            try step.check?(last)
        }
        guard let then = script.then else { return }
        for step in try then(last) {
            let rows = try execute(step.statement)
            try step.check?(rows)
        }
    }
}
