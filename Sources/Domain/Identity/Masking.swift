/// Masks personal numbers for lists, logs and public pages: the first three and last two or three
/// characters stay, the rest become `*` (`001099012345` → `001*******45`… per length).
public enum Masking {
    /// A personal ID (12 digits): `001******789`.
    public static func personalID(_ value: String) -> String {
        mask(value, keepStart: 3, keepEnd: 3)
    }

    /// A phone number: `091*****678`.
    public static func phone(_ value: String) -> String {
        mask(value, keepStart: 3, keepEnd: 3)
    }

    /// A person's name: the family name whole, then each other word's initial (`Nguyễn V. A.`), enough
    /// to tell cases apart in a list without naming the person.
    public static func name(_ value: String) -> String {
        let words = value.split(separator: " ")
        guard let family = words.first else { return "" }
        return ([String(family)] + words.dropFirst().compactMap { $0.first.map { "\($0)." } }).joined(separator: " ")
    }

    static func mask(_ value: String, keepStart: Int, keepEnd: Int) -> String {
        let characters = Array(value)
        guard characters.count > keepStart + keepEnd else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(keepStart)) + String(repeating: "*", count: characters.count - keepStart - keepEnd)
            + String(characters.suffix(keepEnd))
    }
}
