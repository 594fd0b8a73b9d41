import Domain
import DomainTesting
import Testing

/// Each data-quality check on hand-made dossiers: it finds its defect and nothing in a clean dossier.
@Suite("data-quality checks")
struct DataQualityTests {
    static let now = DossierScenario.at("2025-07-31T10:00")

    static func scan(keep: Int = 1_000) -> DataQualityScan {
        DataQualityScan(
            settings: QualitySettings(), currentUnits: ["01", "00004"], catalogued: [DossierScenario.procedure.code],
            calendar: DossierScenario.clock.calendar, now: now, keep: keep
        )
    }

    static func dossier(_ code: String, at time: String = "2025-07-30T09:00", _ change: (inout Applicant) -> Void = { _ in }) throws -> Dossier {
        var dossier = try DossierScenario(code, at: time, channel: .inPerson).dossier
        dossier.opening.applicant.phone = "0912345678"
        dossier.opening.applicant.communeCode = "00004"
        change(&dossier.opening.applicant)
        return dossier
    }

    @Test("a clean dossier has no finding; each defect is found once, with its check")
    func checks() throws {
        var clean = Self.scan()
        clean.add(try Self.dossier("A-1"))
        clean.addFacility(id: "F-1", provinceCode: "01", unitCode: "00004")
        #expect(clean.result().findings.isEmpty && clean.result().counts.isEmpty)

        var scan = Self.scan()
        scan.add(try Self.dossier("B-1") { $0.personalID = nil; $0.phone = nil })
        scan.add(try Self.dossier("B-2") { $0.communeCode = "00001" })
        scan.add(try Self.dossier("B-3") { $0.name = "Nguyễn Thị Hoa Khác" })
        var uncatalogued = try Self.dossier("B-4")
        uncatalogued.opening.procedureCode = "LG.01.101"
        scan.add(uncatalogued)
        // Received on 10 July and untouched since: more than ten working days before 31 July.
        scan.add(try Self.dossier("B-5", at: "2025-07-10T09:00"))
        scan.addFacility(id: "F-2", provinceCode: "01", unitCode: "00001")
        scan.addDocumentMismatch(sha256: String(repeating: "a", count: 64), actual: nil)
        scan.addRegisterMismatches(system: "civilStatus", provinceCode: "01", unitCode: "00004", count: 3)
        scan.addRegisterMismatches(system: "portal", provinceCode: "01", unitCode: "00004", count: 0)
        let result = scan.result(), found = result.findings
        let expected: [QualityCheck: Int] = [
            .missingFields: 1, .preReformAddress: 2, .conflictingIdentity: 1, .uncataloguedProcedure: 1, .notLive: 1, .documentMismatch: 1,
            .registerMismatch: 3,
        ]
        #expect(Dictionary(grouping: found, by: \.check).mapValues { $0.reduce(0) { $0 + $1.count } } == expected)
        #expect(Dictionary(grouping: result.counts, by: \.key.check).mapValues { $0.reduce(0) { $0 + $1.value } } == expected)
        #expect(result.findingCount == 8 && found.count == 8)
        #expect(found.first { $0.check == .missingFields }?.detail == "personalID, contact")
        #expect(found.first { $0.check == .notLive }?.subject == "B-5")
        #expect(found.first { $0.check == .conflictingIdentity }?.subject == "001******123", "the personal ID is masked")
    }

    @Test("the not-live limit counts working days, and is a setting")
    func notLiveDays() throws {
        var strict = DataQualityScan(
            settings: QualitySettings(notLiveWorkingDays: 1), currentUnits: ["01", "00004"], catalogued: [DossierScenario.procedure.code],
            calendar: DossierScenario.clock.calendar, now: Self.now
        )
        strict.add(try Self.dossier("C-1", at: "2025-07-29T09:00"))
        strict.add(try Self.dossier("C-2", at: "2025-07-30T09:00"))
        #expect(strict.result().findings.map(\.subject) == ["C-1"])
    }

    @Test("a scan keeps only the first findings in report order, and still counts every one")
    func keepsTheFirst() throws {
        var all = Self.scan(keep: .max), few = Self.scan(keep: 3)
        // Added out of order, so that the kept ones must be chosen, not merely the first come.
        for index in [7, 2, 9, 4, 0, 8, 5, 1, 6, 3, 11, 10] {
            let dossier = try Self.dossier(index < 10 ? "K-0\(index)" : "K-\(index)") { $0.phone = nil }
            all.add(dossier)
            few.add(dossier)
        }
        few.addFacility(id: "F-9", provinceCode: "01", unitCode: "00001")
        all.addFacility(id: "F-9", provinceCode: "01", unitCode: "00001")
        let everything = all.result(), kept = few.result()
        #expect(everything.findings.count == 13)
        #expect(kept.findings == Array(everything.findings.prefix(3)))
        #expect(kept.findings.map(\.subject) == ["K-00", "K-01", "K-02"])
        #expect(kept.counts == everything.counts && kept.findingCount == 13)
        #expect(kept.counts[QualityGroup(check: .missingFields, provinceCode: "01", unitCode: "00004")] == 12)
    }
}
