public import Domain
import Foundation
import Synchronization

/// Dossiers on both SQL engines. The statements are the same on both (ON CONFLICT, RETURNING); the
/// engines differ only in how the tables are laid out (LIST partitions by province on PostgreSQL).
public struct SQLDossierRepository: DossierRepository {
    let executor: any SQLScriptRunner
    /// Whether the tables are partitioned by province. There a read by code asks the code directory
    /// first and then names the province, so that the plan touches one partition; without partitions
    /// one statement does both (one round trip fewer on the citizen look-up's path).
    let partitioned: Bool
    /// Whether a new dossier's number is drawn in a statement of its own just before its transaction,
    /// instead of first thing inside it. Inside, the counter row of an agency's day stays locked until
    /// the filing commits, so that the filings of one agency take turns for their whole transactions
    /// (on PostgreSQL, with two debug servers on two busy cores, 32 counters filing at one agency
    /// waited 1.7 s at the median and up to 17 s). Apart, a filing that fails after the draw (the server
    /// killed, the database full) leaves its number unused, as a PostgreSQL sequence does.
    let codesApart: Bool
    /// Where the tables are partitioned: the provinces of the agencies whose codes were read, so that a
    /// read by code names its partition (kept by the store, shared by its repositories).
    let agencyProvinces: AgencyProvinces?
    /// Where codes are drawn apart: the numbers a server has reserved ahead (kept by the store).
    let codeNumbers: CodeNumbers?

    public init(
        executor: any SQLScriptRunner, partitioned: Bool, codesApart: Bool = false, agencyProvinces: AgencyProvinces? = nil,
        codeNumbers: CodeNumbers? = nil
    ) {
        self.executor = executor
        self.partitioned = partitioned
        self.codesApart = codesApart
        self.agencyProvinces = agencyProvinces
        self.codeNumbers = codeNumbers
    }

    static func json(_ value: some Encodable) throws -> String {
        try StreamingJSONEncoder().string(value)
    }

    public func create(
        provinceCode: String, agencyCode: String, day: LocalDate, build: @Sendable (String) throws -> DossierChange
    ) async throws -> String {
        // A stand-in nobody can type into a request: replaced, wherever it was encoded, by the real code.
        let standIn = "~code-\(UUID().uuidString)~"
        // Rows of one table in one statement (the events, the outbox messages): on PostgreSQL each
        // statement is a round trip.
        let change = try build(standIn)
        let steps = rows(try Self.steps(for: change))
        // The counters hold no code: the stand-in only picks the rollup slot.
        let counters = Self.counters(change, rollupSlot: Self.rollupSlot(for: change.after.code, of: rollupSlots))
        // Cut around the stand-in here, so that the writer, whose time bounds the rate of filings, only joins.
        let holes = steps.map { step in
            step.statement.arguments.enumerated().compactMap { position, value -> (Int, [String])? in
                guard case .text(let text) = value, let parts = StandIn.parts(around: standIn, in: text) else { return nil }
                return (position, parts)
            }
        }
        let filled = { @Sendable (code: String) -> [SQLStep] in
            zip(steps, holes).map { step, holes in
                var step = step
                for (position, parts) in holes { step.statement.arguments[position] = .text(parts.joined(separator: code)) }
                return step
            }
        }
        if codesApart {
            let draw = { @Sendable (count: Int) in
                try await drawNumbers(count, provinceCode: provinceCode, agencyCode: agencyCode, day: day, idempotency: change.idempotency)
            }
            let number = if let codeNumbers {
                try await codeNumbers.next(provinceCode: provinceCode, agencyCode: agencyCode, day: day, reserve: draw)
            } else {
                try await draw(1)
            }
            let code = DossierCode(agencyCode: agencyCode, date: day, number: number).description
            do {
                try await executor.run(SQLScript(filled(code), counters: counters, rowsToMerge: executor.coalescesScripts))
            } catch DossierWriteError.idempotencyKeyUsed(let scope, let key) {
                // Its first statement refused it, so nothing of it was written: the number is not spent.
                codeNumbers?.giveBack(provinceCode: provinceCode, agencyCode: agencyCode, day: day, number: number)
                throw DossierWriteError.idempotencyKeyUsed(scope: scope, key: key)
            }
            return code
        }
        let allocate = SQLStep(SQLStatement("""
            INSERT INTO dossier_code_counters (province_code, agency_code, day, last) VALUES (?, ?, ?, 1)
            ON CONFLICT (province_code, agency_code, day) DO UPDATE SET last = dossier_code_counters.last + 1
            RETURNING last
            """, [.text(provinceCode), .text(agencyCode), .text(day.description)]))
        let allocated = CodeBox()
        try await executor.run(SQLScript([allocate], counters: counters) { rows in
            guard let number = rows.first?.first?.integer else { throw StorageError.corrupt("the code counter returned nothing") }
            let code = DossierCode(agencyCode: agencyCode, date: day, number: number).description
            allocated.set(code)
            return filled(code)
        })
        guard let code = allocated.get() else { throw StorageError.corrupt("no code was allocated") }
        return code
    }

