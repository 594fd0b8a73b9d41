import Domain
import DomainTesting
import Testing

/// The check "one personal ID under different names or birth dates", whose IDs a scan keeps packed
/// (`IdentityTally`): it must find exactly what a plain dictionary of sets finds.
@Suite("data quality: conflicting identities")
struct IdentityConflictTests {
    static func scan() -> DataQualityScan {
        DataQualityScan(
            settings: QualitySettings(mandatory: []), currentUnits: [], catalogued: [], calendar: DossierScenario.clock.calendar,
            now: DossierScenario.at("2025-07-31T10:00"), keep: .max
        )
    }

    static func subject(_ code: String, id: String, name: String, birth: LocalDate?, province: String = "01", unit: String = "00004") -> QualitySubject {
        QualitySubject(
            code: code, provinceCode: province, competentUnit: unit, procedureCode: "1.000001", status: .returned,
            lastEventAt: DossierScenario.at("2025-07-30T09:00"), applicant: Applicant(name: name, personalID: id, birthDate: birth)
        )
    }

    static func conflicts(_ result: QualityResult) -> [QualityFinding] {
        result.findings.filter { $0.check == .conflictingIdentity }
    }

    @Test("IDs apart by their leading zeros, long or not all digits; names alike once folded; a missing birth date no conflict")
    func handMade() throws {
        let born = LocalDate(year: 1990, month: 1, day: 2), other = LocalDate(year: 1991, month: 1, day: 2)
        var scan = Self.scan()
        // The same name in other letters and marks, one birth date missing: no conflict.
        scan.add(Self.subject("A-2", id: "001090000123", name: "Nguyễn Văn An", birth: born, province: "79", unit: "26734"))
        scan.add(Self.subject("A-1", id: "001090000123", name: "NGUYỄN  VĂN AN", birth: nil))
        // The same number without its leading zeros is another ID.
        scan.add(Self.subject("B-1", id: "01090000123", name: "Trần Thị Bình", birth: born))
        scan.add(Self.subject("B-2", id: "1090000123", name: "Lê Văn Cường", birth: born))
        // A passport number under two birth dates; a 20-digit number under two names.
        scan.add(Self.subject("C-2", id: "C1234567", name: "John Smith", birth: born, province: "48", unit: "20194"))
        scan.add(Self.subject("C-1", id: "C1234567", name: "John Smith", birth: other))
        scan.add(Self.subject("D-1", id: "12345678901234567890", name: "Phạm Văn Dũng", birth: nil, province: "31", unit: "11311"))
        scan.add(Self.subject("D-3", id: "12345678901234567890", name: "Phạm Văn Dũng", birth: nil))
        scan.add(Self.subject("D-2", id: "12345678901234567890", name: "Phạm Văn Dung", birth: nil))
        scan.add(Self.subject("D-4", id: "12345678901234567890", name: "Phạm Thị Dung", birth: nil))
        let found = Self.conflicts(scan.result()).sorted { $0.detail < $1.detail }
        #expect(found.map(\.detail) == ["1 họ tên, 2 ngày sinh: C-1, C-2", "2 họ tên, 0 ngày sinh: D-1, D-2, D-3, D-4"])
        #expect(found.map(\.provinceCode) == ["48", "31"] && found.map(\.unitCode) == ["20194", "11311"], "the first dossier read places it")
        #expect(found.map(\.subject) == [Masking.personalID("C1234567"), Masking.personalID("12345678901234567890")])
    }

    @Test("random dossiers: the packed tally finds what a dictionary of sets finds")
    func againstSets() throws {
        var random = SplitMix64(state: 268)
        let ids = (0..<300).map { index -> String in
            switch index % 4 {
            case 0: String(repeating: "0", count: index % 3) + String(index * 7_919)
            case 1: "0" + String(100_000_000_000 + index)
            case 2: "P" + String(index)
            default: String(repeating: "9", count: 18 + index % 3)
            }
        }
        let names = ["Nguyễn Văn An", "NGUYỄN VĂN AN", "Nguyễn Văn Ân", "Hoàng Thị Thuỷ", "Hoàng Thị Thủy"]
        let births: [LocalDate?] = [nil, LocalDate(year: 1980, month: 5, day: 6), LocalDate(year: 1980, month: 5, day: 7)]
        var scan = Self.scan()
        var expected: [String: (names: Set<String>, births: Set<LocalDate>, codes: [String], place: (String, String))] = [:]
        for number in 0..<3_000 {
            // An ID's own name (in any of its spellings) and birth date or none, now and then another.
            let index = Int(random.next() % UInt64(ids.count)), id = ids[index]
            let deviates = random.next() % 25 == 0
            let spellings = (index % 2 == 0) != deviates ? names[0..<3] : names[3..<5]
            let name = spellings[spellings.startIndex + Int(random.next() % UInt64(spellings.count))]
            let own = index % 2 == 0 ? 1 : 2, other = random.next() % 40 == 0
            let birth = random.next() % 3 == 0 ? nil : births[other ? 3 - own : own]
            let province = ["01", "79", "48"][number % 3], unit = "U\(number % 7)", code = "X-\(number)"
            scan.add(Self.subject(code, id: id, name: name, birth: birth, province: province, unit: unit))
            var entry = expected[id] ?? ([], [], [], (province, unit))
            entry.names.insert(FoldKey.fold(name))
            if let birth { entry.births.insert(birth) }
            entry.codes.append(code)
            expected[id] = entry
        }
        let want = expected.filter { $0.value.names.count > 1 || $0.value.births.count > 1 }.map { id, entry in
            "\(entry.place.0) \(entry.place.1) \(Masking.personalID(id)) \(entry.names.count) họ tên, \(entry.births.count) ngày sinh: "
                + entry.codes.sorted().joined(separator: ", ")
        }
        let got = Self.conflicts(scan.result()).map { "\($0.provinceCode) \($0.unitCode) \($0.subject) \($0.detail)" }
        #expect(want.count > 50 && want.count < expected.count, "the data has IDs with and without conflicts")
        #expect(got.sorted() == want.sorted())
    }
}
