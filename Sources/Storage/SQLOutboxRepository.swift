public import Domain
import Foundation

/// The outbox on both SQL engines. PostgreSQL leases with `FOR UPDATE SKIP LOCKED`, so that several
/// server processes share the work without waiting on each other; SQLite has one writer anyway, and
/// counts the outbox in a table its triggers keep (`tallied`, migration 23).
public struct SQLOutboxRepository: OutboxRepository {
    let executor: any SQLScriptRunner
    let skipLocked: Bool
    let tallied: Bool

    public init(executor: any SQLScriptRunner, skipLocked: Bool, tallied: Bool = false) {
        self.executor = executor
        self.skipLocked = skipLocked
        self.tallied = tallied
    }

    static let columns = "id, system, province_code, unit_code, dossier_code, event_sequence, key, payload, state, attempts, next_attempt_at, last_error, created_at, delivered_at"

    /// The insert of one message, shared by dossier changes and repairs: a key already present is kept.
    static func insert(_ message: OutboxMessage, at now: Int) throws -> SQLStep {
        SQLStep(SQLStatement("""
            INSERT INTO outbox (system, province_code, unit_code, dossier_code, event_sequence, key, payload, state, attempts,
                next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (key) DO NOTHING
            """, [
                .text(message.system.rawValue), .text(message.provinceCode), .text(message.unitCode), .text(message.dossierCode),
                .integer(message.eventSequence), .text(message.key), .text(try SQLDossierRepository.json(message.payload)),
                .text(OutboxState.pending.rawValue), .integer(0), .integer(now), .integer(now),
            ]))
    }

    public func enqueue(_ messages: [OutboxMessage], at now: Int) async throws {
        guard !messages.isEmpty else { return }
        try await executor.run(SQLScript(try messages.map { try Self.insert($0, at: now) }))
    }

    public func lease(owner: String, now: Int, leaseMillis: Int, limit: Int) async throws -> [OutboxRow] {
        // Not yet delivered and not dropped: such a row holds back the later rows of its dossier and system.
        let statement = SQLStatement("""
            UPDATE outbox SET lease_owner = ?, lease_until = ?
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.state = 'pending' AND o.next_attempt_at <= ? AND (o.lease_until IS NULL OR o.lease_until < ?)
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.dossier_code = o.dossier_code AND e.system = o.system
                                  AND e.id < o.id AND e.state IN ('pending', 'dead'))
                ORDER BY o.next_attempt_at, o.id LIMIT ?\(skipLocked ? " FOR UPDATE OF o SKIP LOCKED" : "")
            ) AND state = 'pending'
            RETURNING \(Self.columns)
            """, [.text(owner), .integer(now + leaseMillis), .integer(now), .integer(now), .integer(limit)])
        return try await executor.change(statement).map(Self.row).sorted { $0.id < $1.id }
    }

    public func releaseLeases() async throws -> Int {
        try await executor.change(SQLStatement("""
            UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE state = 'pending' AND lease_owner IS NOT NULL RETURNING id
            """)).count
    }

    public func delivered(id: Int, at now: Int) async throws {
        // Whoever holds the lease now, the receiver has it: delivered is the truth.
        try await executor.transaction([SQLStatement("""
            UPDATE outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL,
                last_error = NULL WHERE id = ? AND state = 'pending'
            """, [.integer(now), .integer(id)])])
    }

    public func failed(id: Int, owner: String, error: String, retryAt: Int?) async throws {
        let state = retryAt == nil ? "dead" : "pending"
        try await executor.transaction([SQLStatement("""
            UPDATE outbox SET state = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = NULL,
                lease_until = NULL WHERE id = ? AND state = 'pending' AND lease_owner = ?
            """, [.text(state), .integer(retryAt ?? 0), .text(String(error.prefix(500))), .integer(id), .text(owner)])])
    }

    public func postpone(ids: [Int], owner: String, until: Int) async throws {
        guard !ids.isEmpty else { return }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        try await executor.transaction([SQLStatement("""
            UPDATE outbox SET next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
            WHERE id IN (\(marks)) AND state = 'pending' AND lease_owner = ?
            """, [.integer(until)] + ids.map { .integer($0) } + [.text(owner)])])
    }

    public func list(
        state: OutboxState?, system: ExternalSystem?, dossierCode: String?, afterID: Int?, limit: Int, provinceCode: String?
    ) async throws -> [OutboxRow] {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        for (column, value) in [("state", state?.rawValue), ("system", system?.rawValue), ("dossier_code", dossierCode), ("province_code", provinceCode)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(.text(value))
        }
        if let afterID {
            conditions.append("id > ?")
            arguments.append(.integer(afterID))
        }
        arguments.append(.integer(limit))
        return try await executor.query(SQLStatement(
            "SELECT \(Self.columns) FROM outbox WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?", arguments
        )).map(Self.row)
    }

