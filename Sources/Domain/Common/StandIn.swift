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
        return needle.withUTF8 { needle -> [String]? in
            guard let first = needle.first else { return nil }
            return text.withUTF8 { bytes -> [String]? in
                guard let base = bytes.baseAddress else { return nil }
                var parts: [String] = []
                var copied = 0, index = 0
                // `memchr` to each candidate's first byte, then one comparison: a byte-by-byte loop was
                // 2 % of a filing's CPU (perf), over some 10 KB of JSON and values per filing.
                while bytes.count - index >= needle.count,
                      let found = memchr(base + index, Int32(first), bytes.count - index - needle.count + 1) {
                    let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 {
                        parts.append(String(decoding: UnsafeBufferPointer(start: base + copied, count: at - copied), as: UTF8.self))
                        index = at + needle.count
                        copied = index
                    } else {
                        index = at + 1
                    }
                }
                guard !parts.isEmpty else { return nil }
                parts.append(String(decoding: UnsafeBufferPointer(start: base + copied, count: bytes.count - copied), as: UTF8.self))
                return parts
            }
        }
    }
}
