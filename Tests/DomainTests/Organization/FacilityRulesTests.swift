import Domain
import Testing

/// Surplus facilities' plans and deadlines, and equipment surplus and shortage, table-driven.
@Suite("facility rules")
struct FacilityRulesTests {
    static let asOf = LocalDate(year: 2025, month: 10, day: 1)!

    static func facility(
        _ status: Facility.Status, use: Facility.PlannedUse? = nil, responsible: String? = nil, deadline: LocalDate? = nil,
        progress: Facility.Progress = .notStarted, area: Int = 500
    ) -> Facility {
        Facility(
            id: "f", provinceCode: "01", unitCode: "00004", name: "Trụ sở UBND phường cũ", kind: .office, areaSquareMetres: area,
            condition: .fair, status: status, plannedUse: use, responsible: responsible, deadline: deadline, progress: progress
        )
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var facility: Facility
        var problems: [String]
        var attention: FacilityRules.Attention?
        var testDescription: String { name }
    }

    static let september = LocalDate(year: 2025, month: 9, day: 30)!
    static let december = LocalDate(year: 2025, month: 12, day: 31)!

    static let rows: [Row] = [
        Row(name: "in use: nothing to do", facility: facility(.inUse), problems: [], attention: nil),
        Row(name: "in use with a plan is refused", facility: facility(.inUse, use: .health), problems: ["planned_use"], attention: nil),
        Row(name: "surplus without a plan needs one", facility: facility(.surplus), problems: [], attention: .noPlan),
        Row(name: "work started without a plan is refused", facility: facility(.surplus, progress: .inProgress), problems: ["planned_use"],
            attention: .noPlan),
        Row(name: "a plan needs a body and a deadline", facility: facility(.surplus, use: .education), problems: ["responsible", "deadline"],
            attention: .noPlan),
        Row(name: "a plan in time", facility: facility(.surplus, use: .education, responsible: "Sở Giáo dục", deadline: december),
            problems: [], attention: nil),
        Row(name: "a plan past its deadline", facility: facility(.surplus, use: .health, responsible: "Sở Y tế", deadline: september,
                                                                  progress: .inProgress), problems: [], attention: .overdue),
        Row(name: "due today is not yet overdue", facility: facility(.surplus, use: .auction, responsible: "Sở Tài chính", deadline: asOf),
            problems: [], attention: nil),
        Row(name: "done, even late, needs nothing", facility: facility(.surplus, use: .publicWorks, responsible: "UBND phường",
                                                                       deadline: september, progress: .done), problems: [], attention: nil),
        Row(name: "an area of zero is refused", facility: facility(.inUse, area: 0), problems: ["area_m2"], attention: nil),
    ]

    @Test("a facility's problems and whether it needs attention", arguments: rows)
    func check(_ row: Row) {
        #expect(FacilityRules.problems(row.facility).map(\.field) == row.problems)
        #expect(FacilityRules.attention(row.facility, asOf: Self.asOf) == row.attention)
    }

    @Test("equipment: surplus to transfer, shortage to supply, never both")
    func equipment() {
        for (have, needed, surplus, shortage) in [(5, 3, 2, 0), (1, 4, 0, 3), (2, 2, 0, 0), (0, 0, 0, 0)] {
            let count = EquipmentCount(provinceCode: "01", unitCode: "00004", kind: .computer, have: have, needed: needed)
            #expect(count.surplus == surplus && count.shortage == shortage)
        }
    }
}
