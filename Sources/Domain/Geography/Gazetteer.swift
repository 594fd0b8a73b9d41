/// The units and lineage held in memory, indexed for address reading and lineage look-ups.
///
/// Built once from the store at start; read-only afterwards, so any number of requests share it.
public final class Gazetteer: Sendable {
    public let legacyProvinces: [String: AdministrativeUnit]
    public let legacyDistricts: [String: AdministrativeUnit]
    public let legacyCommunes: [String: AdministrativeUnit]
    public let currentProvinces: [String: AdministrativeUnit]
    public let currentCommunes: [String: AdministrativeUnit]
    /// Old commune (or commune-less district) code → its edges to current communes.
    public let successors: [String: [LineageEdge]]
    /// Current commune code → the edges of the old units that went into it.
    public let predecessors: [String: [LineageEdge]]
    /// Old province code → current province code.
    public let provinceSuccessor: [String: String]

    /// A unit in a name index: numbers instead of codes, so reading an address copies no strings.
    struct Entry: Sendable {
        /// Position in the level's unit list.
        var unit: Int32
        /// Position of the pre-reform district (communes), -1 otherwise.
        var district: Int32
        /// Position of the province in its list (bit of a province mask).
        var province: Int32
        var type: UnitType
        /// Matched by its other spelling.
        var alt: Bool
    }

    let vocabulary: Vocabulary
    let legacyProvinceList: [AdministrativeUnit]
    let legacyDistrictList: [AdministrativeUnit]
    let legacyCommuneList: [AdministrativeUnit]
    let currentProvinceList: [AdministrativeUnit]
    let currentCommuneList: [AdministrativeUnit]
    /// Pre-reform provinces a name may mean (bit = position in `legacyProvinceList`): `primary` those
    /// that bore the name, `secondary` those merged into the current province of that name.
    struct ProvinceMasks: Sendable {
        var primary: UInt64 = 0
        var secondary: UInt64 = 0
    }

    let provinceNames: NameIndex<ProvinceMasks>
    let districtNames: NameIndex<[Entry]>
    let communeNames: NameIndex<[Entry]>
    /// Name → mask of current provinces (bit = position in `currentProvinceList`).
    let currentProvinceNames: NameIndex<UInt64>
    let currentCommuneNames: NameIndex<[Entry]>
    let typeWords: NameIndex<Set<UnitType>>
    let maxNameTokens: Int

    /// Other ways people write province names, folded; they name pre-reform provinces.
    static let provinceAliases: [String: [String]] = [
        "hn": ["01"], "tp hn": ["01"],
        "hcm": ["79"], "tp hcm": ["79"], "tphcm": ["79"], "sai gon": ["79"], "sg": ["79"],
        "thua thien hue": ["46"], "tt hue": ["46"], "thua thien": ["46"],
        "brvt": ["77"], "br vt": ["77"],
        "daklak": ["66"], "dac lac": ["66"], "daknong": ["67"], "dac nong": ["67"],
    ]

    public convenience init(_ dataset: GeographyDataset) {
        self.init(units: dataset.units, lineage: dataset.lineage)
    }

