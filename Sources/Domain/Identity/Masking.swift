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

    static func mask(_ value: String, keepStart: Int, keepEnd: Int) -> String {
        let characters = Array(value)
        guard characters.count > keepStart + keepEnd else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(keepStart)) + String(repeating: "*", count: characters.count - keepStart - keepEnd)
            + String(characters.suffix(keepEnd))
    }
}
