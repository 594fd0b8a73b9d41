/// A personal identification number (số định danh cá nhân): 12 digits — the 3-digit code of the
/// province where the birth was registered, a century/sex digit, the 2-digit birth year, 6 random digits.
/// There is no check digit; what can be checked is the shape and agreement with birth year and sex.
public struct PersonalID: Hashable, Sendable, CustomStringConvertible {
    public enum Sex: String, Sendable { case male, female }

    public let value: String

    public init?(_ text: String) {
        guard text.utf8.count == 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        value = text
    }

    private var digits: [Int] { value.utf8.map { Int($0 - 0x30) } }

    /// The birth-registration province code (3 digits, e.g. `001` Hà Nội); not today's province.
    public var birthProvinceCode: String { String(value.prefix(3)) }

    /// Century/sex digit: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s.
    public var sex: Sex { digits[3] % 2 == 0 ? .male : .female }

    public var birthYear: Int {
        let century = 1900 + (digits[3] / 2) * 100
        return century + digits[4] * 10 + digits[5]
    }

    /// Whether the number agrees with a stated birth year and sex.
    public func agrees(birthYear: Int, sex: Sex) -> Bool { self.birthYear == birthYear && self.sex == sex }

    /// Masked, for every place but a logged detail view.
    public var description: String { Masking.personalID(value) }
}
