import Foundation

/// A stand-in text replaced, once known, by the real value (a new dossier's code, allocated inside the
/// writer's transaction after the rows and the answer were encoded around a stand-in).
public enum StandIn {
    /// The text with every `standIn` replaced by `value`, or nil when it has none.
    public static func replacing(_ standIn: String, with value: String, in text: String) -> String? {
        parts(around: standIn, in: text)?.joined(separator: value)
    }

    /// The text cut around every `standIn`, or nil when it has none: joined with the value, it is the
    /// replaced text. Cut once before a transaction, so that the writer only joins. A byte search:
    /// whole JSON bodies are searched on every filing, and Foundation's `replacingOccurrences` went
    /// through UTF-16 (5 % of a reception's CPU, perf).
    public static func parts(around standIn: String, in text: String) -> [String]? {
        var needle = standIn, text = text
        let cuts = needle.withUTF8 { needle -> [Int] in
            guard let first = needle.first else { return [] }
            return text.withUTF8 { bytes -> [Int] in
                guard let base = bytes.baseAddress else { return [] }
                var cuts: [Int] = []
                var index = 0
                // `memchr` to each candidate's first byte, then one comparison: a byte-by-byte loop was
                // 2 % of a filing's CPU (perf), over some 10 KB of JSON and values per filing.
                while bytes.count - index >= needle.count,
                      let found = memchr(base + index, Int32(first), bytes.count - index - needle.count + 1) {
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 {
                        cuts.append(at)
                        index = at + needle.count
                    } else {
                        index = at + 1
                    }
                }
                return cuts
            }
        }
        guard !cuts.isEmpty else { return nil }
        // A match starts on a lead byte and ends a whole scalar, so every cut is a scalar boundary and
        // the parts are slices of valid text: copied without decoding again (`String(decoding:)`
        // validated every byte, 2.5 % of a filing's CPU, perf).
        let utf8 = text.utf8
        var parts: [String] = []
        parts.reserveCapacity(cuts.count + 1)
        var from = utf8.startIndex
        for at in cuts {
            let to = utf8.index(utf8.startIndex, offsetBy: at)
            parts.append(String(text[from..<to]))
            from = utf8.index(to, offsetBy: standIn.utf8.count)
        }
        parts.append(String(text[from...]))
        return parts
    }
}
