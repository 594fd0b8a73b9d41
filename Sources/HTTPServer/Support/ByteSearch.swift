/// Searches of a few ASCII bytes in a request's bytes, without Foundation's string search (which
/// goes through CFString and was a visible share of every request's time).
enum ByteSearch {
    /// Whether `needle` (ASCII) occurs in `haystack`, ASCII letters compared without case.
    static func contains<Bytes: Collection<UInt8>>(_ haystack: Bytes, caseInsensitive needle: String) -> Bool {
        let needle = needle.utf8.map(lowercased)
        guard let first = needle.first else { return true }
        var start = haystack.startIndex
        // Bodies can be megabytes: each position is compared in place, nothing is copied.
        while start != haystack.endIndex {
            if lowercased(haystack[start]) == first {
                var position = start, matched = 0
                while matched < needle.count, position != haystack.endIndex, lowercased(haystack[position]) == needle[matched] {
                    matched += 1
                    haystack.formIndex(after: &position)
                }
                if matched == needle.count { return true }
            }
            haystack.formIndex(after: &start)
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
