/// The indicators of one group (a row of a report), as DOMAIN.md §7 defines them. Shares are
/// fractions from 0 to 1, and null where their denominator is zero.
public struct IndicatorRow: Sendable, Equatable {
    /// The group's value of each dimension the report is broken down by (empty for the total).
    public var group: [String: String]
    public var cohort: CohortSums
    public var flow: CounterValues

    public init(group: [String: String] = [:], cohort: CohortSums, flow: CounterValues) {
        self.group = group
        self.cohort = cohort
        self.flow = flow
    }

    /// `part ÷ whole`, nil when there is nothing to divide by.
    public static func share(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    public var received: Int { cohort.received }
    public var receivedOnline: Int { cohort.receivedOnline }
    public var onlineShare: Double? { Self.share(cohort.receivedOnline, cohort.received) }
    /// Finished by the period end (resolved or stopped), of the dossiers received in the period.
    public var resolved: Int { cohort.finished }
    public var resolvedShare: Double? { Self.share(cohort.finished, cohort.received - cohort.withdrawn) }
    public var onTime: Int { cohort.onTime }
    public var onTimeShare: Double? { Self.share(cohort.onTime, cohort.finished) }
    public var late: Int { cohort.finished - cohort.onTime }
    public var pendingOnTrack: Int { cohort.pending - cohort.pendingOverdue }
    public var pendingOverdue: Int { cohort.pendingOverdue }
    /// Working days (8 hours) from the clock start to the finish, net of pauses, over finished dossiers.
    public var avgProcessingDays: Double? {
        cohort.finished == 0 ? nil : Double(cohort.processingMinutes) / Double(cohort.finished) / Double(8 * 60)
    }
    public var supplementsPerDossier: Double? { Self.share(cohort.supplementRequests, cohort.received) }

    // Flow figures: whatever happened in the period, whatever the receipt day.
    public var receivedInPeriod: Int { flow.values[At.received] }
    public var finishedInPeriod: Int { flow.values[At.finished] }
    public var digitisedShare: Double? { Self.share(flow.values[At.digitised], flow.values[At.finished] - flow.values[At.stopped]) }
    public var eResultShare: Double? { Self.share(flow.values[At.eResults], flow.values[At.finished] - flow.values[At.stopped]) }
    public var onlinePaymentShare: Double? { Self.share(flow.values[At.onlinePayments], flow.values[At.payments]) }
    public var ratingMean: Double? {
        flow.values[At.ratings] == 0 ? nil : Double(flow.values[At.ratingSum]) / Double(flow.values[At.ratings])
    }
    /// Ratings of 4 or 5, of all ratings.
    public var satisfactionShare: Double? { Self.share(flow.values[At.ratingsHigh], flow.values[At.ratings]) }
    public var pausedDays: Double { Double(flow.values[At.pausedMinutes]) / 480 }

    /// Where the flow figures' counters are among the daily counters' values, found once: looked up by
    /// name, the comparisons were a few per cent of a nationwide report's CPU (perf, BENCHMARKS).
    enum At {
        static let received = position("received"), finished = position("finished"), stopped = position("stopped")
        static let digitised = position("digitised"), eResults = position("e_results"), payments = position("payments")
        static let onlinePayments = position("online_payments"), ratings = position("ratings"), ratingSum = position("rating_sum")
        static let ratingsHigh = position("ratings_high"), pausedMinutes = position("paused_minutes")

        static func position(_ name: String) -> Int {
            guard let index = CounterValues.names.firstIndex(of: name) else { preconditionFailure("no daily counter \(name)") }
            return index
        }
    }
}

extension IndicatorRow: Encodable {
    enum Keys: String, CodingKey {
        case group, received, receivedOnline, onlineShare, resolved, resolvedShare, onTime, onTimeShare, late, early, stopped,
             withdrawn, pendingOnTrack, pendingOverdue, avgProcessingDays, processingMinutes, supplementRequests, supplementsPerDossier, flow
    }

    enum FlowKeys: String, CodingKey {
        case submitted, received, refusedAtIntake, finished, resolvedEarly, resolvedOnTime, resolvedLate, approved, refusedOnMerits,
             stopped, withdrawn, returned, supplements, apologies, pausedDays, digitised, digitisedShare, eResults, eResultShare,
             payments, onlinePayments, onlinePaymentShare, ratings, ratingSum, ratingsHigh, ratingMean, satisfactionShare, pausedMinutes,
             processingMinutes

        /// The counter each encoded count comes from (shares and means are computed, not stored).
        static let counters: [(FlowKeys, String)] = [
            (.submitted, "submitted"), (.received, "received"), (.refusedAtIntake, "refused_at_intake"), (.finished, "finished"),
            (.resolvedEarly, "resolved_early"), (.resolvedOnTime, "resolved_on_time"), (.resolvedLate, "resolved_late"),
            (.approved, "approved"), (.refusedOnMerits, "refused_on_merits"), (.stopped, "stopped"), (.withdrawn, "withdrawn"),
            (.returned, "returned"), (.supplements, "supplements"), (.apologies, "apologies"), (.digitised, "digitised"),
            (.eResults, "e_results"), (.payments, "payments"), (.onlinePayments, "online_payments"), (.ratings, "ratings"),
            (.ratingSum, "rating_sum"), (.ratingsHigh, "ratings_high"), (.pausedMinutes, "paused_minutes"),
            (.processingMinutes, "processing_minutes"),
        ]
    }

