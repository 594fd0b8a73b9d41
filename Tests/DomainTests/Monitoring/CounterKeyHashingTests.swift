import Domain
import Testing

/// Counter keys hashed and compared by their texts' bytes (`ByteKeyed.swift`).
struct CounterKeyHashingTests {
    static func key(field: String = "Hộ tịch", unit: String = "26734", day: Int = 1) -> CounterKey {
        CounterKey(
            day: LocalDate(year: 2025, month: 7, day: day)!, provinceCode: "79", competentUnit: unit, receivingUnit: "26734",
            agencyCode: "000.00.01.H79", field: field, procedureCode: "1.001193", procedureValidFrom: LocalDate(year: 2025, month: 7, day: 1)!,
            level: .commune, channel: .online
        )
    }

    @Test("keys summed in a dictionary: equal keys add to one entry, a key differing in one member to another")
    func dictionary() {
        var sums: [CounterKey: Int] = [:]
        // The second spells the field in a string of its own, made from the same bytes.
        let copy = String(decoding: Array("Hộ tịch".utf8), as: UTF8.self)
        let variants = [Self.key(), Self.key(field: copy), Self.key(field: "Đất đai"), Self.key(unit: "26737"), Self.key(day: 2)]
        for (index, key) in variants.enumerated() { sums[key, default: 0] += index + 1 }
        #expect(sums.count == 4)
        #expect(sums[Self.key()] == 3)
        #expect(sums[Self.key(field: "Đất đai")] == 3)
        #expect(sums[Self.key(day: 2)] == 5)
    }

    @Test("members are told apart where they meet: moving a byte from one text to the next changes the key")
    func boundaries() {
        var left = Self.key(), right = Self.key()
        left.competentUnit = "2673"
        left.receivingUnit = "426734"
        right.competentUnit = "26734"
        right.receivingUnit = "26734"
        #expect(left != right)
        #expect(ByteText("ab") != ByteText("abc"))
        #expect(Set([ByteText("a"), ByteText("b"), ByteText("a")]).count == 2)
    }

    @Test("bytes, not canonical equivalence: the stored texts are NFC, and a decomposed spelling is another key, as in the database")
    func bytes() {
        let composed = "Hộ tịch", decomposed = "Ho\u{0323}\u{0302} ti\u{0323}ch"
        #expect(composed == decomposed)  // the standard library's equality
        #expect(Self.key(field: composed) != Self.key(field: decomposed))
        #expect(ByteText(composed) != ByteText(decomposed))
        var step = StepKey(
            day: LocalDate(year: 2025, month: 7, day: 1)!, provinceCode: "79", agencyCode: "A", unitCode: "26734", kind: .handling,
            procedureCode: "1.001193", field: composed, level: .commune
        )
        let first = step
        step.field = decomposed
        #expect(first != step)
        step.field = String(decoding: Array(composed.utf8), as: UTF8.self)
        #expect(first == step && first.hashValue == step.hashValue)
    }
}
