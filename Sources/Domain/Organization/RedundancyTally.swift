/// Totals of the redundancy pipeline for a group (the nation, a province, a unit), as Resolution 268
/// reports them, with the ageing of the cases still waiting: days since their stage began, at `asOf`.
public struct RedundancyTally: Hashable, Sendable, Codable {
    /// Upper bounds (days, inclusive) of the ageing buckets; the last bucket is open-ended.
    public static let ageingBounds = [30, 60, 90]

    /// Cases with a leave decision: every case.
    public var decisions = 0
    /// Funding requested or approved (or already paid): the resolution's "đã đề nghị hoặc đã phê duyệt kinh phí".
    public var fundingRequested = 0
    public var approved = 0
    public var paid = 0
    public var requestedDong = 0
    public var approvedDong = 0
    public var paidDong = 0
    /// Cases not yet paid, by stage, counted per ageing bucket (0–30, 31–60, 61–90, over 90 days).
    public var waiting: [RedundancyCase.Stage: [Int]] = [:]

    public init() {}

    /// Adds `cases` cases at `stage` since `since`, with their amounts summed.
    public mutating func add(
        stage: RedundancyCase.Stage, since: LocalDate, cases: Int, requestedDong: Int, approvedDong: Int, paidDong: Int, asOf: LocalDate
    ) {
        decisions += cases
        if stage >= .requested { fundingRequested += cases }
        if stage >= .approved { approved += cases }
        if stage == .paid { paid += cases }
        self.requestedDong += requestedDong
        self.approvedDong += approvedDong
        self.paidDong += paidDong
        guard stage != .paid else { return }
        var buckets = waiting[stage] ?? Array(repeating: 0, count: Self.ageingBounds.count + 1)
        buckets[Self.bucket(days: asOf.daysSinceEpoch - since.daysSinceEpoch)] += cases
        waiting[stage] = buckets
    }

    public mutating func add(_ redundancy: RedundancyCase, asOf: LocalDate) {
        add(
            stage: redundancy.stage, since: redundancy.stageSince, cases: 1, requestedDong: redundancy.requested?.dong ?? 0,
            approvedDong: redundancy.approved?.dong ?? 0, paidDong: redundancy.paid?.dong ?? 0, asOf: asOf
        )
    }

    /// The bucket of an age in days; a case dated after `asOf` counts as new.
    public static func bucket(days: Int) -> Int {
        ageingBounds.firstIndex { days <= $0 } ?? ageingBounds.count
    }

    /// Cases waiting more than the last bound (90 days) at any stage: what a province must chase.
    public var waitingLong: Int { waiting.values.reduce(0) { $0 + ($1.last ?? 0) } }

    public static func + (lhs: RedundancyTally, rhs: RedundancyTally) -> RedundancyTally {
        var sum = lhs
        sum.decisions += rhs.decisions
        sum.fundingRequested += rhs.fundingRequested
        sum.approved += rhs.approved
        sum.paid += rhs.paid
        sum.requestedDong += rhs.requestedDong
        sum.approvedDong += rhs.approvedDong
        sum.paidDong += rhs.paidDong
        for (stage, buckets) in rhs.waiting {
            sum.waiting[stage] = zip(sum.waiting[stage] ?? Array(repeating: 0, count: buckets.count), buckets).map { $0 + $1 }
        }
        return sum
    }
}
