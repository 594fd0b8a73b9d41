import Domain
import Testing

/// Surplus and shortage arithmetic and the rotations that even them out, table-driven.
@Suite("staffing rules")
struct StaffingRulesTests {
    static func position(_ unit: String, _ skill: SkillField, _ quota: Int, province: String = "01", agency: String = "") -> Position {
        Position(
            id: "\(unit)-\(agency)-\(skill.rawValue)-\(quota)", provinceCode: province, unitCode: unit, agencyCode: agency, title: skill.vietnamese,
            skill: skill, quota: quota
        )
    }

    static func staff(
        _ unit: String, _ skill: SkillField, _ category: StaffCategory, _ people: Int, province: String = "01", agency: String = ""
    ) -> StaffCount {
        StaffCount(provinceCode: province, unitCode: unit, agencyCode: agency, skill: skill, category: category, people: people)
    }

    struct GapRow: Sendable, CustomTestStringConvertible {
        var name: String
        var positions: [Position]
        var staff: [StaffCount]
        /// (unit or unit/agency, skill, quota, people, part-time, gap)
        var expected: [(String, SkillField, Int, Int, Int, Int)]
        var testDescription: String { name }
    }

    static let gapRows: [GapRow] = [
        GapRow(name: "quota met", positions: [position("00004", .land, 2)], staff: [staff("00004", .land, .civilServant, 2)],
               expected: [("00004", .land, 2, 2, 0, 0)]),
        GapRow(name: "two positions of one skill add up; civil servants and officials count",
               positions: [position("00004", .finance, 2), position("00004", .finance, 1)],
               staff: [staff("00004", .finance, .civilServant, 1), staff("00004", .finance, .official, 1)],
               expected: [("00004", .finance, 3, 2, 0, -1)]),
        GapRow(name: "people without quota are all surplus", positions: [], staff: [staff("00008", .planning, .publicEmployee, 3)],
               expected: [("00008", .planning, 0, 3, 0, 3)]),
        GapRow(name: "quota without people is all shortage", positions: [position("00008", .informationTechnology, 2)], staff: [],
               expected: [("00008", .informationTechnology, 2, 0, 0, -2)]),
        GapRow(name: "part-time staff hold no quota and are reported apart",
               positions: [position("00004", .legal, 1)], staff: [staff("00004", .legal, .partTime, 4)],
               expected: [("00004", .legal, 1, 0, 4, -1)]),
        GapRow(name: "skills and units are kept apart",
               positions: [position("00004", .land, 1), position("00008", .land, 1)],
               staff: [staff("00004", .construction, .civilServant, 1), staff("00008", .land, .civilServant, 2)],
               expected: [("00004", .land, 1, 0, 0, -1), ("00004", .construction, 0, 1, 0, 1), ("00008", .land, 1, 2, 0, 1)]),
        GapRow(name: "agencies named in both registers are kept apart",
               positions: [position("00004", .land, 2, agency: "KT"), position("00004", .land, 1, agency: "VP")],
               staff: [staff("00004", .land, .civilServant, 1, agency: "KT"), staff("00004", .land, .civilServant, 3, agency: "VP")],
               expected: [("00004/KT", .land, 2, 1, 0, -1), ("00004/VP", .land, 1, 3, 0, 2)]),
        GapRow(name: "one register naming no agency: the unit and skill are counted as one, not as a false shortage and surplus",
               positions: [position("00004", .land, 2, agency: "KT")], staff: [staff("00004", .land, .civilServant, 2)],
               expected: [("00004", .land, 2, 2, 0, 0)]),
        GapRow(name: "an agency named for one skill and not another",
               positions: [position("00004", .land, 2, agency: "KT"), position("00004", .legal, 1)],
               staff: [staff("00004", .land, .civilServant, 2, agency: "KT"), staff("00004", .legal, .civilServant, 1)],
               expected: [("00004/KT", .land, 2, 2, 0, 0), ("00004", .legal, 1, 1, 0, 0)]),
    ]

