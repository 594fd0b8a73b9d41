/// Where a received dossier stands in the cohort counters: its receipt day and dimensions, the day it
/// closed (finished or withdrawn; `LocalDate.distantFuture` while open) and the day it is due.
///
/// Cohort shares of DOMAIN.md §7 are observed at a period end `to`: finished by then means
/// `closeDay <= to`, overdue means `dueDay <= to` (the period ends at 00:00 of the next day, and a due
/// instant before that lies on a day up to `to`). So a report sums rows by comparing days, and no
/// report reads a dossier.
public struct CohortKey: Hashable, Sendable {
    public var receiveDay: LocalDate
    public var dimensions: CounterKey
    public var closeDay: LocalDate
    public var dueDay: LocalDate

    public init(receiveDay: LocalDate, dimensions: CounterKey, closeDay: LocalDate, dueDay: LocalDate) {
        self.receiveDay = receiveDay
        self.dimensions = dimensions
        self.closeDay = closeDay
        self.dueDay = dueDay
    }
}

/// What one dossier adds to its cohort row. A change of state moves the dossier from one row to
/// another: minus its old entry, plus its new one, in the transaction of the events.
public struct CohortValues: NamedCounts {
    public static let names = [
        "dossiers", "finished", "on_time", "early", "stopped", "withdrawn", "processing_minutes", "supplement_requests",
    ]

    public var values: [Int]

    public init(values: [Int]) { self.values = values }

    public static prefix func - (value: CohortValues) -> CohortValues { CohortValues(values: value.values.map { -$0 }) }

    /// The row a dossier counts in now, or nil while it was never received.
    public static func entry(of dossier: Dossier) -> (key: CohortKey, values: CohortValues)? {
        guard let received = dossier.receivedAt else { return nil }
        var values = CohortValues()
        values["dossiers"] = 1
        values["supplement_requests"] = dossier.supplementRequests
        let figures = DossierFigures(dossier)
        var closed: Instant?
        if let finishedAt = dossier.finishedAt {
            closed = finishedAt
            values["finished"] = 1
            values["processing_minutes"] = dossier.processingMinutes ?? 0
            if figures.onTime == true { values["on_time"] = 1 }
            if figures.verdict == .early { values["early"] = 1 }
            if dossier.status == .stopped { values["stopped"] = 1 }
        } else if let withdrawnAt = dossier.withdrawnAt {
            closed = withdrawnAt
            values["withdrawn"] = 1
        }
        let closeDay = closed?.vietnamDate ?? .distantFuture
        var dueDay = effectiveDueDay(dossier)
        // Due on or after the day it closed: overdue at no period end it was pending at, so the day is not
        // kept, and the dossiers finished in time share rows (the rollups stay small).
        if closed != nil, dueDay >= closeDay { dueDay = .distantFuture }
        let key = CohortKey(
            receiveDay: received.vietnamDate, dimensions: CounterKey(day: received.vietnamDate, opening: dossier.opening),
            closeDay: closeDay, dueDay: dueDay
        )
        return (key, values)
    }

    /// The due day that decides on track / overdue. While the clock stands still the due time moves
    /// with it, so a paused dossier is on track unless it was overdue when the pause began.
    static func effectiveDueDay(_ dossier: Dossier) -> LocalDate {
        guard let due = dossier.dueAt else { return .distantFuture }
        if let paused = dossier.pausedSince, paused <= due { return .distantFuture }
        return due.vietnamDate
    }

    /// The rows an event moves a dossier between: nothing when it stays in the same row with the same values.
    public static func deltas(before: Dossier?, after: Dossier) -> [CohortKey: CohortValues] {
        var result: [CohortKey: CohortValues] = [:]
        let old = before.flatMap(entry(of:)), new = entry(of: after)
        if let old, let new, old.key == new.key, old.values == new.values { return [:] }
        if let old { result[old.key] = -old.values }
        if let new { result[new.key, default: CohortValues()] += new.values }
        return result.filter { !$0.value.isZero }
    }
}

/// A cohort row seen by observation day, as the province rollups keep it: the receipt adds `dossiers`
/// and `supplement_requests` on the receipt day, the closing adds `closed` and its figures on the close
/// day, and a dossier due before it closed adds one to `overdue` on its due day and takes it back on
/// the day it closed. Every figure of DOMAIN.md §7 observed at the end of `to` is then the sum of the
/// values whose day is on or before `to` (pending = dossiers − closed), so a rollup row holds a day,
/// not a (close day × due day) pair: those pairs multiplied with the data.
public struct ObservedValues: NamedCounts {
    public static let names = [
        "dossiers", "supplement_requests", "closed", "finished", "on_time", "early", "stopped", "withdrawn", "processing_minutes", "overdue",
    ]
    /// The closing figures, taken from the cohort values on the close day.
    public static let closing = ["finished", "on_time", "early", "stopped", "withdrawn", "processing_minutes"]

    public var values: [Int]

    public init(values: [Int]) { self.values = values }

    /// What a cohort row adds, by observation day.
    public static func days(_ key: CohortKey, _ values: CohortValues) -> [LocalDate: ObservedValues] {
        var result: [LocalDate: ObservedValues] = [:]
        func add(_ day: LocalDate, _ name: String, _ amount: Int) {
            guard amount != 0 else { return }
            result[day, default: ObservedValues()][name] += amount
        }
        let dossiers = values["dossiers"]
        add(key.receiveDay, "dossiers", dossiers)
        add(key.receiveDay, "supplement_requests", values["supplement_requests"])
        if key.closeDay != .distantFuture {
            add(key.closeDay, "closed", dossiers)
            for name in closing { add(key.closeDay, name, values[name]) }
        }
        if key.dueDay != .distantFuture {
            add(key.dueDay, "overdue", dossiers)
            if key.closeDay != .distantFuture { add(max(key.closeDay, key.dueDay), "overdue", -dossiers) }
        }
        return result.filter { !$0.value.isZero }
    }
}
