import Domain

/// Old addresses written the ways people write them, generated from the reference lineage and legacy
/// units, each with the answer the lineage implies.
struct AddressTestCase: Sendable, CustomStringConvertible {
    var text: String
    var style: String
    var oldCommuneCode: String
    /// The successors from lineage.csv; one means `converted`, several mean `ambiguous` with all of them.
    var expected: Set<String>
    var partial: Bool
    var kept: String

    var description: String { "[\(style)] \(text) → \(expected.sorted())" }
}

/// A small deterministic generator (SplitMix64), so every run builds the same set.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum AddressTestSet {
    static let abbreviations: [UnitType: [String]] = [
        .tinh: ["T."], .thanhPhoTrucThuocTrungUong: ["TP.", "Tp.", "TP"], .thanhPho: ["TP.", "Tp"],
        .huyen: ["H.", "h."], .quan: ["Q.", "Q"], .thiXa: ["TX.", "Tx"],
        .xa: ["X.", "x."], .phuong: ["P.", "P"], .thiTran: ["TT.", "Tt."],
    ]
    static let below = [
        "Số 12, Đường Lê Lợi", "Thôn 3", "Ấp Bình Thạnh", "Tổ 5, Khu phố 2", "Số 7 ngõ 45 phố Hàng Bạc",
        "Xóm Đồng", "Khu phố 4", "123/4 Nguyễn Trãi", "Tổ dân phố Tân Tiến", "Bản Nà Cà",
    ]
    static let styles = ["formal", "noDiacritics", "abbreviated", "noTypeWords", "upper", "lower",
                         "messyPunctuation", "noCommas", "glued", "altName", "withCountry", "newProvinceName"]

    static func stripMarks(_ text: String) -> String {
        var out = ""
        for character in text {
            let folded = FoldKey.fold(String(character))
            if folded.isEmpty || character.isWhitespace || character.isPunctuation {
                out.append(character)
            } else if character.isUppercase {
                out.append(folded.uppercased())
            } else {
                out.append(folded)
            }
        }
        return out
    }

    static func make(gazetteer: Gazetteer, count: Int, seed: UInt64 = 20_250_701) -> [AddressTestCase] {
        var rng = SplitMix64(state: seed)
        let communes = gazetteer.legacyCommunes.values.sorted { $0.code < $1.code }
        let split = communes.filter { (gazetteer.successors[$0.code]?.count ?? 0) > 1 }
        let withAlt = communes.filter { $0.altName != nil }
        var cases: [AddressTestCase] = []
        // Every split commune once, the rest drawn at random.
        var picks = split
        while picks.count < count { picks.append(communes.randomElement(using: &rng)!) }
        for (index, commune) in picks.enumerated() {
            let style = styles[index % styles.count]
            let unit = style == "altName" ? (withAlt.randomElement(using: &rng) ?? commune) : commune
            guard let district = gazetteer.legacyDistricts[unit.parentCode ?? ""],
                  let province = gazetteer.legacyProvinces[unit.provinceCode],
                  let edges = gazetteer.successors[unit.code] else { continue }
            let kept = below.randomElement(using: &rng)!
            let communeName = style == "altName" ? (unit.altName ?? unit.name) : unit.name
            var provinceName = province.name
            if style == "newProvinceName", let new = gazetteer.provinceSuccessor[province.code],
               let newProvince = gazetteer.currentProvinces[new] {
                provinceName = newProvince.name
            }
            var parts = [kept, communeName, district.name, provinceName]
            switch style {
            case "noDiacritics":
                parts = parts.map(stripMarks)
            case "abbreviated":
                let types = [unit.type, district.type, province.type]
                for (offset, type) in types.enumerated() {
                    let word = type.typeWord
                    let short = abbreviations[type]?.randomElement(using: &rng) ?? word
                    let name = parts[offset + 1]
                    if name.hasPrefix(word + " ") { parts[offset + 1] = short + " " + name.dropFirst(word.count + 1) }
                }
            case "noTypeWords":
                let types = [unit.type, district.type, province.type]
                for (offset, type) in types.enumerated() {
                    let short = type.shortName(of: parts[offset + 1])
                    // A bare number cannot name a unit, so numbered communes and districts keep their type word.
                    if !short.allSatisfy(\.isNumber) { parts[offset + 1] = short }
                }
            case "upper":
                parts = parts.map { $0.uppercased() }
            case "lower":
                parts = parts.map { $0.lowercased() }
            case "messyPunctuation":
                let joined = "  " + parts[0] + " ,,  " + parts[1] + "  ;" + parts[2] + " - " + parts[3] + ". "
                cases.append(testCase(joined, style, unit, edges, parts[0]))
                continue
            case "noCommas":
                let text = stripMarks(parts.joined(separator: " ")).lowercased()
                cases.append(testCase(text, style, unit, edges, stripMarks(parts[0]).lowercased()))
                continue
            case "glued":
                for (offset, type) in [(1, unit.type), (2, district.type)] {
                    let short = type.shortName(of: parts[offset])
                    if short.allSatisfy(\.isNumber), let letter = [UnitType.phuong: "P", .quan: "Q"][type] {
                        parts[offset] = letter + short
                    }
                }
                parts[3] = province.code == "79" ? "TP.HCM" : province.code == "01" ? "HN" : parts[3]
            case "withCountry":
                parts.append("Việt Nam")
            default:
                break
            }
            cases.append(testCase(parts.joined(separator: ", "), style, unit, edges, parts[0]))
        }
        return cases
    }

    private static func testCase(
        _ text: String, _ style: String, _ unit: AdministrativeUnit, _ edges: [LineageEdge], _ kept: String
    ) -> AddressTestCase {
        AddressTestCase(
            text: text, style: style, oldCommuneCode: unit.code, expected: Set(edges.map(\.newCode)),
            partial: edges.count == 1 && (edges[0].partial ?? false), kept: kept
        )
    }
}
