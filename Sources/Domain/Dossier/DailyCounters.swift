/// Where a dossier counts in monitoring: the day of the event and the dossier's dimensions
/// (DOMAIN.md §7: competent unit and agency, receiving unit, field, procedure version, level, channel).
public struct CounterKey: Hashable, Sendable {
    public var day: LocalDate
    public var provinceCode: String
    public var competentUnit: String
    public var receivingUnit: String
    public var agencyCode: String
    public var field: String
    public var procedureCode: String
    public var procedureValidFrom: LocalDate
    public var level: ProcedureVersion.Level
    public var channel: Channel

    public init(
        day: LocalDate, provinceCode: String, competentUnit: String, receivingUnit: String, agencyCode: String, field: String,
        procedureCode: String, procedureValidFrom: LocalDate, level: ProcedureVersion.Level, channel: Channel
    ) {
        self.day = day
        self.provinceCode = provinceCode
        self.competentUnit = competentUnit
        self.receivingUnit = receivingUnit
        self.agencyCode = agencyCode
        self.field = field
        self.procedureCode = procedureCode
        self.procedureValidFrom = procedureValidFrom
        self.level = level
        self.channel = channel
    }

    public init(day: LocalDate, opening: DossierOpening) {
        self.day = day
        provinceCode = opening.provinceCode
        competentUnit = opening.competentUnit
        receivingUnit = opening.receivingUnit
        agencyCode = opening.competentAgency
        field = opening.field
        procedureCode = opening.procedureCode
        procedureValidFrom = opening.procedureValidFrom
        level = opening.level
        channel = opening.channel
    }

    /// By bytes (`String.hashBytes`): the field's Vietnamese name is hashed for every counter delta.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(day)
        provinceCode.hashBytes(into: &hasher)
        competentUnit.hashBytes(into: &hasher)
        receivingUnit.hashBytes(into: &hasher)
        agencyCode.hashBytes(into: &hasher)
        field.hashBytes(into: &hasher)
        procedureCode.hashBytes(into: &hasher)
        hasher.combine(procedureValidFrom)
        hasher.combine(level)
        hasher.combine(channel)
    }

    public static func == (lhs: CounterKey, rhs: CounterKey) -> Bool {
        lhs.day == rhs.day && lhs.procedureValidFrom == rhs.procedureValidFrom && lhs.level == rhs.level && lhs.channel == rhs.channel
            && lhs.competentUnit.sameBytes(rhs.competentUnit) && lhs.receivingUnit.sameBytes(rhs.receivingUnit)
            && lhs.agencyCode.sameBytes(rhs.agencyCode) && lhs.procedureCode.sameBytes(rhs.procedureCode)
            && lhs.field.sameBytes(rhs.field) && lhs.provinceCode.sameBytes(rhs.provinceCode)
    }
}

/// The daily counters one event adds to (flow figures of the event's day). Monitoring sums these and
/// never scans dossiers; `verify` recomputes them from the events.
public struct CounterValues: NamedCounts {
    public static let names = [
        "submitted", "received", "refused_at_intake", "resolved_early", "resolved_on_time", "resolved_late", "approved",
        "refused_on_merits", "stopped", "withdrawn", "returned", "supplements", "apologies", "paused_minutes",
        "processing_minutes", "finished", "digitised", "e_results", "online_payments", "payments", "ratings", "rating_sum",
        "ratings_high",
    ]

    public var values: [Int]

    public init(values: [Int]) { self.values = values }

    /// What an event adds, given the dossier before and after it.
    public static func of(_ event: DossierEvent, before: Dossier?, after: Dossier) -> CounterValues {
        var delta = CounterValues()
        switch event.kind {
        case .submit: delta["submitted"] = 1
        case .receive: delta["received"] = 1
        case .refuseAtIntake: delta["refused_at_intake"] = 1
        case .requestSupplement: delta["supplements"] = 1
        case .apologise: delta["apologies"] = 1
        case .withdraw: delta["withdrawn"] = 1
        case .returnResult: delta["returned"] = 1
        case .recordPayment:
            delta["payments"] = 1
            if event.details.paymentChannel != .counter { delta["online_payments"] = 1 }
        case .rate:
            delta["ratings"] = 1
            delta["rating_sum"] = event.details.rating ?? 0
            if (event.details.rating ?? 0) >= 4 { delta["ratings_high"] = 1 }
        default: break
        }
        delta["paused_minutes"] = event.details.pausedMinutes ?? 0
        if before?.finishedAt == nil, after.finishedAt != nil {
            let figures = DossierFigures(after)
            delta["finished"] = 1
            delta["processing_minutes"] = after.processingMinutes ?? 0
            if event.kind == .stop {
                delta["stopped"] = 1
            } else {
                switch figures.verdict {
                case .early: delta["resolved_early"] = 1
                case .onTime: delta["resolved_on_time"] = 1
                case .late, nil: delta["resolved_late"] = 1
                }
                delta[after.outcome == .refused ? "refused_on_merits" : "approved"] = 1
                if after.opening.documents.allSatisfy({ !$0.provided || $0.file != nil }),
                   !after.opening.resultIsDocument || !after.resultDocuments.isEmpty {
                    delta["digitised"] = 1
                }
                if !after.resultDocuments.isEmpty { delta["e_results"] = 1 }
            }
        }
        return delta
    }
}

extension CounterValues {
    /// The counters a dossier's events add up to, by key: what `verify` compares with the stored ones.
    public static func of(events: [DossierEvent]) -> [CounterKey: CounterValues] {
        var result: [CounterKey: CounterValues] = [:]
        var dossier: Dossier?
        for event in events {
            guard let current = dossier ?? Dossier.opened(by: event) else { continue }
            let after = current.applying(event)
            let delta = of(event, before: dossier, after: after)
            if !delta.isZero {
                let key = CounterKey(day: event.at.vietnamDate, opening: after.opening)
                result[key] = (result[key] ?? CounterValues()) + delta
            }
            dossier = after
        }
        return result
    }
}
