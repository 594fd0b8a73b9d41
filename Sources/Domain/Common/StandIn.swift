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
        let needle = Array(standIn.utf8)
        guard let first = needle.first else { return nil }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var parts: [String] = []
            var index = 0, copied = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[copied..<index]), as: UTF8.self))
                    index += needle.count
                    copied = index
                } else {
                    index += 1
                }
            }
            guard !parts.isEmpty else { return nil }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[copied...]), as: UTF8.self))
            return parts
        }
    }
}
