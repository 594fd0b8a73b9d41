import Domain
import Testing

/// The review of a public service unit's functions: what a record must hold at each outcome, and when
/// the review is late — table-driven.
@Suite("public service unit rules")
struct PublicServiceUnitRulesTests {
    static let today = LocalDate(year: 2025, month: 10, day: 1)!
    static let september = LocalDate(year: 2025, month: 9, day: 30)!
    static let december = LocalDate(year: 2025, month: 12, day: 31)!

    static func unit(
        _ review: PublicServiceUnit.Review, decision: String? = nil, on: LocalDate? = nil, into: String? = nil, deadline: LocalDate? = nil,
        functions: String = "Giáo dục tiểu học", staff: Int = 30, group: Int? = 4
    ) -> PublicServiceUnit {
        PublicServiceUnit(
            id: "00004-TH", provinceCode: "01", unitCode: "00004", agencyCode: "000.00.04.H01", name: "Trường Tiểu học Ba Đình", sector: .education,
            functions: functions, staff: staff, autonomyGroup: group, review: review, reviewDeadline: deadline, decision: decision, decidedOn: on,
            mergedInto: into
        )
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var unit: PublicServiceUnit
        var problems: [String]
        var overdue: Bool
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "not reviewed yet, in time", unit: unit(.pending, deadline: december), problems: [], overdue: false),
        Row(name: "not reviewed past the deadline", unit: unit(.pending, deadline: september), problems: [], overdue: true),
        Row(name: "in review, due today: not yet late", unit: unit(.inReview, deadline: today), problems: [], overdue: false),
        Row(name: "no deadline is never late", unit: unit(.inReview), problems: [], overdue: false),
        Row(name: "kept by decision", unit: unit(.kept, decision: "12/QĐ-UBND", on: september, deadline: september), problems: [], overdue: false),
        Row(name: "adjusted without a decision", unit: unit(.adjusted, deadline: september), problems: ["decision", "decided_on"], overdue: false),
        Row(name: "decided in the future", unit: unit(.dissolved, decision: "3/QĐ-UBND", on: december), problems: ["decided_on"], overdue: false),
        Row(name: "a decision but no outcome", unit: unit(.pending, decision: "3/QĐ-UBND", on: september), problems: ["review"], overdue: false),
        Row(name: "merged needs its target", unit: unit(.merged, decision: "4/QĐ-UBND", on: september), problems: ["merged_into"], overdue: false),
        Row(name: "merged into itself", unit: unit(.merged, decision: "4/QĐ-UBND", on: september, into: "00004-TH"), problems: ["merged_into"],
            overdue: false),
        Row(name: "merged into another", unit: unit(.merged, decision: "4/QĐ-UBND", on: september, into: "00004-THCS"), problems: [], overdue: false),
        Row(name: "a target without a merger", unit: unit(.kept, decision: "5/QĐ-UBND", on: september, into: "00004-THCS"),
            problems: ["merged_into"], overdue: false),
        Row(name: "functions, staff and autonomy group checked", unit: unit(.pending, functions: "", staff: -1, group: 5),
            problems: ["functions", "staff", "autonomy_group"], overdue: false),
    ]

    @Test("a unit's problems and whether its review is late", arguments: rows)
    func check(_ row: Row) {
        #expect(PublicServiceUnitRules.problems(row.unit, today: Self.today).map(\.field) == row.problems)
        #expect(PublicServiceUnitRules.isOverdue(row.unit, asOf: Self.today) == row.overdue)
    }
}
