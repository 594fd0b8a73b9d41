@testable import AppCore
import Testing

/// Random bytes and codes drawn several bytes at a time from the system's generator.
struct SecureRandomTests {
    @Test("as many bytes as asked, of every value")
    func bytes() {
        for count in 0...40 { #expect(SecureRandom.bytes(count).count == count) }
        var seen = Set<UInt8>()
        for _ in 0..<200 { seen.formUnion(SecureRandom.bytes(64)) }
        // 12,800 bytes miss a given value with probability (255/256)^12800, about 2e-22.
        #expect(seen.count == 256)
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test("codes of the alphabet, each character equally likely (no modulo bias)")
    func codes() {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var counts: [Character: Int] = [:]
        for _ in 0..<31_000 {
            let code = SecureRandom.code(length: 10, alphabet: alphabet)
            #expect(code.count == 10)
            for character in code { counts[character, default: 0] += 1 }
        }
        // 310,000 characters: 10,000 each expected, standard deviation ~98. Folding bytes modulo 31 would
        // give the first eight characters 9/256 of the draws (~10,900) and the others 8/256 (~9,690).
        #expect(Set(counts.keys) == Set(alphabet))
        for character in alphabet {
            let count = counts[character] ?? 0
            #expect((9_500...10_500).contains(count), "\(character): \(count)")
        }
    }
}
