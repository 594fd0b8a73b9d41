/// Searches of a few ASCII bytes in a request's bytes, without Foundation's string search (which
/// goes through CFString and was a visible share of every request's time).
enum ByteSearch {
    /// Whether `needle` (ASCII) occurs in `haystack`, ASCII letters compared without case.
    static func contains(_ haystack: some Sequence<UInt8>, caseInsensitive needle: String) -> Bool {
        let needle = Array(needle.utf8).map(lowercased)
        guard !needle.isEmpty else { return true }
        var window: [UInt8] = []
        window.reserveCapacity(needle.count)
        // A needle of a few bytes: comparing the last `needle.count` bytes at each step is cheap enough.
        for byte in haystack {
            if window.count == needle.count { window.removeFirst() }
            window.append(lowercased(byte))
            if window == needle { return true }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
