import PostgresNIO
import Storage

/// A lane's inserts sent as one statement, each in a data-modifying `WITH` that the final `SELECT`
/// reads in turn: `WITH joined0 AS (INSERT … RETURNING 1), … SELECT (SELECT count(*) FROM joined0), …`.
/// postgres-nio sends a connection's statements one at a time, each after the answer to the one before,
/// so a batch of fifteen filings made some seventeen round trips, and under load each waited for the
/// backend and then the event loop to get a core: ~15 ms of a ~19 ms batch (BENCHMARKS.md, issue 5).
///
/// The `SELECT` runs each `WITH` to its end before the next (an uncorrelated scalar subquery runs when
/// the target list reaches it), so rows are inserted, and counter rows locked, in the script's order, as
/// when each was its own statement. All of them see the snapshot taken before the statement, so only
/// inserts join (no `UPDATE`, no `DELETE` of what an upsert emptied, no check on their rows), and no
/// table twice. A multi-row part goes as one array per column (`ColumnarInsert`), so that the joined text
/// is the same whatever the batch's rows and is prepared once per connection.
struct OrderedJoin: Sendable {
    struct Part: Sendable {
        let statement: SQLStatement
        let columnar: ColumnarInsert?
        let types: [PostgresDataType]
    }

    /// At most this many parameters (arrays count one) in a join.
    static let maxParameters = 4_096

    private(set) var parts: [Part] = []
    /// The steps joined, sent as they were when they make a single part.
    private var steps: [SQLStep] = []
    private var tables: Set<String> = []
    private var parameters = 0

    /// Whether `statement` may join: a plain insert whose text does not vary with the batch's rows (one
    /// row, or rows that go as arrays).
    static func part(_ step: SQLStep, catalog: ColumnTypes) -> (part: Part, table: String)? {
        guard step.check == nil, step.statement.sql.hasPrefix("INSERT INTO") else { return nil }
        let text = StatementTexts.of(step.statement.sql)
        guard let (table, _) = text.target, text.preparable else { return nil }
        if let columnar = text.columnar?.form {
            guard let types = columnar.types(of: step.statement.arguments, catalog: catalog) else { return nil }
            return (Part(statement: step.statement, columnar: columnar, types: types), table)
        }
        guard !text.batchVariant else { return nil }
        return (Part(statement: step.statement, columnar: nil, types: step.statement.arguments.map(PreparedSQL.type(of:))), table)
    }

    /// Adds `part` if its table is not in the join yet and the parameters allow; the rows of a multi-row
    /// insert cut in several statements (`SQLDossierRepository.multiRowSizes`) go back into one.
    mutating func add(_ part: Part, table: String, step: SQLStep) -> Bool {
        guard add(part, table: table) else { return false }
        steps.append(step)
        return true
    }

    /// Changes nothing when it answers false.
    private mutating func add(_ part: Part, table: String) -> Bool {
        if let last = parts.last, let columnar = part.columnar, let before = last.columnar, before.sql == columnar.sql,
           last.types == part.types {
            parts[parts.count - 1] = Part(
                statement: SQLStatement(last.statement.sql, last.statement.arguments + part.statement.arguments),
                columnar: ColumnarInsert(before, rows: before.rows + columnar.rows), types: last.types
            )
            return true
        }
        guard !tables.contains(table), parameters + part.types.count <= Self.maxParameters else { return false }
        parts.append(part)
        tables.insert(table)
        parameters += part.types.count
        return true
    }

    /// The joined text, `?` for each parameter.
    var sql: String {
        var sql = ""
        for (index, part) in parts.enumerated() {
            sql += index == 0 ? "WITH " : ", "
            sql += "joined\(index) AS (\(part.columnar?.sql ?? part.statement.sql) RETURNING 1)"
        }
        return sql + " SELECT " + parts.indices.map { "(SELECT count(*) FROM joined\($0))" }.joined(separator: ", ")
    }

    var types: [PostgresDataType] { parts.flatMap(\.types) }

    func bindings() -> PostgresBindings {
        var binds = PostgresBindings(capacity: parameters)
        for part in parts {
            let arguments = part.statement.arguments
            guard let columnar = part.columnar else {
                PostgresStore.append(arguments, to: &binds)
                continue
            }
            for column in 0..<columnar.columns {
                binds.append(ColumnArray(arguments: arguments, column: column, columns: columnar.columns, type: part.types[column]))
            }
        }
        return binds
    }

    /// `steps` with each run of neighbours that may join sent as one statement.
    static func joining(_ steps: [SQLStep], catalog: ColumnTypes) -> [Outgoing] {
        var out: [Outgoing] = []
        var join = OrderedJoin()
        func flush() {
            if join.parts.count == 1 { out += join.steps.map { Outgoing($0) } }
            if join.parts.count > 1 { out.append(Outgoing(SQLStep(SQLStatement(join.sql)), join: join)) }
            join = OrderedJoin()
        }
        for step in steps {
            guard let (part, table) = part(step, catalog: catalog) else {
                flush()
                out.append(Outgoing(step))
                continue
            }
            if !join.add(part, table: table, step: step) {
                flush()
                _ = join.add(part, table: table, step: step)
            }
        }
        flush()
        return out
    }
}

/// A statement a pipeline sends: a step as it is, or a join of several (its step then holds the join's
/// text, made once per batch).
struct Outgoing: Sendable {
    let step: SQLStep
    let join: OrderedJoin?

    init(_ step: SQLStep, join: OrderedJoin? = nil) {
        self.step = step
        self.join = join
    }
}