    /// A change's steps as its script carries them: merged into multi-row statements here, unless the
    /// engine merges the rows of the scripts it writes together.
    func rows(_ steps: [SQLStep]) -> [SQLStep] {
        executor.coalescesScripts ? steps : Self.coalesced(steps, insert: executor.multiRowInsert)
    }

    /// The next `count` numbers of an agency's day, committed at once; the last of them is returned. A
    /// filing whose idempotency key is already used draws none (a repeated submit is the common refused
    /// filing). One statement, atomic by itself and writing nothing when it returns no row: on
    /// PostgreSQL, without `BEGIN` and `COMMIT`, it is one round trip instead of three.
    func drawNumbers(
        _ count: Int, provinceCode: String, agencyCode: String, day: LocalDate, idempotency: IdempotencyRecord?
    ) async throws -> Int {
        let rows = try await executor.change(SQLStatement("""
            INSERT INTO dossier_code_counters (province_code, agency_code, day, last)
            SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE scope = ? AND key = ?)
            ON CONFLICT (province_code, agency_code, day) DO UPDATE SET last = dossier_code_counters.last + excluded.last
            RETURNING last
            """, [
                .text(provinceCode), .text(agencyCode), .text(day.description), .integer(count),
                idempotency.map { .text($0.scope) } ?? .null, idempotency.map { .text($0.key) } ?? .null,
            ]))
        guard let number = rows.first?.first?.integer else {
            if let idempotency { throw DossierWriteError.idempotencyKeyUsed(scope: idempotency.scope, key: idempotency.key) }
            throw StorageError.corrupt("the code counter returned nothing")
        }
        return number
    }

    public func append(_ change: DossierChange) async throws {
        try await executor.run(SQLScript(
            rows(try Self.steps(for: change)),
            counters: Self.counters(change, rollupSlot: Self.rollupSlot(for: change.after.code, of: rollupSlots)),
            rowsToMerge: executor.coalescesScripts
        ))
    }

