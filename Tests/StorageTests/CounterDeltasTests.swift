import AppCore
import Domain
import Testing
@testable import Storage

/// SQLite's group commit sums the counters of a batch's scripts before writing them: the sum of two
/// changes' deltas must write what the two changes together write.
struct CounterDeltasTests {
    @Test("deltas added together give the statements of the changes summed at once")
    func sums() throws {
        let filed = try DossierContractTests.receipt("001.05.01.H01-250701-0001")
        let changes = [
            filed,
            try DossierContractTests.command(filed.after, DossierRequest(.assign, assignee: "u2")),
            try DossierContractTests.receipt("001.05.01.H01-250701-0002", unit: "00008"),
        ]
        var together = CounterDeltas()
        for change in changes { together.add(change) }
        var summed = SQLDossierRepository.counters(changes[0], rollupSlot: 0)
        for change in changes.dropFirst() { summed.add(SQLDossierRepository.counters(change, rollupSlot: 0)) }
        let texts = { (deltas: CounterDeltas) in deltas.steps(insert: "INSERT INTO").map { "\($0.statement.sql) \($0.statement.arguments)" } }
        #expect(!summed.isEmpty && texts(summed).count > 5)
        #expect(texts(summed) == texts(together))
        // Not the sum of one of them alone.
        #expect(texts(summed) != texts(SQLDossierRepository.counters(changes[0], rollupSlot: 0)))
        #expect(CounterDeltas().isEmpty)
    }

    @Test("the multi-row statements are one upsert per row in key order, coalesced, with the deletes after")
    func statements() throws {
        var deltas = CounterDeltas(rollupSlot: 2)
        let units = ["00004", "00008", "00011", "00015", "00019"]
        for index in 0..<40 {
            let province = index % 3 == 0 ? "79" : "01"
            var change = try DossierContractTests.receipt(
                "001.05.01.H\(province)-250701-\(1000 + index)", province: province, unit: units[index % units.count]
            )
            deltas.add(change)
            guard index % 2 == 0 else { continue }
            // Closed days later: the cohort rows move, and a row emptied by the move is deleted.
            for (step, request) in [
                DossierRequest(.assign, assignee: "u2"), DossierRequest(.proposeDecision, outcome: .approved),
                DossierRequest(.decide, outcome: .approved), DossierRequest(.resolve),
            ].enumerated() {
                change = try Self.act(change.after, request, at: 60 + index * 1_440 + step)
                deltas.add(change)
            }
        }
        let tables = deltas.tables
        var perRow: [SQLStep] = []
        for table in tables {
            let (upsert, delete) = CounterTexts.texts(table.table, table.dimensions, table.names, slotted: table.slotted)
            for part in table.parts {
                for (key, values) in part.rows.sorted(by: { $0.0.lexicographicallyPrecedes($1.0) }) {
                    let arguments = key.map(SQLValue.text) + (part.slot.map { [SQLValue.integer($0)] } ?? [])
                    perRow.append(SQLStep(SQLStatement(upsert, arguments + values.map(SQLValue.integer))))
                    if table.deletingEmptyRows, values.contains(where: { $0 < 0 }) {
                        perRow.append(SQLStep(SQLStatement(delete, arguments)))
                    }
                }
            }
        }
        // Enough rows to cut statements, rows with Vietnamese texts, and deletes.
        #expect(tables.contains { $0.parts.reduce(0) { $0 + $1.rows.count } > SQLDossierRepository.rowsPerStatement })
        #expect(perRow.contains { $0.statement.arguments.contains(.text(DossierContractTests.procedure.field)) })
        #expect(DossierContractTests.procedure.field.utf8.contains { $0 >= 0x80 })
        #expect(perRow.contains { $0.statement.sql.hasPrefix("DELETE") })
        let expected = SQLDossierRepository.coalesced(perRow, insert: "INSERT OR FAIL INTO")
        let made = deltas.steps(insert: "INSERT OR FAIL INTO")
        #expect(made.map(\.statement.sql) == expected.map(\.statement.sql))
        #expect(made.map(\.statement.arguments) == expected.map(\.statement.arguments))
    }

    /// A command decided by an approver, who may take a dossier through to its resolution.
    static func act(_ dossier: Dossier, _ request: DossierRequest, at minutes: Int) throws -> DossierChange {
        let approver = DossierActor(userID: "u2", role: .approver, unitCode: dossier.opening.competentUnit)
        let now = Instant(minutes: DossierContractTests.now.minutes + minutes)
        let event = try DossierDecider.decide(dossier, request, context: DossierContext(now: now, actor: approver, clock: DossierContractTests.clock))
        let after = dossier.applying(event)
        return DossierChange(before: dossier, events: [event], after: after, publicView: try StreamingJSONEncoder().string(PublicDossierView(after)))
    }

    @Test("keys ordered by their columns' bytes: the order of String's < for NFC texts, a column's prefix first")
    func keyOrder() {
        let alphabet = ["", "a", "b", "A", "ă", "â", "đ", "Đ", "ế", "ệ", "ư", "ở", "z", "0", "9", " ", "\u{1F}", "Hộ tịch", "Hộ"]
        var random = SplitMix(seed: 7)
        for _ in 0..<200 {
            let width = Int.random(in: 1...3, using: &random)
            let keys = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                (0..<width).map { _ in (0..<Int.random(in: 0...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined() }
            }
            let order = SQLDossierRepository.keyOrder(keys)
            #expect(Set(order) == Set(keys.indices) && order.count == keys.count)
            for (earlier, later) in zip(order, order.dropFirst()) {
                #expect(!keys[later].lexicographicallyPrecedes(keys[earlier]), "\(keys[earlier]) before \(keys[later])")
            }
        }
        #expect(SQLDossierRepository.keyOrder([["ab", "c"], ["a", "bc"], ["a", ""], ["", "z"]]) == [3, 2, 1, 0])
    }
}