    @Test("quota against people, per unit and skill", arguments: gapRows)
    func gaps(_ row: GapRow) {
        let gaps = StaffingRules.gaps(positions: row.positions, staff: row.staff)
        #expect(gaps.map { "\($0.unitCode)\($0.agencyCode.isEmpty ? "" : "/" + $0.agencyCode) \($0.skill) \($0.quota) \($0.people) \($0.partTime) \($0.gap)" }
            == row.expected.map { "\($0.0) \($0.1) \($0.2) \($0.3) \($0.4) \($0.5)" })
        for gap in gaps { #expect(gap.surplus - gap.shortage == gap.gap && min(gap.surplus, gap.shortage) == 0) }
    }

    static func gap(_ unit: String, _ skill: SkillField, _ gap: Int, province: String = "01", agency: String = "") -> StaffingGap {
        StaffingGap(provinceCode: province, unitCode: unit, agencyCode: agency, skill: skill, quota: max(0, -gap), people: max(0, gap), partTime: 0)
    }

    struct RotationRow: Sendable, CustomTestStringConvertible {
        var name: String
        var gaps: [StaffingGap]
        /// "skill from→to people"
        var expected: [String]
        var testDescription: String { name }
    }

    static let rotationRows: [RotationRow] = [
        RotationRow(name: "one surplus fills one shortage", gaps: [gap("00004", .land, 2), gap("00008", .land, -2)], expected: ["land 00004→00008 2"]),
        RotationRow(name: "never more than the surplus", gaps: [gap("00004", .land, 1), gap("00008", .land, -3)], expected: ["land 00004→00008 1"]),
        RotationRow(name: "never more than the shortage", gaps: [gap("00004", .land, 5), gap("00008", .land, -2)], expected: ["land 00004→00008 2"]),
        RotationRow(name: "the largest shortage first, from the largest surplus",
                    gaps: [gap("00004", .land, 1), gap("00011", .land, 3), gap("00008", .land, -1), gap("00012", .land, -3)],
                    expected: ["land 00011→00012 3", "land 00004→00008 1"]),
        RotationRow(name: "a shortage filled from two surpluses", gaps: [gap("00004", .land, 1), gap("00011", .land, 2), gap("00008", .land, -3)],
                    expected: ["land 00011→00008 2", "land 00004→00008 1"]),
        RotationRow(name: "no rotation across skills", gaps: [gap("00004", .land, 2), gap("00008", .finance, -2)], expected: []),
        RotationRow(name: "no rotation across provinces",
                    gaps: [gap("00004", .land, 2), gap("26734", .land, -2, province: "79")], expected: []),
        RotationRow(name: "a unit's offices even out among themselves, not by rotation; only what is left moves",
                    gaps: [gap("00004", .land, 3, agency: "KT"), gap("00004", .land, -2, agency: "VP"), gap("00008", .land, -4)],
                    expected: ["land 00004→00008 1"]),
    ]

    @Test("rotations even out surplus and shortage within a province and skill", arguments: rotationRows)
    func rotations(_ row: RotationRow) {
        let proposed = StaffingRules.rotations(row.gaps)
        #expect(proposed.map { "\($0.skill.rawValue) \($0.from)→\($0.to) \($0.people)" } == row.expected)
        for rotation in proposed {
            #expect(rotation.people > 0)
            #expect(row.gaps.contains { $0.unitCode == rotation.from && $0.provinceCode == rotation.provinceCode && $0.skill == rotation.skill })
        }
        for unit in Set(row.gaps.map(\.unitCode)) {
            let surplus = row.gaps.filter { $0.unitCode == unit }.reduce(0) { $0 + $1.surplus }
            let shortage = row.gaps.filter { $0.unitCode == unit }.reduce(0) { $0 + $1.shortage }
            #expect(proposed.filter { $0.from == unit }.reduce(0) { $0 + $1.people } <= surplus)
            #expect(proposed.filter { $0.to == unit }.reduce(0) { $0 + $1.people } <= shortage)
        }
    }
}
