public import Domain
public import Foundation
public import Storage

/// The obstacles register (vướng mắc, Resolution 268 §III.12): raised by a commune or province,
/// assigned with a deadline, escalated when beyond authority, resolved; reported open, overdue and
/// resolved by field and by the body holding them.
public struct ObstacleService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    /// A level below the unit's own, when raising, is a wrong field (400); escalating an existing obstacle
    /// to a level not above its current one is a step its state does not allow (409).
    static func appError(_ error: ObstacleError, raising: Bool = false) -> AppError {
        switch error {
        case .notUpward where raising: .invalid("/\(error.field)", error.message)
        case .alreadyResolved, .notUpward: .notAllowed(error.message)
        default: .invalid("/\(error.field)", error.message)
        }
    }

    static func date(_ text: String, field: String) throws(AppError) -> LocalDate {
        guard let date = LocalDate(iso: text) else { throw .invalid("/\(field)", "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD") }
        return date
    }

    /// Records an obstacle of a unit (its administrators or the province's), dated today.
    public func raise(
        unitCode: String, field: String, description: String, legalBasis: String?, body: String, level: String, deadline: String,
        by actor: UserRecord
    ) async throws(AppError) -> Obstacle {
        guard let province = try await units.province(ofUnit: unitCode) else {
            throw .invalid("/unitCode", "Không có đơn vị hiện hành mã “\(unitCode)”")
        }
        guard let skill = SkillField(rawValue: field) else { throw .invalid("/field", "Lĩnh vực “\(field)” không hợp lệ") }
        guard let assignee = Obstacle.Level(rawValue: level) else { throw .invalid("/level", "Cấp “\(level)” không hợp lệ") }
        let due = try Self.date(deadline, field: "deadline")
        if let denial = units.denial(actor, .manageBookkeeping, unitCode: unitCode, province: province) { throw .forbidden(denial) }
        let obstacle: Obstacle
        do throws(ObstacleError) {
            obstacle = try ObstacleRules.raise(
                id: "VM-\(unitCode)-\(UUID().uuidString.prefix(8).lowercased())", provinceCode: province, unitCode: unitCode, field: skill,
                description: description.trimmingCharacters(in: .whitespaces), legalBasis: legalBasis,
                body: body.trimmingCharacters(in: .whitespaces), level: assignee, deadline: due, on: today
            )
        } catch {
            throw Self.appError(error, raising: true)
        }
        try await storage { try await store.bookkeeping.saveObstacle(obstacle, replacing: nil, at: instant) }
        return obstacle
    }

    /// Escalates or resolves an obstacle of a unit the actor manages (or a province above it).
    public func act(id: String, escalateTo body: String?, level: String?, deadline: String?, reason: String?, resolution: String?,
                    by actor: UserRecord) async throws(AppError) -> Obstacle {
        guard let current = try await storage({ try await store.bookkeeping.obstacle(id: id) }) else {
            throw .notFound(what: "vướng mắc", code: id)
        }
        if let denial = units.denial(actor, .manageBookkeeping, unitCode: current.unitCode, province: current.provinceCode) {
            throw .forbidden(denial)
        }
        let next: Obstacle
        do throws(ObstacleError) {
            if let resolution {
                next = try ObstacleRules.resolve(current, resolution: resolution, on: today)
            } else {
                guard let level, let assignee = Obstacle.Level(rawValue: level) else { throw ObstacleError.missing(field: "level") }
                guard let deadline, let due = LocalDate(iso: deadline) else { throw ObstacleError.missing(field: "deadline") }
                next = try ObstacleRules.escalate(current, to: body ?? "", level: assignee, deadline: due, reason: reason ?? "", on: today)
            }
        } catch {
            throw Self.appError(error)
        }
        do {
            try await store.bookkeeping.saveObstacle(next, replacing: current, at: instant)
        } catch BookkeepingWriteError.changedMeanwhile {
            throw .preconditionFailed("Vướng mắc vừa được người khác cập nhật; hãy tải lại")
        } catch {
            throw .unavailable(String(describing: error))
        }
        return next
    }

    /// Counts of a group: open, of them overdue, and resolved.
    public struct Counts: Sendable, Equatable, Codable {
        public var open = 0
        public var overdue = 0
        public var resolved = 0
    }

    public struct Report: Sendable {
        public var total = Counts()
        public var byField: [SkillField: Counts] = [:]
        /// By the body holding each obstacle now.
        public var byBody: [String: Counts] = [:]
        public var obstacles: [Obstacle] = []
    }

    public func report(scope: String?, asOf: LocalDate? = nil) async throws(AppError) -> Report {
        let (province, unit) = try await units.parse(scope: scope)
        let asOf = asOf ?? today
        var report = Report()
        report.obstacles = try await storage { try await store.bookkeeping.obstacles(provinceCode: province, unitCode: unit) }
        for obstacle in report.obstacles {
            func add(_ counts: inout Counts) {
                if obstacle.status == .resolved { counts.resolved += 1 } else { counts.open += 1 }
                if ObstacleRules.isOverdue(obstacle, asOf: asOf) { counts.overdue += 1 }
            }
            add(&report.total)
            add(&report.byField[obstacle.field, default: Counts()])
            add(&report.byBody[obstacle.current.body, default: Counts()])
        }
        return report
    }
}
