/// A dossier's code: `{agencyCode}-{yyMMdd}-{NNNN}` — the receiving agency, the local day of receipt
/// and that agency's counter for the day, four digits that grow to five and more rather than wrap.
public struct DossierCode: Hashable, Sendable, CustomStringConvertible {
    public var agencyCode: String
    public var date: LocalDate
    public var number: Int

    public init(agencyCode: String, date: LocalDate, number: Int) {
        self.agencyCode = agencyCode
        self.date = date
        self.number = number
    }

    public var description: String {
        let year = String(date.year % 100)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let counter = String(number)
        let padded = String(repeating: "0", count: max(0, 4 - counter.count)) + counter
        return "\(agencyCode)-\(year.count == 1 ? "0" + year : year)\(two(date.month))\(two(date.day))-\(padded)"
    }

    /// Reads a code back; nil when it is not of this shape.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, AgencyCode.isValid(String(parts[0])), parts[1].count == 6, parts[2].count >= 4,
              parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII),
              let yy = Int(parts[1].prefix(2)), let mm = Int(parts[1].dropFirst(2).prefix(2)), let dd = Int(parts[1].suffix(2)),
              let number = Int(parts[2]), number >= 1, let date = LocalDate(year: 2000 + yy, month: mm, day: dd) else { return nil }
        self.init(agencyCode: String(parts[0]), date: date, number: number)
    }
}
