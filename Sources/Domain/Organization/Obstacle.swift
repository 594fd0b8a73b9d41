/// An obstacle (vướng mắc) a commune or province meets in the reform (Resolution 268 §III.12): recorded
/// with its field and the legal text concerned, assigned to the body that can resolve it with a
/// deadline, escalated a level up when beyond that body's authority, and resolved.
public struct Obstacle: Hashable, Sendable, Codable {
    /// Who can resolve it, from the unit up to the Government.
    public enum Level: String, Sendable, CaseIterable, Codable, Comparable {
        case commune, province, ministry, government

        public static func < (lhs: Level, rhs: Level) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }

        public var next: Level? {
            let index = Level.allCases.firstIndex(of: self)! + 1
            return index < Level.allCases.count ? Level.allCases[index] : nil
        }
    }

    public enum Status: String, Sendable, CaseIterable, Codable { case open, resolved }

    /// One assignment in the obstacle's history: to whom, from when, until when.
    public struct Assignment: Hashable, Sendable, Codable {
        public var body: String
        public var level: Level
        public var on: LocalDate
        public var deadline: LocalDate
        public var reason: String?
    }

    public var id: String
    public var provinceCode: String
    public var unitCode: String
    public var field: SkillField
    public var description: String
    public var legalBasis: String?
    public var raisedOn: LocalDate
    public fileprivate(set) var assignments: [Assignment]
    public fileprivate(set) var status: Status
    public fileprivate(set) var resolvedOn: LocalDate?
    public fileprivate(set) var resolution: String?

    /// The body holding it now.
    public var current: Assignment { assignments[assignments.count - 1] }
}

public enum ObstacleError: Error, Equatable, Sendable {
    case missing(field: String)
    case deadlineBefore(LocalDate)
    /// Escalation goes up, one level at least; resolution closes an open obstacle once.
    case notUpward(from: Obstacle.Level, to: Obstacle.Level)
    case alreadyResolved
    case beforeLastStep(LocalDate)

    public var field: String {
        switch self {
        case .missing(let field): field
        case .deadlineBefore: "deadline"
        case .notUpward: "level"
        case .alreadyResolved: "status"
        case .beforeLastStep: "on"
        }
    }

    public var message: String {
        switch self {
        case .missing: "Cần nhập giá trị"
        case .deadlineBefore(let day): "Thời hạn phải từ ngày \(day) trở đi"
        case .notUpward(let from, let to): "Chỉ chuyển lên cấp cao hơn (từ \(from.rawValue) không lên \(to.rawValue))"
        case .alreadyResolved: "Vướng mắc đã được giải quyết"
        case .beforeLastStep(let day): "Ngày phải từ \(day) trở đi"
        }
    }
}

/// Raising, escalating and resolving obstacles, and when one is overdue.
public enum ObstacleRules {
    /// The level a unit raises at: a commune's own level, or a province's.
    public static func level(ofUnit code: String) -> Obstacle.Level { code.count == 5 ? .commune : .province }

    public static func raise(
        id: String, provinceCode: String, unitCode: String, field: SkillField, description: String, legalBasis: String?,
        body: String, level: Obstacle.Level, deadline: LocalDate, on: LocalDate
    ) throws(ObstacleError) -> Obstacle {
        if description.isEmpty { throw .missing(field: "description") }
        if body.isEmpty { throw .missing(field: "body") }
        let own = self.level(ofUnit: unitCode)
        guard level >= own else { throw .notUpward(from: own, to: level) }
        guard deadline >= on else { throw .deadlineBefore(on) }
        return Obstacle(
            id: id, provinceCode: provinceCode, unitCode: unitCode, field: field, description: description,
            legalBasis: legalBasis.flatMap { $0.isEmpty ? nil : $0 }, raisedOn: on,
            assignments: [Obstacle.Assignment(body: body, level: level, on: on, deadline: deadline, reason: nil)],
            status: .open, resolvedOn: nil, resolution: nil
        )
    }

    /// Beyond the current body's authority: to a body of a higher level, with a new deadline and why.
    public static func escalate(
        _ obstacle: Obstacle, to body: String, level: Obstacle.Level, deadline: LocalDate, reason: String, on: LocalDate
    ) throws(ObstacleError) -> Obstacle {
        guard obstacle.status == .open else { throw .alreadyResolved }
        if body.isEmpty { throw .missing(field: "body") }
        if reason.isEmpty { throw .missing(field: "reason") }
        guard level > obstacle.current.level else { throw .notUpward(from: obstacle.current.level, to: level) }
        guard on >= obstacle.current.on else { throw .beforeLastStep(obstacle.current.on) }
        guard deadline >= on else { throw .deadlineBefore(on) }
        var next = obstacle
        next.assignments.append(Obstacle.Assignment(body: body, level: level, on: on, deadline: deadline, reason: reason))
        return next
    }

    public static func resolve(_ obstacle: Obstacle, resolution: String, on: LocalDate) throws(ObstacleError) -> Obstacle {
        guard obstacle.status == .open else { throw .alreadyResolved }
        if resolution.isEmpty { throw .missing(field: "resolution") }
        guard on >= obstacle.current.on else { throw .beforeLastStep(obstacle.current.on) }
        var next = obstacle
        next.status = .resolved
        next.resolvedOn = on
        next.resolution = resolution
        return next
    }

    /// Open past the current body's deadline at `asOf`.
    public static func isOverdue(_ obstacle: Obstacle, asOf: LocalDate) -> Bool {
        obstacle.status == .open && obstacle.current.deadline < asOf
    }
}
