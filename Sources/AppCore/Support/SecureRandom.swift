/// Random bytes and codes from the system's generator, eight bytes per request to it: `UInt8.random(in:)`
/// asks the kernel (`getrandom`) once per byte, and a filing's salt and look-up secret made 26 such calls
/// (1.8 % of a reception's CPU, perf; BENCHMARKS.md, issue 5).
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// `length` characters of `alphabet`, each equally likely: bytes past the largest multiple of the
    /// alphabet's size are drawn again rather than folded onto its first characters.
    static func code(length: Int, alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256)
        let limit = 256 - 256 % alphabet.count
        var code = ""
        code.reserveCapacity(length)
        var pool: [UInt8] = []
        var count = 0
        while count < length {
            if pool.isEmpty { pool = bytes(length - count + 8) }
            let byte = Int(pool.removeLast())
            guard byte < limit else { continue }
            code.append(alphabet[byte % alphabet.count])
            count += 1
        }
        return code
    }
}
