/// Texts of a counter's key hashed and compared by their UTF-8 bytes. The standard library hashes a
/// non-ASCII `String` (a Vietnamese field name) through Unicode normalisation on every dictionary
/// lookup, and every filing, transition and generated dossier sums its counter deltas in dictionaries
/// keyed by such texts. The keys' texts are codes and catalogue names, all NFC, so equal bytes are equal
/// texts; and bytes are what the databases compare.
extension String {
    /// Adds the text's bytes, then its length, so that ("ab", "c") and ("a", "bc") hash apart.
    @inlinable public func hashBytes(into hasher: inout Hasher) {
        let count = utf8.count
        // Both ways feed the same bytes, so equal texts hash equal wherever they are kept.
        if utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
            Array(utf8).withUnsafeBytes { hasher.combine(bytes: $0) }
        }
        hasher.combine(count)
    }

    /// Byte equality.
    @inlinable public func sameBytes(_ other: String) -> Bool {
        utf8.count == other.utf8.count && utf8.elementsEqual(other.utf8)
    }
}

/// A text as a dictionary key by its bytes (`String.hashBytes`).
public struct ByteText: Hashable, Sendable {
    public let text: String

    @inlinable public init(_ text: String) { self.text = text }

    @inlinable public func hash(into hasher: inout Hasher) { text.hashBytes(into: &hasher) }

    @inlinable public static func == (lhs: ByteText, rhs: ByteText) -> Bool { lhs.text.sameBytes(rhs.text) }
}
