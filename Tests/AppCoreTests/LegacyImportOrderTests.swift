@testable import AppCore
import Domain
import Testing

/// The import writes the records of an export in the order they were filed, whatever the file's order
/// (a batch then adds to the counters of a few days: BENCHMARKS.md, issue 10).
struct LegacyImportOrderTests {
    static func record(_ code: String, submitted: String?) -> LegacyDossierRecord {
        LegacyDossierRecord(
            sourceSystem: "mc-01", code: code, procedureCode: "LG.01.101", channel: .online, applicant: Applicant(name: "Lê Thị Hà"),
            receivingUnit: "001", competentUnit: "001",
            history: submitted.map { [LegacyStatus(.submitted, at: Instant(iso: $0 + ":00+07:00")!)] } ?? []
        )
    }

    @Test("records are taken by their first status, ties and records without a status in the file's order")
    func filingOrder() {
        let file: [(line: Int, record: LegacyDossierRecord)] = [
            (2, Self.record("c", submitted: "2025-05-12T09:00")),
            (3, Self.record("none-1", submitted: nil)),
            (4, Self.record("a", submitted: "2024-12-30T08:00")),
            (5, Self.record("b2", submitted: "2025-05-12T08:00")),
            (6, Self.record("b1", submitted: "2025-05-12T08:00")),
            (7, Self.record("none-2", submitted: nil)),
        ]
        let ordered = LegacyImportService.filingOrder(file.reversed())
        #expect(ordered.map(\.record.code) == ["a", "b2", "b1", "c", "none-1", "none-2"])
        #expect(ordered.map(\.line) == [4, 5, 6, 2, 3, 7])
    }
}
