/// Reads pre-reform addresses ("…, xã/phường, quận/huyện, tỉnh") as people write them and answers with
/// the current commune and province.
///
/// The text is read from its end: province, then district, then commune, each optional but the commune,
/// each optionally preceded by its type word or an abbreviation. Every reading of the text is scored and
/// only the best ones count; if they name different old communes, or the old commune was split, the
/// answer lists every candidate instead of choosing one.
public struct AddressConverter: Sendable {
    public let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
    }

    struct Match {
        /// First word, type word included.
        var start: Int
        var nameStart: Int
        var end: Int
        var typed: Bool
        var typeAgrees: Bool
        var aligned: Bool
    }

    struct Score: Comparable {
        var levels = 0
        /// The province name was read as the pre-reform province that bore it.
        var formerProvince = 0
        var agreeing = 0
        var typed = 0
        var aligned = 0

        mutating func add(_ match: Match) {
            levels += 1
            if match.typeAgrees { agreeing += 1 }
            if match.typed { typed += 1 }
            if match.aligned { aligned += 1 }
        }

        static func < (lhs: Score, rhs: Score) -> Bool {
            (lhs.levels, lhs.formerProvince, lhs.agreeing, lhs.typed, lhs.aligned)
                < (rhs.levels, rhs.formerProvince, rhs.agreeing, rhs.typed, rhs.aligned)
        }
    }

    /// One way of reading the text: the old unit it names (a commune, or a district that had none) and
    /// where that unit's words start.
    struct Reading {
        var match: Match
        var entry: Gazetteer.Entry
        var isDistrict: Bool
    }

    public func convert(_ text: String) -> AddressConversion {
        let tokens = AddressTokens(text, vocabulary: gazetteer.vocabulary)
        guard tokens.count > 0 else { return .notFound(text) }
        var best: [Reading] = []
        var bestScore = Score()
        var partialStart = Int.max
        let allProvinces = UInt64.max

        // A name that a pre-reform province bore and a current province bears is read both ways; the
        // former reading scores higher when both find the address.
        let provinces = matches(tokens, end: tokens.count, level: .province, index: gazetteer.provinceNames) { key -> [(UInt64, Bool)] in
            guard let masks = gazetteer.provinceNames[key] else { return [] }
            let secondary = masks.secondary & ~masks.primary
            return (masks.primary != 0 ? [(masks.primary, true)] : []) + (secondary != 0 ? [(secondary, false)] : [])
        }
        for province in [nil] + provinces.map(Optional.some) {
            let provinceMask = province?.1.0 ?? allProvinces
            let afterProvince = province?.0.start ?? tokens.count
            var base = Score()
            if let province {
                base.add(province.0)
                if province.1.1 { base.formerProvince = 1 }
                partialStart = min(partialStart, province.0.start)
            }
            let districts = matches(tokens, end: afterProvince, level: .district, index: gazetteer.districtNames) { key -> [Gazetteer.Entry] in
                (gazetteer.districtNames[key] ?? []).filter { provinceMask & (1 << UInt64($0.province)) != 0 }
            }
            for district in [nil] + districts.map(Optional.some) {
                let afterDistrict = district?.0.start ?? afterProvince
                var score = base
                if let district { score.add(district.0); partialStart = min(partialStart, district.0.start) }
                var found = matches(tokens, end: afterDistrict, level: .commune, index: gazetteer.communeNames) { key -> [Gazetteer.Entry] in
                    (gazetteer.communeNames[key] ?? []).filter { commune in
                        if let district { return commune.district == district.1.unit }
                        return provinceMask & (1 << UInt64(commune.province)) != 0
                    }
                }.map { (match, entry) -> (Reading, Score) in
                    var full = score
                    full.add(match)
                    return (Reading(match: match, entry: entry, isDistrict: false), full)
                }
                // Districts that had no communes went whole into a special zone.
                if found.isEmpty, let district,
                   gazetteer.successors[gazetteer.legacyDistrictList[Int(district.1.unit)].code] != nil {
                    found = [(Reading(match: district.0, entry: district.1, isDistrict: true), score)]
                }
                for (reading, score) in found {
                    if score < bestScore { continue }
                    if score == bestScore {
                        best.append(reading)
                    } else {
                        best = [reading]
                        bestScore = score
                    }
                }
            }
        }

        guard !best.isEmpty else {
            if let current = readCurrent(tokens) { return current.answer }
            let unrecognized = tokens.prefix(before: min(partialStart, tokens.count))
            return .notFound(unrecognized.isEmpty ? text : unrecognized)
        }
        // A text already in current units can also read as old ones, worse: in "Phường Hương Trà, Thành phố
        // Huế" the old reading is Hà Nội's "Phường Phố Huế", in "Phường Nguyệt Hóa, Tỉnh Vĩnh Long" an old
        // commune named "Hóa", neither typed nor on a comma. The current reading wins only when it reads
        // strictly better. On a tie both readings are offered when they differ: "Phường Hố Nai, Tỉnh Đồng Nai"
        // is today's Hố Nai, or the old Hố Nai ward of Biên Hòa that went to Long Bình.
        var legacy = bestScore
        legacy.formerProvince = 0
        let current = readCurrent(tokens)
        if let current, legacy < current.score { return current.answer }
        var old = answer(best, tokens: tokens)
        guard let current, legacy == current.score, let code = current.answer.communeCode, let address = current.answer.address,
              old.status != .notFound, old.communeCode != code, !old.candidates.contains(where: { $0.communeCode == code }),
              let unit = gazetteer.currentCommunes[code] else { return old }
        let alternative = AddressConversion.Candidate(
            communeCode: code, provinceCode: unit.provinceCode, address: address, reason: .currentName,
            reasonText: "Địa chỉ cũng khớp với \(unit.name) hiện nay (đọc như địa chỉ đã viết theo đơn vị hành chính mới)",
            oldCommuneCode: "", partial: false
        )
        if old.status == .converted, let first = old.communeCode, let province = old.provinceCode, let oldAddress = old.address {
            let unitName = old.old?.name ?? first
            old = ambiguous([AddressConversion.Candidate(
                communeCode: first, provinceCode: province, address: oldAddress, reason: .sameName,
                reasonText: "Đọc như địa chỉ cũ: \(unitName) nay thuộc đơn vị này", oldCommuneCode: old.old?.communeCode ?? "",
                partial: old.partial
            )])
        }
        old.candidates.append(alternative)
        return old
    }

    /// Every reading of the words ending at `end` as a unit of `level`, with what each names.
    private func matches<Value>(
        _ tokens: AddressTokens, end: Int, level: AdministrativeLevel, index: NameIndex<some Sendable>,
        names: (NameKey) -> [Value]
    ) -> [(Match, Value)] {
        guard end > 0, index.canEnd(with: tokens.ids[end - 1]) else { return [] }
        var result: [(Match, Value)] = []
        for length in stride(from: min(gazetteer.maxNameTokens, end), through: 1, by: -1) {
            let nameStart = end - length
            // No unit's name holds a comma: "TT. Ba, Xã Ba Tơ" must not read "Ba, Xã" as the old "Ba Xa"
            // (found by scripts/fuzz-parser).
            guard tokens.segments[nameStart] == tokens.segments[end - 1] else { continue }
            guard index.canStart(with: tokens.ids[nameStart]), let key = tokens.key(nameStart..<end) else { continue }
            let values = names(key)
            guard !values.isEmpty else { continue }
            var typeWord: Set<UnitType>?
            var typeWordLength = 0
            // A type word sits in the name's own segment: in "Thị, Xã Nguyễn Bỉnh Khiêm" the comma keeps
            // "Thị" and "Xã" from reading as "Thị xã".
            for words in [2, 1] where nameStart >= words && tokens.segments[nameStart - words] == tokens.segments[nameStart] {
                if gazetteer.typeWords.canEnd(with: tokens.ids[nameStart - 1]),
                   let typeKey = tokens.key((nameStart - words)..<nameStart), let types = gazetteer.typeWords[typeKey] {
                    typeWord = types
                    typeWordLength = words
                    break
                }
            }
            let fitsLevel = typeWord?.contains(where: { $0.level == level }) ?? false
            // A bare number is a house number, not a unit, unless a type word says otherwise.
            let bareNumber = length == 1 && tokens.words[nameStart].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
            // The words before a province or district name may also end the name below it ("Văn Quán,
            // Hà Đông": "quán" is not a type word there), so both readings are kept and scored. Before a
            // commune nothing else can take them, and a type word of another level means the name is not
            // a commune's ("Quận Ba Đình").
            var starts: [(Int, Bool)] = []
            if fitsLevel { starts.append((nameStart - typeWordLength, true)) }
            if !bareNumber, level != .commune || typeWord == nil { starts.append((nameStart, false)) }
            for (start, typed) in starts {
                let aligned = (start == 0 || tokens.segments[start - 1] != tokens.segments[start])
                    && (end == tokens.count || tokens.segments[end] != tokens.segments[end - 1])
                for value in values {
                    var agrees = typed
                    if typed, let typeWord, let entry = value as? Gazetteer.Entry { agrees = typeWord.contains(entry.type) }
                    let match = Match(start: start, nameStart: nameStart, end: end, typed: typed, typeAgrees: agrees, aligned: aligned)
                    result.append((match, value))
                }
            }
        }
        return result
    }

    private func unit(of reading: Reading) -> AdministrativeUnit {
        reading.isDistrict ? gazetteer.legacyDistrictList[Int(reading.entry.unit)] : gazetteer.legacyCommuneList[Int(reading.entry.unit)]
    }

    private func answer(_ readings: [Reading], tokens: AddressTokens) -> AddressConversion {
        // A match on a unit's own name beats one on its other spelling.
        var readings = readings
        if readings.contains(where: { !$0.entry.alt }) { readings.removeAll(where: \.entry.alt) }
        var oldUnits: [AdministrativeUnit] = []
        var seen: Set<String> = []
        for reading in readings {
            let unit = unit(of: reading)
            if seen.insert(unit.code).inserted { oldUnits.append(unit) }
        }
        if oldUnits.count > 1 {
            // Folding made "Châu Bình" and "Châu Bính" one key; the text's own marks, when it has them, decide.
            let exact = readings.filter { reading in
                let written = FoldKey.spelling(String(
                    tokens.text[tokens.ranges[reading.match.nameStart].lowerBound..<tokens.ranges[reading.match.end - 1].upperBound]
                ))
                let unit = unit(of: reading)
                return written == FoldKey.spelling(unit.shortName)
                    || unit.altName.map { written == FoldKey.spelling(unit.type.shortName(of: $0)) } ?? false
            }
            if !exact.isEmpty, exact.count < readings.count { return answer(exact, tokens: tokens) }
        }
        let kept = tokens.prefix(before: readings.map(\.match.start).min() ?? tokens.count)
        if oldUnits.count == 1 {
            return conversion(of: oldUnits[0], kept: kept)
        }
        var candidates: [AddressConversion.Candidate] = []
        for unit in oldUnits {
            let district = unit.level == .commune ? gazetteer.legacyDistricts[unit.parentCode ?? ""] : unit
            let place = [district?.name, gazetteer.legacyProvinces[unit.provinceCode]?.name].compactMap { $0 }.joined(separator: ", ")
            for edge in gazetteer.successors[unit.code] ?? [] {
                candidates.append(candidate(edge, kept: kept, reason: .sameName,
                                            text: "Địa chỉ khớp với nhiều đơn vị cũ; đây là \(unit.name) (\(place))"))
            }
        }
        return ambiguous(candidates)
    }

    private func conversion(of old: AdministrativeUnit, kept: String) -> AddressConversion {
        let edges = gazetteer.successors[old.code] ?? []
        if edges.count == 1, let edge = edges.first {
            var conversion = converted(edge, kept: kept)
            conversion.old = AddressConversion.OldUnit(
                communeCode: old.level == .commune ? old.code : nil,
                districtCode: old.level == .district ? old.code : old.parentCode,
                provinceCode: old.provinceCode, name: old.name
            )
            return conversion
        }
        guard !edges.isEmpty else { return .notFound(kept) }
        let text = "\(old.name) đã được chia về \(edges.count) đơn vị hành chính mới"
        return ambiguous(edges.map { candidate($0, kept: kept, reason: .split, text: text) })
    }

    /// The successors of an old commune (5 digits) or of a district that had no communes (3 digits).
    public func convert(oldCode code: String) throws(GeographyError) -> AddressConversion {
        guard let level = AdministrativeLevel.forCode(code), level != .province else { throw .invalidCode(code) }
        let unit = level == .commune ? gazetteer.legacyCommunes[code] : gazetteer.legacyDistricts[code]
        guard let unit, gazetteer.successors[code] != nil else {
            throw .unknownUnit(level: level, code: code, at: Reform.lastLegacyDate)
        }
        return conversion(of: unit, kept: "")
    }

    private func newAddress(kept: String, communeCode: String, provinceCode: String) -> String {
        let commune = gazetteer.currentCommunes[communeCode]?.name ?? communeCode
        let province = gazetteer.currentProvinces[provinceCode]?.name ?? provinceCode
        return kept.isEmpty ? "\(commune), \(province)" : "\(kept), \(commune), \(province)"
    }

    private func converted(_ edge: LineageEdge, kept: String) -> AddressConversion {
        AddressConversion(
            status: .converted, communeCode: edge.newCode, provinceCode: edge.newProvinceCode,
            address: newAddress(kept: kept, communeCode: edge.newCode, provinceCode: edge.newProvinceCode),
            partial: edge.partial ?? false, candidates: [], unrecognized: nil, old: nil, alreadyCurrent: false
        )
    }

    private func candidate(
        _ edge: LineageEdge, kept: String, reason: AddressConversion.Reason, text: String
    ) -> AddressConversion.Candidate {
        AddressConversion.Candidate(
            communeCode: edge.newCode, provinceCode: edge.newProvinceCode,
            address: newAddress(kept: kept, communeCode: edge.newCode, provinceCode: edge.newProvinceCode),
            reason: reason, reasonText: text, oldCommuneCode: edge.oldCode, partial: edge.partial ?? false
        )
    }

    private func ambiguous(_ candidates: [AddressConversion.Candidate]) -> AddressConversion {
        AddressConversion(
            status: .ambiguous, communeCode: nil, provinceCode: nil, address: nil, partial: false,
            candidates: candidates, unrecognized: nil, old: nil, alreadyCurrent: false
        )
    }

    /// An address already written in the two-tier form: commune and province of today.
    private func readCurrent(_ tokens: AddressTokens) -> (answer: AddressConversion, score: Score)? {
        let provinces = matches(tokens, end: tokens.count, level: .province, index: gazetteer.currentProvinceNames) { key -> [UInt64] in
            gazetteer.currentProvinceNames[key].map { [$0] } ?? []
        }
        guard let province = provinces.first else { return nil }
        let communes = matches(tokens, end: province.0.start, level: .commune, index: gazetteer.currentCommuneNames) { key -> [Gazetteer.Entry] in
            (gazetteer.currentCommuneNames[key] ?? []).filter { province.1 & (1 << UInt64($0.province)) != 0 }
        }
        guard let best = communes.first else { return nil }
        var units = Set(communes.filter { $0.0.start == best.0.start }.map(\.1.unit))
        if units.count > 1 {
            // Folding made "Tân Thạnh" and "Tân Thành" one key; the text's own marks, when it has them, decide.
            let written = FoldKey.spelling(String(
                tokens.text[tokens.ranges[best.0.nameStart].lowerBound..<tokens.ranges[best.0.end - 1].upperBound]
            ))
            units = units.filter { written == FoldKey.spelling(gazetteer.currentCommuneList[Int($0)].shortName) }
        }
        guard units.count == 1, let only = units.first else { return nil }
        let unit = gazetteer.currentCommuneList[Int(only)]
        var score = Score()
        score.add(province.0)
        score.add(best.0)
        let answer = AddressConversion(
            status: .converted, communeCode: unit.code, provinceCode: unit.provinceCode,
            address: newAddress(kept: tokens.prefix(before: best.0.start), communeCode: unit.code, provinceCode: unit.provinceCode),
            partial: false, candidates: [], unrecognized: nil, old: nil, alreadyCurrent: true
        )
        return (answer, score)
    }
}
