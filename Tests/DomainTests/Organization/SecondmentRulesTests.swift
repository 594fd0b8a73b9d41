import Domain
import Testing

/// Matching communes' requests with ministries' and provinces' offers, and the report of unmet,
/// overlapping and idle, table-driven.
@Suite("secondment rules")
struct SecondmentRulesTests {
    static func day(_ day: Int) -> LocalDate { LocalDate(year: 2025, month: 9, day: day)! }

    static func request(_ id: String, _ unit: String, _ skill: SkillField, _ headcount: Int, from: Int = 1, days: Int = 30, province: String = "01") -> SupportRequest {
        SupportRequest(id: id, provinceCode: province, unitCode: unit, problem: "Tồn đọng hồ sơ đất đai", skill: skill, headcount: headcount,
                       from: day(from), days: days)
    }

    static func offer(_ id: String, _ body: String, _ province: String?, _ skill: SkillField, _ people: Int, from: Int = 1, to: LocalDate? = nil) -> StaffOffer {
        StaffOffer(id: id, body: body, provinceCode: province, skill: skill, people: people, availableFrom: day(from),
                   availableTo: to ?? LocalDate(year: 2025, month: 12, day: 31)!)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var requests: [SupportRequest]
        var offers: [StaffOffer]
        /// "request←offer people"
        var expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "same province first", requests: [request("r1", "00004", .land, 2)],
            offers: [offer("bo", "Bộ Nông nghiệp và Môi trường", nil, .land, 5), offer("hn", "01", "01", .land, 5), offer("hcm", "79", "79", .land, 5)],
            expected: ["r1←hn 2"]),
        Row(name: "then a ministry, then another province", requests: [request("r1", "00004", .land, 8)],
            offers: [offer("hcm", "79", "79", .land, 5), offer("bo", "Bộ Tài chính", nil, .land, 2), offer("hn", "01", "01", .land, 3)],
            expected: ["r1←hn 3", "r1←bo 2", "r1←hcm 3"]),
        Row(name: "only the same skill", requests: [request("r1", "00004", .informationTechnology, 1)],
            offers: [offer("hn", "01", "01", .land, 5)], expected: []),
        Row(name: "only offers that cover the whole period", requests: [request("r1", "00004", .land, 1, from: 10, days: 30)],
            offers: [offer("late", "01", "01", .land, 1, from: 11), offer("short", "01", "01", .land, 1, to: day(30)),
                     offer("ok", "79", "79", .land, 1, from: 10)],
            expected: ["r1←ok 1"]),
        Row(name: "an offer's staff are sent once; the earlier request first",
            requests: [request("late", "00008", .finance, 3, from: 15), request("early", "00004", .finance, 3, from: 2)],
            offers: [offer("hn", "01", "01", .finance, 4)], expected: ["early←hn 3", "late←hn 1"]),
        Row(name: "same start: the larger need first",
            requests: [request("small", "00008", .legal, 1), request("big", "00004", .legal, 2)],
            offers: [offer("hn", "01", "01", .legal, 2)], expected: ["big←hn 2"]),
        Row(name: "equal distance: the offer with more staff left", requests: [request("r1", "00004", .planning, 2)],
            offers: [offer("a", "Bộ Xây dựng", nil, .planning, 1), offer("b", "Bộ Nội vụ", nil, .planning, 3)], expected: ["r1←b 2"]),
    ]

    @Test("requests are matched with the nearest offers that cover them", arguments: rows)
    func match(_ row: Row) {
        let proposed = SecondmentRules.match(requests: row.requests, offers: row.offers)
        #expect(proposed.map { "\($0.requestID)←\($0.offerID) \($0.people)" } == row.expected)
        for request in row.requests {
            #expect(proposed.filter { $0.requestID == request.id }.reduce(0) { $0 + $1.people } <= request.headcount)
        }
        for offer in row.offers {
            #expect(proposed.filter { $0.offerID == offer.id }.reduce(0) { $0 + $1.people } <= offer.people)
        }
    }

    @Test("existing assignments count: nothing is sent twice")
    func existing() {
        let requests = [Self.request("r1", "00004", .land, 3)]
        let offers = [Self.offer("hn", "01", "01", .land, 3), Self.offer("bo", "Bộ Tài chính", nil, .land, 3)]
        let first = [Assignment(requestID: "r1", offerID: "hn", body: "01", people: 2)]
        #expect(SecondmentRules.match(requests: requests, offers: offers, existing: first).map(\.people) == [1])
        #expect(SecondmentRules.match(requests: requests, offers: offers, existing: first + [Assignment(requestID: "r1", offerID: "bo", body: "Bộ Tài chính", people: 1)]).isEmpty)
    }

    @Test("the report shows unmet requests, overlapping bodies and idle staff")
    func report() {
        let requests = [Self.request("r1", "00004", .land, 3), Self.request("r2", "00008", .land, 2), Self.request("r3", "00011", .land, 1)]
        let offers = [Self.offer("hn", "01", "01", .land, 4), Self.offer("bo", "Bộ Tài chính", nil, .land, 5)]
        let assignments = [
            Assignment(requestID: "r1", offerID: "hn", body: "01", people: 1),
            Assignment(requestID: "r2", offerID: "hn", body: "01", people: 2), Assignment(requestID: "r2", offerID: "bo", body: "Bộ Tài chính", people: 1),
        ]
        let report = SecondmentRules.report(requests: requests, offers: offers, assignments: assignments)
        #expect(report.unmet == ["r1": 2, "r3": 1])
        #expect(report.overlapping == ["r2": ["01", "Bộ Tài chính"]])
        #expect(report.idle == ["hn": 1, "bo": 4])
        // Matching what is left removes every unmet request here, and leaves no overlap.
        let proposed = SecondmentRules.match(requests: requests, offers: offers, existing: assignments)
        let after = SecondmentRules.report(requests: requests, offers: offers, assignments: assignments + proposed)
        #expect(after.unmet.isEmpty && after.overlapping == report.overlapping)
        #expect(after.idle.values.reduce(0, +) == 5 - 3)
    }
}
