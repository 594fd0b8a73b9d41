import Domain
import Testing

/// The redundancy pipeline's rules, table-driven: stages follow one another, approved never exceeds
/// requested, paid never exceeds approved, no step predates the one before it or lies in the future.
@Suite("redundancy pipeline rules")
struct RedundancyRulesTests {
    static let today = LocalDate(year: 2025, month: 8, day: 31)!
    static func day(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: 2025, month: month, day: day)! }

    static func opened() throws -> RedundancyCase {
        try RedundancyRules.opening(
            id: "01-NV-0001", provinceCode: "01", unitCode: "00004", personName: " Nguyễn Văn An ", category: .civilServant,
            decisionNumber: "125/QĐ-UBND", decisionDate: day(7, 1), today: today
        )
    }

    @Test("a new case is at its decision, the name trimmed")
    func opening() throws {
        let opened = try Self.opened()
        #expect(opened.stage == .decided)
        #expect(opened.personName == "Nguyễn Văn An")
        #expect(opened.stageSince == Self.day(7, 1))
    }

    @Test("every missing or malformed field of a new case is reported at once")
    func openingErrors() {
        #expect(throws: RedundancyErrors([
            .invalidID("01 NV"), .invalidUnit("0004"), .missing(field: "person_name"), .missing(field: "category"),
            .missing(field: "decision_number"), .inFuture(field: "decision_date", date: Self.day(9, 1)),
        ])) {
            try RedundancyRules.opening(
                id: "01 NV", provinceCode: "01", unitCode: "0004", personName: "  ", category: nil, decisionNumber: "",
                decisionDate: Self.day(9, 1), today: Self.today
            )
        }
        #expect(throws: RedundancyErrors([.missing(field: "id"), .missing(field: "unit_code"), .missing(field: "decision_date")])) {
            try RedundancyRules.opening(
                id: "", provinceCode: "01", unitCode: "", personName: "An", category: .partTime, decisionNumber: "1",
                decisionDate: nil, today: Self.today
            )
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        /// Steps taken before the one under test: stage, amount, day (month 7 or 8).
        var before: [(RedundancyCase.Stage, Int, LocalDate)]
        var step: (RedundancyCase.Stage, Int, LocalDate)
        var expected: Result<RedundancyCase.Stage, RedundancyError>
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "request after the decision", before: [], step: (.requested, 100_000_000, day(7, 5)), expected: .success(.requested)),
        Row(name: "request on the decision day", before: [], step: (.requested, 1, day(7, 1)), expected: .success(.requested)),
        Row(name: "approve what was requested", before: [(.requested, 100_000_000, day(7, 5))], step: (.approved, 100_000_000, day(7, 20)),
            expected: .success(.approved)),
        Row(name: "approve less than requested", before: [(.requested, 100_000_000, day(7, 5))], step: (.approved, 90_000_000, day(7, 20)),
            expected: .success(.approved)),
        Row(name: "approve more than requested", before: [(.requested, 100_000_000, day(7, 5))], step: (.approved, 100_000_001, day(7, 20)),
            expected: .failure(.exceeds(field: "approved_amount", dong: 100_000_001, limit: 100_000_000))),
        Row(name: "pay what was approved", before: [(.requested, 100_000_000, day(7, 5)), (.approved, 90_000_000, day(7, 20))],
            step: (.paid, 90_000_000, day(8, 2)), expected: .success(.paid)),
        Row(name: "pay more than approved (but not than requested)",
            before: [(.requested, 100_000_000, day(7, 5)), (.approved, 90_000_000, day(7, 20))],
            step: (.paid, 95_000_000, day(8, 2)), expected: .failure(.exceeds(field: "paid_amount", dong: 95_000_000, limit: 90_000_000))),
        Row(name: "pay before approval", before: [(.requested, 100_000_000, day(7, 5))], step: (.paid, 1, day(8, 2)),
            expected: .failure(.notNextStage(current: .requested, step: .paid))),
        Row(name: "approve without a request", before: [], step: (.approved, 1, day(8, 2)),
            expected: .failure(.notNextStage(current: .decided, step: .approved))),
        Row(name: "request twice", before: [(.requested, 5, day(7, 5))], step: (.requested, 5, day(7, 6)),
            expected: .failure(.notNextStage(current: .requested, step: .requested))),
        Row(name: "pay twice", before: [(.requested, 5, day(7, 5)), (.approved, 5, day(7, 6)), (.paid, 5, day(7, 7))],
            step: (.paid, 5, day(7, 8)), expected: .failure(.notNextStage(current: .paid, step: .paid))),
        Row(name: "back to the decision", before: [(.requested, 5, day(7, 5))], step: (.decided, 5, day(7, 6)),
            expected: .failure(.notNextStage(current: .requested, step: .decided))),
        Row(name: "a zero request", before: [], step: (.requested, 0, day(7, 5)),
            expected: .failure(.amountNotPositive(field: "requested_amount", dong: 0))),
        Row(name: "a negative payment", before: [(.requested, 5, day(7, 5)), (.approved, 5, day(7, 6))], step: (.paid, -5, day(7, 7)),
            expected: .failure(.amountNotPositive(field: "paid_amount", dong: -5))),
        Row(name: "a request before the decision", before: [], step: (.requested, 5, day(6, 30)),
            expected: .failure(.before(field: "requested_on", date: day(6, 30), earliest: day(7, 1)))),
        Row(name: "an approval before the request", before: [(.requested, 5, day(7, 5))], step: (.approved, 5, day(7, 4)),
            expected: .failure(.before(field: "approved_on", date: day(7, 4), earliest: day(7, 5)))),
        Row(name: "a payment in the future", before: [(.requested, 5, day(7, 5)), (.approved, 5, day(7, 6))], step: (.paid, 5, day(9, 1)),
            expected: .failure(.inFuture(field: "paid_on", date: day(9, 1)))),
    ]

    @Test("each step is taken or refused as the table says, and a refused step changes nothing", arguments: rows)
    func step(_ row: Row) throws {
        var current = try Self.opened()
        for (stage, amount, on) in row.before {
            current = try RedundancyRules.advance(current, to: stage, RedundancyCase.Amount(dong: amount, on: on), today: Self.today)
        }
        let before = current
        let (stage, amount, on) = row.step
        switch row.expected {
        case .success(let expected):
            let next = try RedundancyRules.advance(current, to: stage, RedundancyCase.Amount(dong: amount, on: on), today: Self.today)
            #expect(next.stage == expected)
            #expect(next.stageSince == on)
            if let approved = next.approved, let requested = next.requested { #expect(approved.dong <= requested.dong) }
            if let paid = next.paid, let approved = next.approved { #expect(paid.dong <= approved.dong) }
        case .failure(let error):
            #expect(throws: error) {
                try RedundancyRules.advance(current, to: stage, RedundancyCase.Amount(dong: amount, on: on), today: Self.today)
            }
            #expect(current == before)
            #expect(error.field.hasSuffix("_amount") || error.field.hasSuffix("_on") || error.field == "decision_date")
        }
    }

    @Test("a register row is replayed stage by stage: a payment without its approval is refused")
    func build() throws {
        let amount = RedundancyCase.Amount(dong: 50_000_000, on: Self.day(7, 10))
        let whole = try RedundancyRules.build(
            id: "79-NV-1", provinceCode: "79", unitCode: "26734", personName: "Lê Thị Hoa", category: .partTime,
            decisionNumber: "9/QĐ", decisionDate: Self.day(7, 1), steps: [.requested: amount, .approved: amount, .paid: amount], today: Self.today
        )
        #expect(whole.stage == .paid)
        #expect(throws: RedundancyErrors([.notNextStage(current: .requested, step: .paid)])) {
            try RedundancyRules.build(
                id: "79-NV-2", provinceCode: "79", unitCode: "26734", personName: "Lê Thị Hoa", category: .partTime,
                decisionNumber: "9/QĐ", decisionDate: Self.day(7, 1), steps: [.requested: amount, .paid: amount], today: Self.today
            )
        }
    }

    @Test("the tally counts each stage into the resolution's totals and ages the waiting cases")
    func tally() throws {
        var tally = RedundancyTally()
        let asOf = Self.today
        // (stage, since, cases): ages 0, 30, 31, 61, 91 days at 31 Aug.
        let rows: [(RedundancyCase.Stage, LocalDate, Int)] = [
            (.decided, asOf, 2), (.decided, asOf.adding(days: -30), 1), (.requested, asOf.adding(days: -31), 4),
            (.approved, asOf.adding(days: -61), 3), (.approved, asOf.adding(days: -91), 5), (.paid, asOf.adding(days: -200), 7),
        ]
        for (stage, since, cases) in rows {
            tally.add(stage: stage, since: since, cases: cases, requestedDong: cases * 10, approvedDong: stage >= .approved ? cases * 9 : 0,
                      paidDong: stage == .paid ? cases * 9 : 0, asOf: asOf)
        }
        #expect(tally.decisions == 22)
        #expect(tally.fundingRequested == 19)
        #expect(tally.approved == 15)
        #expect(tally.paid == 7)
        #expect(tally.paidDong == 63)
        #expect(tally.waiting[.decided] == [3, 0, 0, 0])
        #expect(tally.waiting[.requested] == [0, 4, 0, 0])
        #expect(tally.waiting[.approved] == [0, 0, 3, 5])
        #expect(tally.waiting[.paid] == nil)
        #expect(tally.waitingLong == 5)
        #expect((tally + tally).waiting[.approved] == [0, 0, 6, 10])
        #expect((tally + RedundancyTally()) == tally)
    }
}
