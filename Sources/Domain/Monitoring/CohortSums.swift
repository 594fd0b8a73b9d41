/// The cohort figures of a group of dossiers received in a period, observed at the period's last day
/// (DOMAIN.md §7). The SQL of the stores computes the same sums; `observe` is the definition they are
/// tested against.
public struct CohortSums: Hashable, Sendable, Codable {
    public var received = 0
    public var receivedOnline = 0
    /// Withdrawn by the period end: out of every share.
    public var withdrawn = 0
    /// Finished (resolved or stopped) by the period end.
    public var finished = 0
    public var onTime = 0
    public var early = 0
    public var stopped = 0
    public var processingMinutes = 0
    /// Neither finished nor withdrawn by the period end.
    public var pending = 0
    /// Pending with a due instant before the period end.
    public var pendingOverdue = 0
    public var supplementRequests = 0

    public init() {}

    public static func + (lhs: CohortSums, rhs: CohortSums) -> CohortSums {
        var sum = lhs
        sum.received += rhs.received
        sum.receivedOnline += rhs.receivedOnline
        sum.withdrawn += rhs.withdrawn
        sum.finished += rhs.finished
        sum.onTime += rhs.onTime
        sum.early += rhs.early
        sum.stopped += rhs.stopped
        sum.processingMinutes += rhs.processingMinutes
        sum.pending += rhs.pending
        sum.pendingOverdue += rhs.pendingOverdue
        sum.supplementRequests += rhs.supplementRequests
        return sum
    }

    /// Adds one cohort row received within the period, seen at the end of the day `end`.
    public mutating func add(_ key: CohortKey, _ values: CohortValues, end: LocalDate) {
        received += values["dossiers"]
        if key.dimensions.channel.isOnline { receivedOnline += values["dossiers"] }
        supplementRequests += values["supplement_requests"]
        if key.closeDay <= end {
            withdrawn += values["withdrawn"]
            finished += values["finished"]
            onTime += values["on_time"]
            early += values["early"]
            stopped += values["stopped"]
            processingMinutes += values["processing_minutes"]
        } else {
            pending += values["dossiers"]
            if key.dueDay <= end { pendingOverdue += values["dossiers"] }
        }
    }

    /// The sums of the rows received between `from` and `to` (inclusive), observed at the end of `to`.
    public static func observe(_ rows: [CohortKey: CohortValues], from: LocalDate, to: LocalDate) -> CohortSums {
        var sums = CohortSums()
        for (key, values) in rows where key.receiveDay >= from && key.receiveDay <= to { sums.add(key, values, end: to) }
        return sums
    }
}