    public func row(id: Int) async throws -> OutboxRow? {
        try await executor.query(SQLStatement("SELECT \(Self.columns) FROM outbox WHERE id = ?", [.integer(id)])).first.map(Self.row)
    }

    public func retry(id: Int, at now: Int) async throws -> Bool {
        try await changed(SQLStatement("""
            UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
            WHERE id = ? AND state IN ('dead', 'discarded') RETURNING id
            """, [.integer(now), .integer(id)]))
    }

    public func discard(id: Int) async throws -> Bool {
        try await changed(SQLStatement("""
            UPDATE outbox SET state = 'discarded', lease_owner = NULL, lease_until = NULL WHERE id = ? AND state IN ('pending', 'dead')
            RETURNING id
            """, [.integer(id)]))
    }

    func changed(_ statement: SQLStatement) async throws -> Bool {
        try await !executor.change(statement).isEmpty
    }

    public func counts() async throws -> [OutboxCount] {
        try await executor.query(SQLStatement(tallied ? """
            SELECT system, province_code, unit_code, state, messages FROM outbox_tallies WHERE messages <> 0
            ORDER BY system, province_code, unit_code, state
            """ : """
            SELECT system, province_code, unit_code, state, COUNT(*) FROM outbox GROUP BY system, province_code, unit_code, state
            ORDER BY system, province_code, unit_code, state
            """)).compactMap { row in
            guard let system = ExternalSystem(rawValue: row[0].text ?? ""), let state = OutboxState(rawValue: row[3].text ?? "") else { return nil }
            return OutboxCount(system: system, provinceCode: row[1].text ?? "", unitCode: row[2].text ?? "", state: state, count: row[4].integer ?? 0)
        }
    }

    public func recordMismatches(system: ExternalSystem, perUnit: [String: Int], at now: Int) async throws {
        let rows = perUnit.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { unit, count in
            SQLStatement("INSERT INTO registry_mismatches (system, unit_code, mismatches, checked_at) VALUES (?, ?, ?, ?)",
                         [.text(system.rawValue), .text(unit), .integer(count), .integer(now)])
        }
        try await executor.transaction([SQLStatement("DELETE FROM registry_mismatches WHERE system = ?", [.text(system.rawValue)])] + rows)
    }

    public func mismatchCounts() async throws -> [MismatchCount] {
        try await executor.query(SQLStatement(
            "SELECT system, unit_code, mismatches, checked_at FROM registry_mismatches ORDER BY system, unit_code"
        )).compactMap { row in
            ExternalSystem(rawValue: row[0].text ?? "").map {
                MismatchCount(system: $0, unitCode: row[1].text ?? "", mismatches: row[2].integer ?? 0, checkedAt: row[3].integer ?? 0)
            }
        }
    }

    public func cursor(_ name: String) async throws -> String? {
        try await executor.query(SQLStatement("SELECT value FROM registry_cursors WHERE name = ?", [.text(name)])).first?.first?.text
    }

    public func setCursor(_ name: String, _ value: String) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO registry_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value
            """, [.text(name), .text(value)])])
    }

    static func row(_ row: [SQLValue]) throws -> OutboxRow {
        guard let system = ExternalSystem(rawValue: row[1].text ?? ""), let state = OutboxState(rawValue: row[8].text ?? "") else {
            throw StorageError.corrupt("outbox row \(row.first?.integer ?? 0)")
        }
        let payload: OutboxPayload
        do {
            payload = try JSONDecoder().decode(OutboxPayload.self, from: Data((row[7].text ?? "").utf8))
        } catch {
            throw StorageError.corrupt("outbox payload \(row.first?.integer ?? 0): \(error)")
        }
        return OutboxRow(
            id: row[0].integer ?? 0,
            message: OutboxMessage(
                system: system, provinceCode: row[2].text ?? "", unitCode: row[3].text ?? "", dossierCode: row[4].text ?? "",
                eventSequence: row[5].integer ?? 0, key: row[6].text ?? "", payload: payload
            ),
            state: state, attempts: row[9].integer ?? 0, nextAttemptAt: row[10].integer ?? 0, lastError: row[11].text,
            createdAt: row[12].integer ?? 0, deliveredAt: row[13].integer
        )
    }
}

