import Domain
import Testing

struct DossierCodeTests {
    @Test("codes read and write the same, and grow past 9999 instead of wrapping", arguments: [
        ("001.05.01.H01", 1, "001.05.01.H01-251130-0001"),
        ("001.05.01.H01", 9_999, "001.05.01.H01-251130-9999"),
        ("001.05.01.H01", 10_000, "001.05.01.H01-251130-10000"),
    ])
    func roundTrip(agency: String, number: Int, text: String) throws {
        let code = DossierCode(agencyCode: agency, date: LocalDate(year: 2025, month: 11, day: 30)!, number: number)
        #expect(code.description == text)
        #expect(DossierCode(text) == code)
    }

    @Test("malformed codes are not codes", arguments: [
        "", "001.05.01.H01-251130", "001.05.01.H01-251131-0001", "x-251130-0001", "001.05.01.H01-251130-001", "001.05.01.H01-251130-0000",
    ])
    func malformed(text: String) {
        #expect(DossierCode(text) == nil)
    }
}
