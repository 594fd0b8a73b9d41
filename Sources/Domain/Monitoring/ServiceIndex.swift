/// The service index of Decision 766/QĐ-TTg (DOMAIN.md §8): groups of sub-indicators, each scoring its
/// maximum when its ratio reaches the target, else in proportion. Maxima, targets and bands come from
/// a versioned configuration file, because the national portal changes them.
public struct ServiceIndexConfiguration: Sendable, Codable, Equatable {
    public var version: String
    public var source: String
    public var notes: String?
    public var groups: [Group]
    /// Bands from the highest minimum down; the last one has minimum 0.
    public var bands: [Band]

    public struct Group: Sendable, Codable, Equatable {
        public var key: String
        public var name: String
        public var maximum: Double
        public var indicators: [Indicator]
    }

    public struct Indicator: Sendable, Codable, Equatable {
        public var key: String
        public var name: String
        public var metric: ServiceIndexMetric
        public var maximum: Double
        /// The ratio (0–1) at which the full maximum is scored.
        public var target: Double
        public var notes: String?
    }

    public struct Band: Sendable, Codable, Equatable {
        public var key: String
        public var name: String
        public var minimum: Double
    }

    /// What is wrong with a configuration: maxima that do not add up, targets out of range, bands unordered.
    public var problems: [String] {
        var problems: [String] = []
        let total = groups.reduce(0) { $0 + $1.maximum }
        if abs(total - 100) > 1e-9 { problems.append("the groups' maxima add up to \(total), not 100") }
        for group in groups {
            let sum = group.indicators.reduce(0) { $0 + $1.maximum }
            if abs(sum - group.maximum) > 1e-9 { problems.append("group \(group.key): indicators add up to \(sum), not \(group.maximum)") }
            for indicator in group.indicators where !(indicator.target > 0 && indicator.target <= 1) || indicator.maximum <= 0 {
                problems.append("indicator \(indicator.key): target must be in (0, 1] and the maximum above 0")
            }
        }
        if bands.isEmpty || bands.last?.minimum != 0 || zip(bands, bands.dropFirst()).contains(where: { $0.minimum <= $1.minimum }) {
            problems.append("bands must go from the highest minimum down to 0")
        }
        return problems
    }

    public func band(of points: Double) -> Band? { bands.first { points >= $0.minimum } }
}

/// The ratios a sub-indicator can be measured by (fractions 0–1 of the reported period).
public enum ServiceIndexMetric: String, Sendable, Codable, CaseIterable {
    case onlineShare, resolvedShare, onTimeShare, digitisedShare, eResultShare, onlinePaymentShare, satisfactionShare
    /// Late dossiers finished in the period that had an apology with a new date, of all late ones.
    case apologyShare
    /// Status changes delivered to the National Public Service Portal, of all that were due.
    case portalSyncShare

    /// The ratio of a report row; `portalSyncShare` comes from the outbox, not from the counters.
    public func ratio(_ row: IndicatorRow, portalSync: Double?) -> Double? {
        switch self {
        case .onlineShare: row.onlineShare
        case .resolvedShare: row.resolvedShare
        case .onTimeShare: row.onTimeShare
        case .digitisedShare: row.digitisedShare
        case .eResultShare: row.eResultShare
        case .onlinePaymentShare: row.onlinePaymentShare
        case .satisfactionShare: row.satisfactionShare
        case .apologyShare: row.flow["resolved_late"] == 0 ? nil : min(1, Double(row.flow["apologies"]) / Double(row.flow["resolved_late"]))
        case .portalSyncShare: portalSync
        }
    }
}

/// One unit's index: points per sub-indicator and group, the total and its band.
public struct ServiceIndexScore: Sendable, Encodable, Equatable {
    public var points: Double
    public var band: String?
    public var bandName: String?
    public var groups: [GroupScore]

    public struct GroupScore: Sendable, Encodable, Equatable {
        public var key: String
        public var name: String
        public var maximum: Double
        public var points: Double
        public var indicators: [IndicatorScore]
    }

    public struct IndicatorScore: Sendable, Encodable, Equatable {
        public var key: String
        public var name: String
        /// Null when there was nothing to measure (no dossier of the kind): it scores 0.
        public var ratio: Double?
        public var target: Double
        public var maximum: Double
        public var points: Double
    }

    /// `Pmax` when the ratio reaches the target, else `ratio × Pmax ÷ target` (DOMAIN.md §8).
    public static func points(ratio: Double?, target: Double, maximum: Double) -> Double {
        guard let ratio else { return 0 }
        return ratio >= target ? maximum : max(0, ratio) * maximum / target
    }

    public init(configuration: ServiceIndexConfiguration, ratio: (ServiceIndexMetric) -> Double?) {
        groups = configuration.groups.map { group in
            let indicators = group.indicators.map { indicator in
                let value = ratio(indicator.metric)
                return IndicatorScore(
                    key: indicator.key, name: indicator.name, ratio: value, target: indicator.target, maximum: indicator.maximum,
                    points: Self.points(ratio: value, target: indicator.target, maximum: indicator.maximum)
                )
            }
            return GroupScore(
                key: group.key, name: group.name, maximum: group.maximum, points: indicators.reduce(0) { $0 + $1.points },
                indicators: indicators
            )
        }
        points = groups.reduce(0) { $0 + $1.points }
        let band = configuration.band(of: points)
        self.band = band?.key
        bandName = band?.name
    }
}
