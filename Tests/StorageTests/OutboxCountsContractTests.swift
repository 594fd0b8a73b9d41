import Domain
import Foundation
import StorageSQLite
import StorageTesting
import Testing
@testable import Storage

/// The outbox counted by system, unit and state through every change of state: the delivery tile and
/// the service index's portal sync read these counts (SQLite keeps them by trigger, PostgreSQL counts rows).
struct OutboxCountsContractTests {
    static func messages(units: [String], perUnit: Int) -> [OutboxMessage] {
        units.flatMap { unit in
            (1...perUnit).flatMap { index -> [OutboxMessage] in
                let code = "000.00.00.H01-250701-\(unit)\(index)"
                let portal = OutboxMessage(
                    system: .portal, provinceCode: "01", unitCode: unit, dossierCode: code, eventSequence: 1,
                    key: OutboxMessage.key(.portal, dossierCode: code, eventSequence: 1),
                    payload: .status(PortalStatusUpdate(
                        dossierCode: code, portalID: nil, procedureCode: "1.004873", unitCode: unit, status: 2, sequence: 1,
                        at: Instant(minutes: 29_000_000), dueAt: nil, finishedAt: nil
                    ))
                )
                let notice = OutboxMessage(
                    system: .notification, provinceCode: "01", unitCode: unit, dossierCode: code, eventSequence: 1,
                    key: OutboxMessage.key(.notification, dossierCode: code, eventSequence: 1, suffix: "sms"),
                    payload: .notice(Notice(medium: .sms, to: "0900000001", template: .received, dossierCode: code, subject: "", text: code))
                )
                return [portal, notice]
            }
        }
    }

    /// The counts as the rows themselves say.
    static func counted(_ store: any Store) async throws -> [OutboxCount] {
        let rows = try await store.outbox.list(state: nil, system: nil, dossierCode: nil, afterID: nil, limit: 1_000, provinceCode: nil)
        var tally: [String: OutboxCount] = [:]
        for row in rows {
            let key = [row.message.system.rawValue, row.message.provinceCode, row.message.unitCode, row.state.rawValue].joined(separator: "|")
            tally[key, default: OutboxCount(
                system: row.message.system, provinceCode: row.message.provinceCode, unitCode: row.message.unitCode, state: row.state, count: 0
            )].count += 1
        }
        return tally.sorted { $0.key < $1.key }.map(\.value)
    }

    @Test("counts follow enqueue, delivery, failure, retry and discard", arguments: TestStores.engines)
    func countsFollowEveryState(_ engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let now = 1_751_000_000_000
        try await store.outbox.enqueue(Self.messages(units: ["00004", "00007"], perUnit: 3), at: now)
        // The same keys again change nothing.
        try await store.outbox.enqueue(Self.messages(units: ["00004"], perUnit: 1), at: now)
        #expect(try await store.outbox.counts() == [
            OutboxCount(system: .notification, provinceCode: "01", unitCode: "00004", state: .pending, count: 3),
            OutboxCount(system: .notification, provinceCode: "01", unitCode: "00007", state: .pending, count: 3),
            OutboxCount(system: .portal, provinceCode: "01", unitCode: "00004", state: .pending, count: 3),
            OutboxCount(system: .portal, provinceCode: "01", unitCode: "00007", state: .pending, count: 3),
        ])

        let leased = try await store.outbox.lease(owner: "w", now: now, leaseMillis: 60_000, limit: 100)
        #expect(leased.count == 12)
        let portal4 = leased.filter { $0.message.system == .portal && $0.message.unitCode == "00004" }
        let notices7 = leased.filter { $0.message.system == .notification && $0.message.unitCode == "00007" }
        for row in portal4 { try await store.outbox.delivered(id: row.id, at: now + 1) }
        try await store.outbox.delivered(id: portal4[0].id, at: now + 2)  // a second report of the same delivery
        try await store.outbox.failed(id: notices7[0].id, owner: "w", error: "refused", retryAt: nil)
        try await store.outbox.failed(id: notices7[1].id, owner: "w", error: "refused", retryAt: nil)
        try await store.outbox.failed(id: notices7[2].id, owner: "w", error: "busy", retryAt: now + 60_000)
        #expect(try await store.outbox.retry(id: notices7[0].id, at: now + 3))
        #expect(try await store.outbox.discard(id: notices7[1].id))
        #expect(try await !store.outbox.discard(id: portal4[1].id), "a delivered message is not discarded")

        let expected = [
            OutboxCount(system: .notification, provinceCode: "01", unitCode: "00004", state: .pending, count: 3),
            OutboxCount(system: .notification, provinceCode: "01", unitCode: "00007", state: .discarded, count: 1),
            OutboxCount(system: .notification, provinceCode: "01", unitCode: "00007", state: .pending, count: 2),
            OutboxCount(system: .portal, provinceCode: "01", unitCode: "00004", state: .delivered, count: 3),
            OutboxCount(system: .portal, provinceCode: "01", unitCode: "00007", state: .pending, count: 3),
        ]
        #expect(try await store.outbox.counts() == expected)
        #expect(try await Self.counted(store) == expected)
        try await store.close()
    }

    @Test("migration 23 tallies the messages already in the outbox")
    func migrationTalliesExistingRows() async throws {
        let store = try SQLiteStore(path: TestStores.temporaryFolder("tallies") + "/motcua.sqlite")
        _ = try await store.migrate()
        // Back to the schema before migration 23, with messages in it.
        try await store.transaction([
            "DROP TRIGGER outbox_tally_insert", "DROP TRIGGER outbox_tally_state", "DROP TRIGGER outbox_tally_delete",
            "DROP TABLE outbox_tallies", "CREATE INDEX outbox_counts ON outbox (system, province_code, unit_code, state)",
        ].map { SQLStatement($0) })
        try await store.outbox.enqueue(Self.messages(units: ["00004", "00007"], perUnit: 2), at: 1_751_000_000_000)
        let leased = try await store.outbox.lease(owner: "w", now: 1_751_000_000_000, leaseMillis: 60_000, limit: 1)
        try await store.outbox.delivered(id: leased[0].id, at: 1_751_000_000_001)
        try await store.transaction(Migrations.outboxTallies.sqlite.map { SQLStatement($0) })

        let counts = try await store.outbox.counts()
        #expect(counts.map(\.count).reduce(0, +) == 8)
        #expect(counts == (try await Self.counted(store)))
        #expect(counts.contains { $0.state == .delivered && $0.count == 1 })
        let indexes = try await store.query(SQLStatement("SELECT name FROM sqlite_master WHERE name = 'outbox_counts'"))
        #expect(indexes.isEmpty)
        try await store.close()
    }
}
