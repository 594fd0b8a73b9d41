/// Where the time of dossiers went: each hand-off of the process control slip, counted when it ends,
/// for the agency and unit that held it (DOMAIN.md §4: a per-step verdict against the step's allotted
/// time). Reports sum these to show which step and agency overran.
public struct StepKey: Hashable, Sendable {
    /// The local day the step ended.
    public var day: LocalDate
    public var provinceCode: String
    public var agencyCode: String
    public var unitCode: String
    public var kind: DossierStep.Kind
    public var procedureCode: String
    public var field: String
    public var level: ProcedureVersion.Level

    public init(
        day: LocalDate, provinceCode: String, agencyCode: String, unitCode: String, kind: DossierStep.Kind, procedureCode: String,
        field: String, level: ProcedureVersion.Level
    ) {
        self.day = day
        self.provinceCode = provinceCode
        self.agencyCode = agencyCode
        self.unitCode = unitCode
        self.kind = kind
        self.procedureCode = procedureCode
        self.field = field
        self.level = level
    }

    /// By bytes, as `CounterKey`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(day)
        provinceCode.hashBytes(into: &hasher)
        agencyCode.hashBytes(into: &hasher)
        unitCode.hashBytes(into: &hasher)
        hasher.combine(kind)
        procedureCode.hashBytes(into: &hasher)
        field.hashBytes(into: &hasher)
        hasher.combine(level)
    }

    public static func == (lhs: StepKey, rhs: StepKey) -> Bool {
        lhs.day == rhs.day && lhs.kind == rhs.kind && lhs.level == rhs.level && lhs.agencyCode.sameBytes(rhs.agencyCode)
            && lhs.unitCode.sameBytes(rhs.unitCode) && lhs.procedureCode.sameBytes(rhs.procedureCode)
            && lhs.field.sameBytes(rhs.field) && lhs.provinceCode.sameBytes(rhs.provinceCode)
    }
}

public struct StepValues: NamedCounts {
    public static let names = ["steps", "timed_steps", "late_steps", "overrun_minutes"]

    public var values: [Int]

    public init(values: [Int]) { self.values = values }

    /// The steps an event ends: those open before it and finished after it.
    public static func of(_ event: DossierEvent, before: Dossier?, after: Dossier) -> [StepKey: StepValues] {
        var result: [StepKey: StepValues] = [:]
        let wasOpen = Set((before?.steps ?? []).filter { $0.finishedAt == nil }.map(\.sequence))
        for step in after.steps where wasOpen.contains(step.sequence) && step.finishedAt != nil {
            let key = StepKey(
                day: event.at.vietnamDate, provinceCode: after.provinceCode, agencyCode: step.agencyCode, unitCode: step.unitCode,
                kind: step.kind, procedureCode: after.opening.procedureCode, field: after.opening.field, level: after.opening.level
            )
            var values = StepValues()
            values["steps"] = 1
            if step.dueAt != nil { values["timed_steps"] = 1 }
            if step.verdict == .late {
                values["late_steps"] = 1
                values["overrun_minutes"] = event.details.stepOverrunMinutes ?? 0
            }
            result[key, default: StepValues()] += values
        }
        return result
    }

    /// What a dossier's events add up to, by key: what `verify` compares with the stored rows.
    public static func of(events: [DossierEvent]) -> [StepKey: StepValues] {
        var result: [StepKey: StepValues] = [:]
        var dossier: Dossier?
        for event in events {
            guard let current = dossier ?? Dossier.opened(by: event) else { continue }
            let after = current.applying(event)
            for (key, values) in of(event, before: dossier, after: after) { result[key, default: StepValues()] += values }
            dossier = after
        }
        return result
    }
}
