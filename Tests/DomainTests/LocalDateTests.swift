import Domain
import Testing

struct LocalDateTests {
    @Test("parses real days only", arguments: [
        ("2025-07-01", true), ("2024-02-29", true), ("2025-02-29", false), ("2025-13-01", false),
        ("2025-7-1", false), ("abcd-ef-gh", false), ("", false), ("0000-01-01", false), ("0009-10-05", true), ("9999-12-31", true),
    ])
    func parsing(text: String, valid: Bool) {
        #expect((LocalDate(iso: text) != nil) == valid)
        if valid { #expect(LocalDate(iso: text)?.description == text) }
    }

    @Test("days since 1970 round-trip across centuries")
    func roundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(LocalDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(LocalDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(LocalDate(year: 2025, month: 7, day: 1)?.daysSinceEpoch == 20_270)
    }

    @Test("the Vietnamese date of an instant is UTC+7")
    func vietnamTime() {
        // 2025-06-30T17:00:00Z is midnight of 1 July in Hanoi.
        #expect(LocalDate(vietnamTimeOf: 1_751_302_800).description == "2025-07-01")
        #expect(LocalDate(vietnamTimeOf: 1_751_302_799).description == "2025-06-30")
        #expect(Instant(minutes: 29_173_050).description == "2025-06-20T08:30:00+07:00")
        #expect(Instant(iso: "0999-03-04T23:59+07:00")?.description == "0999-03-04T23:59:00+07:00")
    }
}
