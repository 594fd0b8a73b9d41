import Domain
import Foundation
import PropertyBased
import Testing

/// Property-based fuzzing of the address reader (swift-property-based, seeded per run and reported on
/// failure): whatever the text, it answers without crashing or hanging, and every answer is coherent.
/// Inputs mix real unit names (old and new, with and without diacritics, in either Unicode form),
/// the type words and abbreviations people write, punctuation and arbitrary scalars.
struct AddressConverterProperties {
    static let converter = ReferenceGeography.converter
    static let gazetteer = ReferenceGeography.gazetteer

    static let names: [String] = {
        let units = Array(gazetteer.legacyCommunes.values) + Array(gazetteer.legacyDistricts.values)
            + Array(gazetteer.legacyProvinces.values) + Array(gazetteer.currentCommunes.values) + Array(gazetteer.currentProvinces.values)
        return units.map(\.name).sorted()
    }()

    static let words = [
        "Phường", "P.", "Xã", "X.", "Thị trấn", "TT", "Quận", "Q.", "Huyện", "H.", "Thị xã", "TX", "Thành phố", "TP.", "Tỉnh", "T.",
        "số", "ngõ", "ngách", "đường", "thôn", "ấp", "tổ", "khu phố", "Số 5", "12/3", ",", ", ", " - ", "/", ";", "  ", "\n", "\t",
    ]

    /// One fragment: a unit name (maybe folded to ASCII, decomposed or upper-cased), a word, or noise.
    static let fragment = Gen<String>.frequency(
        (5, Gen<String?>.element(of: names).map { $0 ?? "" }),
        (3, Gen<String?>.element(of: words).map { $0 ?? "" }),
        (1, Gen<UnicodeScalar>.unicodeScalar(in: "\u{0}"..."\u{2FFF}").map(Character.init).string(of: 0...12)),
        (1, Gen<Character>.letterOrNumber.string(of: 0...8)),
        (1, Gen<Int>.int(in: 0...99_999).map { String($0) })
    )

    static let transform = Gen<Int>.int(in: 0...4)

    static func spell(_ text: String, _ how: Int) -> String {
        switch how {
        case 1: FoldKey.fold(text)
        case 2: text.decomposedStringWithCanonicalMapping
        case 3: text.uppercased()
        case 4: text.lowercased()
        default: text
        }
    }

    static let address = zip(fragment.array(of: 0...7), transform.array(of: 7)).map { parts, hows in
        zip(parts, hows).map { spell($0, $1) }.joined(separator: ", ")
    }

    @Test("any text: an answer, never a crash; converted answers name a current commune of their province")
    func coherent() async {
        await propertyCheck(count: 1_500, input: Self.address) { text in
            let answer = Self.converter.convert(text)
            switch answer.status {
            case .converted:
                let code = answer.communeCode ?? ""
                let commune = Self.gazetteer.currentCommunes[code]
                #expect(commune != nil, "\(text.debugDescription) → unknown commune \(code)")
                #expect(commune?.provinceCode == answer.provinceCode, "\(text.debugDescription)")
                #expect(answer.address?.isEmpty == false, "\(text.debugDescription)")
            case .ambiguous:
                #expect(answer.candidates.count >= 2, "\(text.debugDescription): ambiguous with \(answer.candidates.count) candidates")
                for candidate in answer.candidates {
                    #expect(Self.gazetteer.currentCommunes[candidate.communeCode] != nil, "\(text.debugDescription)")
                }
            case .notFound:
                #expect(answer.communeCode == nil && answer.address == nil)
            }
        }
    }

    /// The rewritten address names a current commune; read again it gives that commune, or, where the
    /// same words also name old communes of that province, the choice among them including it.
    @Test("a converted address, converted again, stays in the same commune")
    func idempotent() async {
        await propertyCheck(count: 1_500, input: Self.address) { text in
            let first = Self.converter.convert(text)
            guard first.status == .converted, let rewritten = first.address, let commune = first.communeCode else { return }
            let second = Self.converter.convert(rewritten)
            let same = second.status == .converted ? second.communeCode == commune
                : second.status == .ambiguous && second.candidates.contains { $0.communeCode == commune }
            #expect(same, "\(text.debugDescription) → \(rewritten.debugDescription) → \(second.status) \(second.communeCode ?? "-")")
        }
    }

    @Test("the Unicode form does not change the answer (NFC and NFD read alike)")
    func unicodeForms() async {
        await propertyCheck(count: 800, input: Self.address) { text in
            let composed = Self.converter.convert(text.precomposedStringWithCanonicalMapping)
            let decomposed = Self.converter.convert(text.decomposedStringWithCanonicalMapping)
            #expect(composed.status == decomposed.status && composed.communeCode == decomposed.communeCode, "\(text.debugDescription)")
        }
    }
}
