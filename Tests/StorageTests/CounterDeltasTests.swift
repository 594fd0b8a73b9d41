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
}