    /// Where each encoded count is among the daily counters' values, found once.
    static let flowIndexes: [(key: FlowKeys, index: Int)] = FlowKeys.counters.compactMap { key, name in
        CounterValues.names.firstIndex(of: name).map { (key, $0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        func share(_ value: Double?, _ key: Keys) throws {
            if let value { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        try container.encode(group, forKey: .group)
        try container.encode(received, forKey: .received)
        try container.encode(receivedOnline, forKey: .receivedOnline)
        try share(onlineShare, .onlineShare)
        try container.encode(resolved, forKey: .resolved)
        try share(resolvedShare, .resolvedShare)
        try container.encode(onTime, forKey: .onTime)
        try share(onTimeShare, .onTimeShare)
        try container.encode(late, forKey: .late)
        try container.encode(cohort.early, forKey: .early)
        try container.encode(cohort.stopped, forKey: .stopped)
        try container.encode(cohort.withdrawn, forKey: .withdrawn)
        try container.encode(pendingOnTrack, forKey: .pendingOnTrack)
        try container.encode(pendingOverdue, forKey: .pendingOverdue)
        try share(avgProcessingDays, .avgProcessingDays)
        try container.encode(cohort.processingMinutes, forKey: .processingMinutes)
        try container.encode(cohort.supplementRequests, forKey: .supplementRequests)
        try share(supplementsPerDossier, .supplementsPerDossier)
        var flowContainer = container.nestedContainer(keyedBy: FlowKeys.self, forKey: .flow)
        func optional(_ value: Double?, _ key: FlowKeys) throws {
            if let value { try flowContainer.encode(value, forKey: key) } else { try flowContainer.encodeNil(forKey: key) }
        }
        for (key, index) in Self.flowIndexes { try flowContainer.encode(flow.values[index], forKey: key) }
        try flowContainer.encode(pausedDays, forKey: .pausedDays)
        try optional(digitisedShare, .digitisedShare)
        try optional(eResultShare, .eResultShare)
        try optional(onlinePaymentShare, .onlinePaymentShare)
        try optional(ratingMean, .ratingMean)
        try optional(satisfactionShare, .satisfactionShare)
    }
}

extension IndicatorRow: JSONObjectWritable {
    /// `encode(to:)`'s members, written straight to the stream (`StreamingJSONEncoderTests` holds the
    /// two equal).
    public func write(to object: inout JSONObjectWriter) throws {
        object.member(Keys.group.rawValue, group)
        object.member(Keys.received.rawValue, received)
        object.member(Keys.receivedOnline.rawValue, receivedOnline)
        try object.member(Keys.onlineShare.rawValue, onlineShare)
        object.member(Keys.resolved.rawValue, resolved)
        try object.member(Keys.resolvedShare.rawValue, resolvedShare)
        object.member(Keys.onTime.rawValue, onTime)
        try object.member(Keys.onTimeShare.rawValue, onTimeShare)
        object.member(Keys.late.rawValue, late)
        object.member(Keys.early.rawValue, cohort.early)
        object.member(Keys.stopped.rawValue, cohort.stopped)
        object.member(Keys.withdrawn.rawValue, cohort.withdrawn)
        object.member(Keys.pendingOnTrack.rawValue, pendingOnTrack)
        object.member(Keys.pendingOverdue.rawValue, pendingOverdue)
        try object.member(Keys.avgProcessingDays.rawValue, avgProcessingDays)
        object.member(Keys.processingMinutes.rawValue, cohort.processingMinutes)
        object.member(Keys.supplementRequests.rawValue, cohort.supplementRequests)
        try object.member(Keys.supplementsPerDossier.rawValue, supplementsPerDossier)
        try object.member(Keys.flow.rawValue) { flowObject in
            for (key, index) in Self.flowIndexes { flowObject.member(key.rawValue, flow.values[index]) }
            try flowObject.member(FlowKeys.pausedDays.rawValue, pausedDays)
            try flowObject.member(FlowKeys.digitisedShare.rawValue, digitisedShare)
            try flowObject.member(FlowKeys.eResultShare.rawValue, eResultShare)
            try flowObject.member(FlowKeys.onlinePaymentShare.rawValue, onlinePaymentShare)
            try flowObject.member(FlowKeys.ratingMean.rawValue, ratingMean)
            try flowObject.member(FlowKeys.satisfactionShare.rawValue, satisfactionShare)
        }
    }
}

extension IndicatorRow: Decodable {
    /// Reads back what `encode` wrote (stored monthly reports): the counts, from which every share follows.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        group = try container.decode([String: String].self, forKey: .group)
        cohort = CohortSums()
        cohort.received = try container.decode(Int.self, forKey: .received)
        cohort.receivedOnline = try container.decode(Int.self, forKey: .receivedOnline)
        cohort.finished = try container.decode(Int.self, forKey: .resolved)
        cohort.onTime = try container.decode(Int.self, forKey: .onTime)
        cohort.early = try container.decode(Int.self, forKey: .early)
        cohort.stopped = try container.decode(Int.self, forKey: .stopped)
        cohort.withdrawn = try container.decode(Int.self, forKey: .withdrawn)
        cohort.pendingOverdue = try container.decode(Int.self, forKey: .pendingOverdue)
        cohort.pending = try container.decode(Int.self, forKey: .pendingOnTrack) + cohort.pendingOverdue
        cohort.processingMinutes = try container.decode(Int.self, forKey: .processingMinutes)
        cohort.supplementRequests = try container.decode(Int.self, forKey: .supplementRequests)
        let flowContainer = try container.nestedContainer(keyedBy: FlowKeys.self, forKey: .flow)
        flow = CounterValues()
        for (key, name) in FlowKeys.counters { flow[name] = try flowContainer.decode(Int.self, forKey: key) }
    }
}