    /// The statements of one change: the idempotency record first (a used key stops everything), then
    /// the current row (version-checked), the events, the steps and the outbox messages. Its counters
    /// go with the script (`SQLScript.counters`), or are summed over many changes by the bulk path.
    static func steps(for change: DossierChange) throws -> [SQLStep] {
        var steps: [SQLStep] = []
        let after = change.after
        let province = SQLValue.text(after.provinceCode)
        let code = SQLValue.text(after.code)
        if let record = change.idempotency {
            let scope = record.scope, key = record.key
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, status, body, dossier_code, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING RETURNING key
                """, [
                    .text(record.scope), .text(record.key), .text(record.fingerprint), .integer(record.status), .text(record.body),
                    record.dossierCode.map(SQLValue.text) ?? .null, .integer(record.createdAt.minutes),
                ])) { rows in
                    if rows.isEmpty { throw DossierWriteError.idempotencyKeyUsed(scope: scope, key: key) }
                })
        }
        let row: [SQLValue] = [
            .text(after.status.rawValue), .integer(after.version), .text(after.currentAgency), .text(after.currentUnit),
            after.assignee.map(SQLValue.text) ?? .null, after.receivedAt.map { .integer($0.minutes) } ?? .null,
            after.dueAt.map { .integer($0.minutes) } ?? .null, after.appointment.map { .integer($0.minutes) } ?? .null,
            after.finishedAt.map { .integer($0.minutes) } ?? .null, .integer(after.lastEventAt.minutes), .text(try json(after)),
            .text(change.publicView),
        ]
        if let before = change.before {
            let stale = after.code
            steps.append(SQLStep(SQLStatement("""
                UPDATE dossiers SET status = ?, version = ?, current_agency = ?, current_unit = ?, assignee = ?, received_at = ?,
                    due_at = ?, appointment = ?, finished_at = ?, updated_at = ?, state = ?, public_view = ?
                WHERE province_code = ? AND code = ? AND version = ? RETURNING version
                """, row + [province, code, .integer(before.version)])) { rows in
                    if rows.count != 1 { throw DossierWriteError.staleVersion(code: stale) }
                })
        } else {
            let opening = after.opening
            steps.append(SQLStep(SQLStatement("INSERT INTO dossier_codes (code, province_code) VALUES (?, ?)", [code, province])))
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO dossiers (status, version, current_agency, current_unit, assignee, received_at, due_at, appointment,
                    finished_at, updated_at, state, public_view, province_code, code, procedure_code, procedure_valid_from, channel,
                    receiving_unit, receiving_agency, competent_unit, competent_agency, return_unit, applicant_name, applicant_id,
                    submitted_at, secret_hash, portal_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, row + [
                    province, code, .text(opening.procedureCode), .text(opening.procedureValidFrom.description),
                    .text(opening.channel.rawValue), .text(opening.receivingUnit), .text(opening.receivingAgency),
                    .text(opening.competentUnit), .text(opening.competentAgency), .text(opening.returnUnit),
                    .text(opening.applicant.name), opening.applicant.personalID.map(SQLValue.text) ?? .null,
                    .integer(after.submittedAt.minutes), .text(opening.secretHash), opening.portalID.map(SQLValue.text) ?? .null,
                ])))
            steps += importSteps(for: after)
        }
        for event in change.events {
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO dossier_events (province_code, dossier_code, sequence, kind, at, actor_id, actor_role, actor_unit,
                    from_status, to_status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [
                    province, code, .integer(event.sequence), .text(event.kind.rawValue), .integer(event.at.minutes),
                    event.actor.userID.map(SQLValue.text) ?? .null, event.actor.role.map { .text($0.rawValue) } ?? .null,
                    event.actor.unitCode.map(SQLValue.text) ?? .null, event.from.map { .text($0.rawValue) } ?? .null,
                    .text(event.to.rawValue), .text(try json(event)),
                ])))
        }
        // Steps that are new or changed: from the last one open before the change.
        let firstChanged = change.before.map { before in before.steps.lastIndex { $0.finishedAt == nil } ?? before.steps.count } ?? 0
        for step in after.steps.dropFirst(firstChanged) {
            steps.append(SQLStep(SQLStatement("""
                INSERT INTO dossier_steps (province_code, dossier_code, sequence, kind, agency_code, unit_code, handler, given_at,
                    due_at, finished_at, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (province_code, dossier_code, sequence) DO UPDATE SET finished_at = excluded.finished_at,
                    verdict = excluded.verdict
                """, [
                    province, code, .integer(step.sequence), .text(step.kind.rawValue), .text(step.agencyCode), .text(step.unitCode),
                    step.handler.map(SQLValue.text) ?? .null, .integer(step.givenAt.minutes), step.dueAt.map { .integer($0.minutes) } ?? .null,
                    step.finishedAt.map { .integer($0.minutes) } ?? .null, step.verdict.map { .text($0.rawValue) } ?? .null,
                ])))
        }
        let now = Int(Date().timeIntervalSince1970 * 1000)
        for message in change.outbox {
            steps.append(try SQLOutboxRepository.insert(message, at: now))
        }
        return steps
    }

    /// Slots of each province rollup row. On PostgreSQL every filing of a province adds to the same few
    /// rollup rows (its day, level and channel), and a row stays locked until its transaction has reached
    /// the disk: filings of a province went one at a time (137–173 /s, the load's backends waiting on each
    /// other's row locks). In slots, concurrent filings mostly add to different rows; reports sum the
    /// slots as they sum everything else. SQLite has one writer, so one slot.
    var rollupSlots: Int { partitioned ? 16 : 1 }

    /// A dossier's slot: from its code (FNV-1a), so that its changes after filing add to the same rows (the
    /// filing itself, written before the code exists, goes to its stand-in's slot). Which slot a delta
    /// goes to never changes a sum, only which rows concurrent writers lock.
    static func rollupSlot(for code: String, of slots: Int) -> Int {
        guard slots > 1 else { return 0 }
        var hash: UInt32 = 2_166_136_261
        for byte in code.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(slots))
    }

    /// The province that holds a code. Asked first and then given as a value, so that PostgreSQL prunes
    /// the partitions when planning (a subquery made it plan all of them on every look-up).
    func province(of code: String) async throws -> String? {
        try await executor.keyedQuery(SQLStatement("SELECT province_code FROM dossier_codes WHERE code = ?", [.text(code)])).first?.first?.text
    }

    static let counterDimensions =
        "province_code, day, competent_unit, receiving_unit, agency_code, field, procedure_code, procedure_valid_from, level, channel"

    public func dossier(code: String) async throws -> Dossier? {
        guard partitioned else { return try await executor.keyedQuery(Self.byCode("state", code)).first.map(Self.dossier) }
        return try await partitionedRead(["state"], through: "dossier_state", code: code, primary: true).map(Self.dossier)
    }

    /// The `columns` of the dossier with `code` where the tables are partitioned, in one round trip: from
    /// the partition of its agency's province when that is known (`AgencyProvinces`), else, or when that
    /// finds nothing, through the read `function` (migrations 24 and 31), whose last column, the
    /// province, is remembered for the agency. `primary`: whether the read must see every commit (else
    /// it may go to a replica).
    func partitionedRead(_ columns: [String], through function: String, code: String, primary: Bool) async throws -> [SQLValue]? {
        let read = { (statement: SQLStatement) async throws -> [SQLValue]? in
            try await (primary ? executor.keyedQuery(statement) : executor.readQuery(statement)).first
        }
        if let province = agencyProvinces?.province(ofCode: code),
           let row = try await read(SQLStatement(
               "SELECT \(columns.joined(separator: ", ")) FROM dossiers WHERE province_code = '\(province)' AND code = ?", [.text(code)]
           )) {
            return row
        }
        guard var row = try await read(SQLStatement(
            "SELECT \(columns.joined(separator: ", ")), province_code FROM \(function)(?)", [.text(code)]
        )) else { return nil }
        if let province = row.removeLast().text { agencyProvinces?.learn(code: code, province: province) }
        return row
    }

    /// Columns of the dossier with `code` in one statement, on an engine whose `dossiers` is one table.
    static func byCode(_ columns: String, _ code: String) -> SQLStatement {
        SQLStatement("""
            SELECT \(columns) FROM dossiers
            WHERE province_code = (SELECT province_code FROM dossier_codes WHERE code = ?) AND code = ?
            """, [.text(code), .text(code)])
    }

    public func lookup(code: String) async throws -> (secretHash: String, publicView: String)? {
        if let found = try await lookupByCode(code) { return found }
        // An original code of a dossier brought over from a pre-reform system.
        guard let (province, aliased) = try await aliased(code) else { return nil }
        return try await executor.keyedQuery(SQLStatement(
            "SELECT secret_hash, public_view FROM dossiers WHERE province_code = ? AND code = ?", [.text(province), .text(aliased)]
        )).first.map { ($0[0].text ?? "", $0[1].text ?? "") }
    }

    func lookupByCode(_ code: String) async throws -> (secretHash: String, publicView: String)? {
        let pair: ([SQLValue]) -> (secretHash: String, publicView: String) = { ($0[0].text ?? "", $0[1].text ?? "") }
        guard partitioned else {
            return try await executor.keyedQuery(Self.byCode("secret_hash, public_view", code)).first.map(pair)
        }
        // The citizen's look-up may read a replica; a code it does not know yet (filed a moment ago) is
        // asked of the primary, so a receipt never looks unknown.
        let columns = ["secret_hash", "public_view"]
        if let found = try await partitionedRead(columns, through: "dossier_lookup", code: code, primary: false) { return pair(found) }
        guard executor.readsMayLag else { return nil }
        return try await partitionedRead(columns, through: "dossier_lookup", code: code, primary: true).map(pair)
    }

    public func events(code: String) async throws -> [DossierEvent] {
        guard let province = try await province(of: code) else { return [] }
        return try await executor.keyedQuery(SQLStatement(
            "SELECT body FROM dossier_events WHERE province_code = ? AND dossier_code = ? ORDER BY sequence", [.text(province), .text(code)]
        )).map { row in
            do {
                return try JSONDecoder().decode(DossierEvent.self, from: Data((row.first?.text ?? "").utf8))
            } catch {
                throw StorageError.corrupt("dossier event of \(code): \(error)")
            }
        }
    }

    public func idempotencyRecord(scope: String, key: String) async throws -> IdempotencyRecord? {
        try await executor.keyedQuery(SQLStatement("""
            SELECT fingerprint, status, body, dossier_code, created_at FROM idempotency_keys WHERE scope = ? AND key = ?
            """, [.text(scope), .text(key)])).first.map { row in
            IdempotencyRecord(
                scope: scope, key: key, fingerprint: row[0].text ?? "", status: row[1].integer ?? 200, body: row[2].text ?? "",
                dossierCode: row[3].text, createdAt: Instant(minutes: row[4].integer ?? 0)
            )
        }
    }

    /// A counter's work queue by due time. For one agency, each status is read apart, in index order and
    /// at most `limit` rows, and the parts merged in the same statement: one `status IN (…)` read sorts
    /// every dossier the agency ever had, which grew with the file (the soak's queue reads, ×1.8 in
    /// 30 min). Only the page's rows are decoded.
    public func queue(_ query: DossierQuery) async throws -> [Dossier] {
        try await executor.query(queueStatement(query, columns: "state")).map(Self.dossier)
    }

    public func queueEntries(_ query: DossierQuery) async throws -> [QueueEntry] {
        try await executor.query(queueStatement(query, columns: "code, version, due_key, state")).map { row in
            QueueEntry(code: row[0].text ?? "", version: row[1].integer ?? 0, dueKey: row[2].integer ?? 0, state: row[3].text ?? "")
        }
    }

    private func queueStatement(_ query: DossierQuery, columns: String) -> SQLStatement {
        // Dossiers without a due time (not yet received) sort first: they wait for reception.
        let due = "COALESCE(due_at, 0)"
        let parts: [[DossierStatus]] = query.agencyCode == nil
            ? [query.statuses] : (query.statuses.isEmpty ? DossierStatus.allCases : query.statuses).map { [$0] }
        var selects: [String] = []
        var arguments: [SQLValue] = []
        for (index, statuses) in parts.enumerated() {
            let (conditions, values) = queueConditions(query, statuses: statuses, due: due)
            selects.append("""
                SELECT * FROM (SELECT state, version, \(due) AS due_key, code FROM dossiers
                WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(due), code LIMIT ?) AS part\(index)
                """)
            arguments += values + [.integer(query.limit)]
        }
        arguments.append(.integer(query.limit))
        return SQLStatement("""
            SELECT \(columns) FROM (\(selects.joined(separator: " UNION ALL "))) AS queue ORDER BY due_key, code LIMIT ?
            """, arguments)
    }

    private func queueConditions(_ query: DossierQuery, statuses: [DossierStatus], due: String) -> ([String], [SQLValue]) {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        for (column, value) in [("province_code", query.provinceCode), ("current_agency", query.agencyCode),
                                ("current_unit", query.unitCode), ("procedure_code", query.procedureCode), ("assignee", query.assignee)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(.text(value))
        }
        if let codes = query.procedureCodes {
            conditions.append(codes.isEmpty ? "1 = 0" : "procedure_code IN (\(Array(repeating: "?", count: codes.count).joined(separator: ", ")))")
            arguments += codes.map { .text($0) }
        }
        if !statuses.isEmpty {
            conditions.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            arguments += statuses.map { .text($0.rawValue) }
        }
        if let after = query.after {
            conditions.append("(\(due) > ? OR (\(due) = ? AND code > ?))")
            arguments += [.integer(after.dueAt), .integer(after.dueAt), .text(after.code)]
        }
        return (conditions, arguments)
    }

    public func received(provinceCode: String, agencyCode: String, from: Instant, to: Instant, limit: Int) async throws -> [Dossier] {
        try await executor.query(SQLStatement("""
            SELECT state FROM dossiers WHERE province_code = ? AND receiving_agency = ? AND received_at >= ? AND received_at < ?
            ORDER BY received_at, code LIMIT ?
            """, [.text(provinceCode), .text(agencyCode), .integer(from.minutes), .integer(to.minutes), .integer(limit)])).map(Self.dossier)
    }

    public func counters(provinceCode: String?, from: LocalDate, to: LocalDate) async throws -> [CounterKey: CounterValues] {
        var conditions = ["day >= ?", "day <= ?"]
        var arguments: [SQLValue] = [.text(from.description), .text(to.description)]
        if let provinceCode {
            conditions.append("province_code = ?")
            arguments.append(.text(provinceCode))
        }
        let rows = try await executor.query(SQLStatement("""
            SELECT \(Self.counterDimensions), \(CounterValues.names.joined(separator: ", ")) FROM daily_counters
            WHERE \(conditions.joined(separator: " AND "))
            """, arguments))
        var result: [CounterKey: CounterValues] = [:]
        for row in rows {
            guard let day = LocalDate(iso: row[1].text ?? ""), let validFrom = LocalDate(iso: row[7].text ?? ""),
                  let level = ProcedureVersion.Level(rawValue: row[8].text ?? ""), let channel = Channel(rawValue: row[9].text ?? "") else {
                throw StorageError.corrupt("daily_counters row \(row)")
            }
            let key = CounterKey(
                day: day, provinceCode: row[0].text ?? "", competentUnit: row[2].text ?? "", receivingUnit: row[3].text ?? "",
                agencyCode: row[4].text ?? "", field: row[5].text ?? "", procedureCode: row[6].text ?? "", procedureValidFrom: validFrom,
                level: level, channel: channel
            )
            result[key] = CounterValues(values: row.dropFirst(10).map { $0.integer ?? 0 })
        }
        return result
    }

    public func serverKey(name: String, proposed: String, at: Instant) async throws -> String {
        try await executor.transaction([SQLStatement(
            "INSERT INTO server_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
            [.text(name), .text(proposed), .text(at.description)]
        )])
        guard let value = try await executor.query(SQLStatement("SELECT value FROM server_keys WHERE name = ?", [.text(name)])).first?.first?.text else {
            throw StorageError.corrupt("server key \(name) missing")
        }
        return value
    }

    public func changed(since: Instant, provinceCode: String?) async throws -> [Dossier] {
        var sql = "SELECT state FROM dossiers WHERE updated_at >= ?"
        var arguments: [SQLValue] = [.integer(since.minutes)]
        if let provinceCode {
            sql += " AND province_code = ?"
            arguments.append(.text(provinceCode))
        }
        return try await executor.query(SQLStatement(sql + " ORDER BY code", arguments)).map(Self.dossier)
    }

    public func codes(provinceCode: String?) async throws -> [String] {
        let (sql, arguments): (String, [SQLValue]) = provinceCode.map {
            ("SELECT code FROM dossiers WHERE province_code = ? ORDER BY code", [.text($0)])
        } ?? ("SELECT code FROM dossiers ORDER BY code", [])
        return try await executor.query(SQLStatement(sql, arguments)).compactMap { $0.first?.text }
    }

    public func subjects(provinceCode: String?, after: (province: String, code: String)?, limit: Int) async throws -> [QualitySubject] {
        // The applicant alone, cut out of the state by the engine: a scan that decoded whole states here
        // spent 260 µs of CPU a dossier, 47 µs now (release, SQLite; BENCHMARKS.md, issue 8's section).
        let applicantJSON = executor.jsonText("state", path: ["opening", "applicant"])
        let rows = try await pageRows(
            "province_code, code, competent_unit, procedure_code, status, updated_at, \(applicantJSON)", provinceCode: provinceCode,
            after: after, limit: limit
        )
        let decoder = JSONDecoder()
        return try rows.map { row in
            let code = row[1].text ?? ""
            guard let status = row[4].text.flatMap(DossierStatus.init(rawValue:)), let minutes = row[5].integer else {
                throw StorageError.corrupt("dossier \(code): status or last event")
            }
            let applicant: Applicant
            do {
                applicant = try decoder.decode(Applicant.self, from: Data((row[6].text ?? "").utf8))
            } catch {
                throw StorageError.corrupt("dossier \(code): \(error)")
            }
            return QualitySubject(
                code: code, provinceCode: row[0].text ?? "", competentUnit: row[2].text ?? "", procedureCode: row[3].text ?? "",
                status: status, lastEventAt: Instant(minutes: minutes), applicant: applicant
            )
        }
    }

    func pageRows(
        _ columns: String = "province_code, code, state", provinceCode: String?, after: (province: String, code: String)?, limit: Int
    ) async throws -> [[SQLValue]] {
        var conditions: [String] = [], arguments: [SQLValue] = []
        if let provinceCode {
            conditions.append("province_code = ?")
            arguments.append(.text(provinceCode))
        }
        // Conditions the planners seek to: with `province_code > ? OR (province_code = ? AND code > ?)`
        // SQLite began each page at the province's first row, so a scan of a province read its index
        // about pages / 2 times over (a 271,000-dossier province's quality scan: 15.5 → 12.9 s of CPU).
        if let after, after.province == provinceCode {
            conditions.append("code > ?")
            arguments.append(.text(after.code))
        } else if let after {
            conditions.append("(province_code, code) > (?, ?)")
            arguments += [.text(after.province), .text(after.code)]
        }
        return try await executor.query(SQLStatement(
            "SELECT \(columns) FROM dossiers" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY province_code, code LIMIT ?",
            arguments + [.integer(limit)]
        ))
    }

    public func replayPage(provinceCode: String?, after: (province: String, code: String)?, limit: Int) async throws
        -> [(current: Dossier, events: [DossierEvent], publicView: String)] {
        let rows = try await pageRows("province_code, code, state, public_view", provinceCode: provinceCode, after: after, limit: limit)
        var events: [String: [DossierEvent]] = [:]
        let decoder = JSONDecoder()
        for (province, codes) in Dictionary(grouping: rows, by: { $0[0].text ?? "" }).mapValues({ $0.map { $0[1].text ?? "" } }) {
            let eventRows = try await executor.query(SQLStatement(
                "SELECT dossier_code, body FROM dossier_events WHERE province_code = ? AND dossier_code IN ("
                    + Array(repeating: "?", count: codes.count).joined(separator: ", ") + ") ORDER BY dossier_code, sequence",
                [.text(province)] + codes.map(SQLValue.text)
            ))
            for row in eventRows {
                let code = row[0].text ?? ""
                do {
                    events[code, default: []].append(try decoder.decode(DossierEvent.self, from: Data((row[1].text ?? "").utf8)))
                } catch {
                    throw StorageError.corrupt("dossier event of \(code): \(error)")
                }
            }
        }
        return try rows.map { row in (try Self.dossier([row[2]]), events[row[1].text ?? ""] ?? [], row[3].text ?? "") }
    }

    public func count(provinceCode: String?) async throws -> Int {
        try await executor.query(SQLStatement(
            "SELECT COUNT(*) FROM dossiers" + (provinceCode == nil ? "" : " WHERE province_code = ?"), provinceCode.map { [.text($0)] } ?? []
        )).first?.first?.integer ?? 0
    }

    static func dossier(_ row: [SQLValue]) throws -> Dossier {
        do {
            return try JSONDecoder().decode(Dossier.self, from: Data((row.first?.text ?? "").utf8))
        } catch {
            throw StorageError.corrupt("dossier: \(error)")
        }
    }
}

/// Carries the code allocated inside a transaction out of it.
final class CodeBox: Sendable {
    private let code = Mutex<String?>(nil)

    func set(_ value: String) { code.withLock { $0 = value } }
    func get() -> String? { code.withLock { $0 } }
}
