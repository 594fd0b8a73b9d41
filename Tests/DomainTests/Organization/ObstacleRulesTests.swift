import Domain
import Testing

/// Obstacles raised, escalated up the levels and resolved; overdue against the current body's deadline.
@Suite("obstacle rules")
struct ObstacleRulesTests {
    static func day(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: 2025, month: month, day: day)! }

    static func raised(level: Obstacle.Level = .commune) throws -> Obstacle {
        try ObstacleRules.raise(
            id: "o1", provinceCode: "01", unitCode: "00004", field: .land, description: "Chưa rõ thẩm quyền cấp giấy chứng nhận lần đầu",
            legalBasis: "Luật Đất đai 2024, Điều 136", body: "UBND phường Ba Đình", level: level, deadline: day(8, 15), on: day(8, 1)
        )
    }

    @Test("raise: at the unit's level or above, a deadline not before the day")
    func raise() throws {
        let obstacle = try Self.raised()
        #expect(obstacle.status == .open && obstacle.current.level == .commune && obstacle.assignments.count == 1)
        #expect(try Self.raised(level: .ministry).current.level == .ministry)
        #expect(throws: ObstacleError.deadlineBefore(Self.day(8, 1))) {
            try ObstacleRules.raise(id: "o2", provinceCode: "01", unitCode: "01", field: .finance, description: "x", legalBasis: nil,
                                    body: "UBND thành phố", level: .province, deadline: Self.day(7, 31), on: Self.day(8, 1))
        }
        #expect(throws: ObstacleError.notUpward(from: .province, to: .commune)) {
            try ObstacleRules.raise(id: "o2", provinceCode: "01", unitCode: "01", field: .finance, description: "x", legalBasis: nil,
                                    body: "UBND phường", level: .commune, deadline: Self.day(8, 31), on: Self.day(8, 1))
        }
        #expect(throws: ObstacleError.missing(field: "description")) {
            try ObstacleRules.raise(id: "o2", provinceCode: "01", unitCode: "00004", field: .finance, description: "", legalBasis: nil,
                                    body: "UBND phường", level: .commune, deadline: Self.day(8, 31), on: Self.day(8, 1))
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var level: Obstacle.Level
        var on: LocalDate
        var deadline: LocalDate
        var expected: ObstacleError?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "commune to province", level: .province, on: day(8, 10), deadline: day(8, 30), expected: nil),
        Row(name: "commune straight to a ministry", level: .ministry, on: day(8, 10), deadline: day(9, 30), expected: nil),
        Row(name: "not sideways", level: .commune, on: day(8, 10), deadline: day(8, 30), expected: .notUpward(from: .commune, to: .commune)),
        Row(name: "not before the last assignment", level: .province, on: day(7, 31), deadline: day(8, 30), expected: .beforeLastStep(day(8, 1))),
        Row(name: "a deadline not before the day", level: .province, on: day(8, 10), deadline: day(8, 9), expected: .deadlineBefore(day(8, 10))),
    ]

    @Test("escalation goes up a level or more, with a new deadline", arguments: rows)
    func escalate(_ row: Row) throws {
        let obstacle = try Self.raised()
        if let expected = row.expected {
            #expect(throws: expected) {
                try ObstacleRules.escalate(obstacle, to: "Cấp trên", level: row.level, deadline: row.deadline, reason: "Vượt thẩm quyền", on: row.on)
            }
        } else {
            let next = try ObstacleRules.escalate(obstacle, to: "Cấp trên", level: row.level, deadline: row.deadline, reason: "Vượt thẩm quyền", on: row.on)
            #expect(next.current.level == row.level && next.assignments.count == 2 && next.current.deadline == row.deadline)
            #expect(next.assignments[0] == obstacle.assignments[0], "the history is kept")
        }
    }

    @Test("overdue against the current deadline; resolved once; nothing after")
    func lifecycle() throws {
        let obstacle = try Self.raised()
        #expect(!ObstacleRules.isOverdue(obstacle, asOf: Self.day(8, 15)))
        #expect(ObstacleRules.isOverdue(obstacle, asOf: Self.day(8, 16)))
        let escalated = try ObstacleRules.escalate(obstacle, to: "Sở Nông nghiệp và Môi trường", level: .province, deadline: Self.day(9, 15),
                                                   reason: "Vượt thẩm quyền của phường", on: Self.day(8, 12))
        #expect(!ObstacleRules.isOverdue(escalated, asOf: Self.day(8, 16)), "the new body's deadline counts")
        let resolved = try ObstacleRules.resolve(escalated, resolution: "Sở hướng dẫn bằng văn bản", on: Self.day(9, 20))
        #expect(resolved.status == .resolved && resolved.resolvedOn == Self.day(9, 20))
        #expect(!ObstacleRules.isOverdue(resolved, asOf: Self.day(12, 31)))
        #expect(throws: ObstacleError.alreadyResolved) { try ObstacleRules.resolve(resolved, resolution: "Lần nữa", on: Self.day(9, 21)) }
        #expect(throws: ObstacleError.alreadyResolved) {
            try ObstacleRules.escalate(resolved, to: "Bộ", level: .ministry, deadline: Self.day(10, 1), reason: "x", on: Self.day(9, 21))
        }
        #expect(throws: ObstacleError.beforeLastStep(Self.day(8, 12))) { try ObstacleRules.resolve(escalated, resolution: "x", on: Self.day(8, 11)) }
    }
}
