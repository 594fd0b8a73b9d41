import Domain
import Testing

struct AddressConverterTests {
    let converter = ReferenceGeography.converter
    let gazetteer = ReferenceGeography.gazetteer

    /// The acceptance set: at least 2,000 old addresses in every writing style, at least 99 % right and
    /// not one wrong single answer.
    @Test("generated old addresses in every writing style convert right")
    func generatedSet() {
        let cases = AddressTestSet.make(gazetteer: gazetteer, count: 3_000)
        #expect(cases.count >= 2_000)
        #expect(Set(cases.map(\.style)) == Set(AddressTestSet.styles))
        var right = 0
        var wrong: [String] = []
        var keptLost: [String] = []
        for testCase in cases {
            let answer = converter.convert(testCase.text)
            switch answer.status {
            case .converted:
                if testCase.expected.count == 1, answer.communeCode == testCase.expected.first {
                    right += 1
                    if answer.partial != testCase.partial { wrong.append("partial flag: \(testCase)") }
                    if !(answer.address ?? "").hasPrefix(testCase.kept) { keptLost.append("\(testCase) → \(answer.address ?? "")") }
                } else {
                    wrong.append("\(testCase) → \(answer.communeCode ?? "")")
                }
            case .ambiguous:
                let offered = Set(answer.candidates.map(\.communeCode))
                if testCase.expected.count > 1, offered == testCase.expected {
                    right += 1
                } else if !testCase.expected.isSubset(of: offered) {
                    wrong.append("\(testCase) → candidates \(offered.sorted())")
                }
            case .notFound:
                break
            }
        }
        let share = Double(right) / Double(cases.count)
        #expect(share >= 0.99, "right \(right) of \(cases.count)")
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(keptLost.isEmpty, "\(keptLost.prefix(10))")
    }

    @Test("every split old commune answers ambiguous with all its successors")
    func splitCommunes() {
        var checked = 0
        for (code, edges) in gazetteer.successors where edges.count > 1 {
            guard let commune = gazetteer.legacyCommunes[code],
                  let district = gazetteer.legacyDistricts[commune.parentCode ?? ""],
                  let province = gazetteer.legacyProvinces[commune.provinceCode] else { continue }
            let answer = converter.convert("\(commune.name), \(district.name), \(province.name)")
            #expect(answer.status == .ambiguous, "\(commune.name), \(district.name)")
            #expect(Set(answer.candidates.map(\.communeCode)) == Set(edges.map(\.newCode)))
            #expect(answer.candidates.allSatisfy { $0.reason == .split })
            let byCode = try? converter.convert(oldCode: code)
            #expect(Set(byCode?.candidates.map(\.communeCode) ?? []) == Set(edges.map(\.newCode)))
            checked += 1
        }
        #expect(checked == 440)
    }

    @Test("an old commune that went only partly into one successor converts with partial")
    func partialSingleSuccessor() throws {
        let partial = gazetteer.successors.filter { $0.value.count == 1 && $0.value[0].partial == true && $0.key.count == 5 }
        #expect(partial.count > 100)
        for (code, edges) in partial.prefix(50) {
            let answer = try converter.convert(oldCode: code)
            #expect(answer.status == .converted && answer.partial && answer.communeCode == edges[0].newCode)
        }
    }

