/// Before and after a procedure changed (Resolution 268 §III.12: review decentralisation by its effects):
/// the cohorts received under each version of a procedure side by side, each with its change from the
/// version before. A later version's cohort is younger at the period end, so a fair comparison takes a
/// period that gives both time to finish; the figures themselves are those of DOMAIN.md §7.
public struct VersionComparison: Sendable, Encodable, Equatable {
    public struct Figures: Sendable, Encodable, Equatable {
        public var onlineShare: Double?
        public var resolvedShare: Double?
        public var onTimeShare: Double?
        public var avgProcessingDays: Double?
        public var supplementsPerDossier: Double?
        public var satisfactionShare: Double?

        init(_ row: IndicatorRow) {
            onlineShare = row.onlineShare
            resolvedShare = row.resolvedShare
            onTimeShare = row.onTimeShare
            avgProcessingDays = row.avgProcessingDays
            supplementsPerDossier = row.supplementsPerDossier
            satisfactionShare = row.satisfactionShare
        }

        init(after: Figures, before: Figures) {
            func minus(_ a: Double?, _ b: Double?) -> Double? {
                guard let a, let b else { return nil }
                return a - b
            }
            onlineShare = minus(after.onlineShare, before.onlineShare)
            resolvedShare = minus(after.resolvedShare, before.resolvedShare)
            onTimeShare = minus(after.onTimeShare, before.onTimeShare)
            avgProcessingDays = minus(after.avgProcessingDays, before.avgProcessingDays)
            supplementsPerDossier = minus(after.supplementsPerDossier, before.supplementsPerDossier)
            satisfactionShare = minus(after.satisfactionShare, before.satisfactionShare)
        }
    }

    public struct Version: Sendable, Encodable, Equatable {
        public var validFrom: String
        public var received: Int
        public var resolved: Int
        public var figures: Figures
        /// This version's figures minus the previous version's; absent for the first version, and each
        /// part absent when either side had nothing to measure.
        public var change: Figures?
    }

    public var procedure: String
    public var versions: [Version]

    /// One comparison per procedure, from rows grouped by `version` (`CODE@YYYY-MM-DD`), versions oldest
    /// first; procedures are in code order.
    public static func compare(_ rows: [IndicatorRow]) -> [VersionComparison] {
        var byProcedure: [String: [(validFrom: String, row: IndicatorRow)]] = [:]
        for row in rows {
            let parts = (row.group[ReportDimension.version.rawValue] ?? "").split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            byProcedure[parts[0], default: []].append((parts[1], row))
        }
        return byProcedure.keys.sorted().map { code in
            var versions: [Version] = []
            for (validFrom, row) in byProcedure[code]!.sorted(by: { $0.validFrom < $1.validFrom }) {
                let figures = Figures(row)
                versions.append(Version(
                    validFrom: validFrom, received: row.received, resolved: row.resolved, figures: figures,
                    change: versions.last.map { Figures(after: figures, before: $0.figures) }
                ))
            }
            return VersionComparison(procedure: code, versions: versions)
        }
    }
}
