/// A stand-in text replaced, once known, by the real value (a new dossier's code, allocated inside the
/// writer's transaction after the rows and the answer were encoded around a stand-in).
public enum StandIn {
    /// The text with every `standIn` replaced by `value`, or nil when it has none. A byte search:
    /// whole JSON bodies are searched on every filing, and Foundation's `replacingOccurrences` went
    /// through UTF-16 (5 % of a reception's CPU, perf).
    public static func replacing(_ standIn: String, with value: String, in text: String) -> String? {
        let needle = Array(standIn.utf8)
        guard let first = needle.first else { return nil }
        var text = text
        return text.withUTF8 { bytes -> String? in
            var output: [UInt8] = []
            var index = 0, copied = 0
            while index + needle.count <= bytes.count {
                if bytes[index] == first, needle.indices.allSatisfy({ bytes[index + $0] == needle[$0] }) {
                    if output.isEmpty { output.reserveCapacity(bytes.count + 64) }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                    output.append(contentsOf: value.utf8)
                    index += needle.count
                    copied = index
                } else {
                    index += 1
                }
            }
            guard copied > 0 else { return nil }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
            return String(decoding: output, as: UTF8.self)
        }
    }
}
