/// A choice of a `<select>` or a radio group.
public struct Option: Sendable, Equatable {
    public let value: String
    public let label: String
    public let selected: Bool

    public init(value: String, label: String, selected: Bool = false) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    /// Options with the one whose value is `current` selected.
    public static func list(_ pairs: [(String, String)], current: String?) -> [Option] {
        pairs.map { Option(value: $0.0, label: $0.1, selected: $0.0 == (current ?? "")) }
    }
}