    public init(units: [AdministrativeUnit], lineage: [LineageEdge]) {
        func list(_ level: AdministrativeLevel, at date: LocalDate) -> [AdministrativeUnit] {
            units.filter { $0.level == level && $0.isValid(at: date) }.sorted { $0.code < $1.code }
        }
        func byCode(_ list: [AdministrativeUnit]) -> [String: AdministrativeUnit] {
            Dictionary(list.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let legacyProvinceList = list(.province, at: Reform.lastLegacyDate)
        let legacyDistrictList = list(.district, at: Reform.lastLegacyDate)
        let legacyCommuneList = list(.commune, at: Reform.lastLegacyDate)
        let currentProvinceList = list(.province, at: Reform.effectiveDate)
        let currentCommuneList = list(.commune, at: Reform.effectiveDate)

        var successors: [String: [LineageEdge]] = [:]
        var predecessors: [String: [LineageEdge]] = [:]
        var provinceSuccessor: [String: String] = [:]
        for edge in lineage {
            if edge.level == .province {
                provinceSuccessor[edge.oldCode] = edge.newCode
            } else {
                successors[edge.oldCode, default: []].append(edge)
                predecessors[edge.newCode, default: []].append(edge)
            }
        }

        func positions(_ list: [AdministrativeUnit]) -> [String: Int32] {
            Dictionary(list.enumerated().map { ($0.element.code, Int32($0.offset)) }, uniquingKeysWith: { first, _ in first })
        }
        let legacyProvinceIndex = positions(legacyProvinceList)
        let legacyDistrictIndex = positions(legacyDistrictList)
        let currentProvinceIndex = positions(currentProvinceList)
        func mask(_ codes: [String], _ index: [String: Int32]) -> UInt64 {
            codes.reduce(0) { mask, code in index[code].map { mask | (1 << UInt64($0)) } ?? mask }
        }

        var maxTokens = 1
        func names(of unit: AdministrativeUnit) -> [(String, Bool)] {
            var keys = [(unit.nameFold, false)]
            if let alt = unit.altName {
                let altType = UnitType.allCases.first { alt.lowercased().hasPrefix($0.typeWord.lowercased() + " ") } ?? unit.type
                let key = FoldKey.fold(altType.shortName(of: alt))
                if key != keys[0].0 { keys.append((key, true)) }
            }
            for (key, _) in keys { maxTokens = max(maxTokens, key.split(separator: " ").count) }
            return keys
        }
        func entries(_ list: [AdministrativeUnit], provinces: [String: Int32]) -> [String: [Entry]] {
            var result: [String: [Entry]] = [:]
            for (offset, unit) in list.enumerated() {
                let district = unit.level == .commune ? legacyDistrictIndex[unit.parentCode ?? ""] ?? -1 : -1
                for (key, alt) in names(of: unit) {
                    result[key, default: []].append(Entry(
                        unit: Int32(offset), district: district, province: provinces[unit.provinceCode] ?? -1,
                        type: unit.type, alt: alt
                    ))
                }
            }
            return result
        }

        var provinceNames: [String: ProvinceMasks] = [:]
        for unit in legacyProvinceList {
            for (key, _) in names(of: unit) { provinceNames[key, default: .init()].primary |= mask([unit.code], legacyProvinceIndex) }
        }
        // A pre-reform address sometimes already carries the new province's name.
        for unit in currentProvinceList {
            let olds = provinceSuccessor.filter { $0.value == unit.code }.map(\.key)
            for (key, _) in names(of: unit) { provinceNames[key, default: .init()].secondary |= mask(olds, legacyProvinceIndex) }
        }
        var currentProvinceNames: [String: UInt64] = [:]
        for unit in currentProvinceList {
            for (key, _) in names(of: unit) { currentProvinceNames[key, default: 0] |= mask([unit.code], currentProvinceIndex) }
        }
        for (alias, codes) in Self.provinceAliases {
            provinceNames[alias, default: .init()].primary |= mask(codes, legacyProvinceIndex)
            currentProvinceNames[alias, default: 0] |= mask(codes.compactMap { provinceSuccessor[$0] }, currentProvinceIndex)
        }
        let districtNames = entries(legacyDistrictList, provinces: legacyProvinceIndex)
        let communeNames = entries(legacyCommuneList, provinces: legacyProvinceIndex)
        let currentCommuneNames = entries(currentCommuneList, provinces: currentProvinceIndex)

        var vocabulary = Vocabulary()
        let phrases = [Array(provinceNames.keys), Array(currentProvinceNames.keys), Array(AddressTypeWord.words.keys),
                       Array(districtNames.keys), Array(communeNames.keys), Array(currentCommuneNames.keys)]
        for phrase in phrases.joined() { vocabulary.add(phrase: phrase) }

        self.legacyProvinces = byCode(legacyProvinceList)
        self.legacyDistricts = byCode(legacyDistrictList)
        self.legacyCommunes = byCode(legacyCommuneList)
        self.currentProvinces = byCode(currentProvinceList)
        self.currentCommunes = byCode(currentCommuneList)
        self.successors = successors
        self.predecessors = predecessors
        self.provinceSuccessor = provinceSuccessor
        self.legacyProvinceList = legacyProvinceList
        self.legacyDistrictList = legacyDistrictList
        self.legacyCommuneList = legacyCommuneList
        self.currentProvinceList = currentProvinceList
        self.currentCommuneList = currentCommuneList
        self.vocabulary = vocabulary
        self.provinceNames = vocabulary.index(provinceNames)
        self.districtNames = vocabulary.index(districtNames)
        self.communeNames = vocabulary.index(communeNames)
        self.currentProvinceNames = vocabulary.index(currentProvinceNames)
        self.currentCommuneNames = vocabulary.index(currentCommuneNames)
        self.typeWords = vocabulary.index(AddressTypeWord.words)
        self.maxNameTokens = min(maxTokens, NameKey.maxWords)
    }
}