    @Test("same-named communes of one province are told apart by their district")
    func sameNames() {
        var groups: [String: [AdministrativeUnit]] = [:]
        for commune in gazetteer.legacyCommunes.values {
            groups["\(commune.provinceCode) \(FoldKey.spelling(commune.name))", default: []].append(commune)
        }
        var checked = 0
        for communes in groups.values where communes.count > 1 {
            for commune in communes {
                guard let district = gazetteer.legacyDistricts[commune.parentCode ?? ""],
                      let province = gazetteer.legacyProvinces[commune.provinceCode],
                      let edges = gazetteer.successors[commune.code] else { continue }
                let withDistrict = converter.convert("\(commune.name), \(district.name), \(province.name)")
                let offered = withDistrict.status == .converted ? [withDistrict.communeCode!] : withDistrict.candidates.map(\.communeCode)
                #expect(Set(offered) == Set(edges.map(\.newCode)), "\(commune.name), \(district.name)")
                let withoutDistrict = converter.convert("\(commune.name), \(province.name)")
                let successorsOfAll = Set(communes.flatMap { gazetteer.successors[$0.code]?.map(\.newCode) ?? [] })
                if successorsOfAll.count > 1 {
                    #expect(withoutDistrict.status == .ambiguous, "\(commune.name), \(province.name)")
                    // Plus, when today's commune of that name is another, that one as `currentName`.
                    let asOld = withoutDistrict.candidates.filter { $0.reason != .currentName }
                    #expect(Set(asOld.map(\.communeCode)) == successorsOfAll)
                    for extra in withoutDistrict.candidates where extra.reason == .currentName {
                        #expect(gazetteer.currentCommunes[extra.communeCode]?.nameFold == commune.nameFold)
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test("text that names no unit says which part was not recognised")
    func notFound() {
        let answer = converter.convert("Thôn 3, Xã Không Tồn Tại, Huyện Phú Bình, Tỉnh Thái Nguyên")
        #expect(answer.status == .notFound)
        #expect(answer.unrecognized == "Thôn 3, Xã Không Tồn Tại")
        #expect(converter.convert("hello world").unrecognized == "hello world")
        #expect(converter.convert("   ").status == .notFound)
    }

    @Test("a district alone is not read as a commune of the same name")
    func districtOnly() {
        #expect(converter.convert("Quận Ba Đình, Thành phố Hà Nội").status == .notFound)
    }

    @Test("districts that had no communes went whole into a special zone")
    func communelessDistricts() {
        let answer = converter.convert("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu")
        #expect(answer.status == .converted)
        #expect(answer.address == "Đặc khu Côn Đảo, Thành phố Hồ Chí Minh")
    }

    @Test("an address already in the two-tier form is recognised, not converted")
    func alreadyCurrent() {
        let answer = converter.convert("Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội")
        #expect(answer.status == .converted && answer.alreadyCurrent)
        #expect(answer.communeCode == "00004")
        #expect(answer.address == "Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội")
    }

    @Test("worked examples", arguments: [
        ("Số 5 ngõ 12, P. Trúc Bạch, Q. Ba Đình, TP. Hà Nội", "00004", "Số 5 ngõ 12, Phường Ba Đình, Thành phố Hà Nội"),
        ("so 5 ngo 12 phuong truc bach quan ba dinh ha noi", "00004", "so 5 ngo 12, Phường Ba Đình, Thành phố Hà Nội"),
        ("123/4 Lê Lợi, P4, Q.5, TP.HCM", nil, nil),
    ])
    func examples(text: String, code: String?, address: String?) {
        let answer = converter.convert(text)
        #expect(answer.status != .notFound)
        if let code {
            #expect(answer.communeCode == code)
            #expect(answer.address == address)
        }
    }

    @Test("unknown and malformed old codes are errors")
    func badCodes() {
        #expect(throws: GeographyError.invalidCode("12")) { try converter.convert(oldCode: "12") }
        #expect(throws: GeographyError.invalidCode("abcde")) { try converter.convert(oldCode: "abcde") }
        #expect(throws: GeographyError.unknownUnit(level: .commune, code: "99999", at: Reform.lastLegacyDate)) {
            try converter.convert(oldCode: "99999")
        }
    }

    @Test("the reverse look-up lists the old units of a new commune")
    func predecessors() {
        let olds = Set(gazetteer.predecessors["00004"]?.map(\.oldName) ?? [])
        #expect(olds.contains("Phường Trúc Bạch"))
        #expect(olds.count > 1)
    }

    /// What the fuzzers found, kept from coming back.
    @Test("a name never spans a comma; a type word never spans a comma; a current address stays where it is", arguments: [
        ("TT. Ba, Xã Ba Tơ, Tỉnh Quảng Ngãi", "21484"),
        ("Thị, Xã Nguyễn Bỉnh Khiêm, Thành phố Hải Phòng", "11911"),
        ("Phường Hương Trà, Thành phố Huế", "19996"),
        ("Phường Nguyệt Hóa, Tỉnh Vĩnh Long", "29254"),
        ("Xã Tân Thạnh, Tỉnh Tây Ninh", "27826"),
    ])
    func fuzzFindings(text: String, commune: String) {
        let answer = converter.convert(text)
        let offered = answer.status == .converted ? [answer.communeCode ?? ""] : answer.candidates.map(\.communeCode)
        #expect(offered.contains(commune), "\(text) → \(answer.status) \(offered)")
        #expect(!offered.contains("21538"), "\(text) read a name across a comma")
    }
}
