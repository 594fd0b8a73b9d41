import Domain
import Testing

struct CatalogTests {
    static func birth(from: LocalDate = Reform.effectiveDate, to: LocalDate = .distantFuture, limit: Int = 1) throws -> ProcedureVersion {
        try ProcedureVersion(
            code: "1.001193", name: "Đăng ký khai sinh", field: "Hộ tịch", level: .commune, legalBasis: ["Luật Hộ tịch 2014"],
            limit: TimeLimit(value: limit, unit: .workingDays), onlineLimit: TimeLimit(value: 0, unit: .workingDays), cutoff: 15 * 60,
            fee: 0, documents: [.init(name: "Giấy chứng sinh", original: true, count: 1)], onlineLevel: .full, register: .civilStatus,
            validFrom: from, validTo: to
        )
    }

    @Test("a procedure keeps a limit per channel and rejects bad fields")
    func fields() throws {
        let version = try Self.birth()
        #expect(version.limit(for: .online).value == 0)
        #expect(version.limit(for: .inPerson).value == 1)
        for bad in ["1.001 193", "mc-ht-001", ".001193", "AB"] {
            #expect(throws: CatalogError.invalidCode(bad)) {
                try ProcedureVersion(code: bad, name: "x", field: "x", level: .commune, legalBasis: [], limit: TimeLimit(value: 1, unit: .workingDays))
            }
        }
        #expect(throws: CatalogError.invalidNationalCode("MC-HT-001")) {
            try ProcedureVersion(code: "MC-HT-001", nationalCode: "1001193", name: "x", field: "x", level: .commune, legalBasis: [],
                                 limit: TimeLimit(value: 1, unit: .workingDays))
        }
        #expect(throws: CatalogError.negativeFee("1.001193")) {
            try ProcedureVersion(code: "1.001193", name: "x", field: "x", level: .commune, legalBasis: [], limit: TimeLimit(value: 1, unit: .workingDays), fee: -1)
        }
        #expect(throws: CatalogError.missingName("1.001193")) {
            try ProcedureVersion(code: "1.001193", name: " ", field: "x", level: .commune, legalBasis: [], limit: TimeLimit(value: 1, unit: .workingDays))
        }
    }

    @Test("versions: the one in force on a date; overlapping versions are refused")
    func versions() throws {
        let change = LocalDate(year: 2026, month: 1, day: 1)!
        let catalog = try Catalog([try Self.birth(to: change.adding(days: -1), limit: 3), try Self.birth(from: change, limit: 1)])
        #expect(catalog.version(code: "1.001193", at: LocalDate(year: 2025, month: 9, day: 1)!)?.limit.value == 3)
        #expect(catalog.version(code: "1.001193", at: change)?.limit.value == 1)
        #expect(catalog.version(code: "1.001193", at: LocalDate(year: 2025, month: 6, day: 30)!) == nil)
        #expect(throws: CatalogError.overlappingVersions("1.001193")) { try Catalog([try Self.birth(), try Self.birth(from: change)]) }
    }
}
