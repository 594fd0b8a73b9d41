/// Thresholds above which a unit is flagged for its leaders' attention (Resolution 268 §III: monitor
/// and act). Settings: the defaults are a starting point, not law.
public struct AlertThresholds: Sendable, Equatable, Codable {
    /// Overdue pending dossiers, of all pending, at the period end.
    public var overdueShare: Double
    /// Pending dossiers (on track or overdue) at the period end.
    public var backlog: Int
    /// Units with fewer pending dossiers are not judged on their overdue share (one late file of two is no trend).
    public var minimumPending: Int

    public init(overdueShare: Double = 0.10, backlog: Int = 100, minimumPending: Int = 5) {
        self.overdueShare = overdueShare
        self.backlog = backlog
        self.minimumPending = minimumPending
    }
}

/// A unit over a threshold, with the figures that put it there.
public struct Alert: Sendable, Equatable, Encodable {
    public enum Reason: String, Sendable, Codable { case overdueShare, backlog }

    public var group: [String: String]
    public var reasons: [Reason]
    public var pending: Int
    public var pendingOverdue: Int
    public var overdueShare: Double?
    /// What is wrong, in Vietnamese, for the dashboard and the e-mail.
    public var message: String

    /// The rows over a threshold, the most overdue first.
    public static func evaluate(_ rows: [IndicatorRow], thresholds: AlertThresholds) -> [Alert] {
        rows.compactMap { row -> Alert? in
            let pending = row.cohort.pending
            let share = IndicatorRow.share(row.pendingOverdue, pending)
            var reasons: [Reason] = []
            var parts: [String] = []
            if pending >= thresholds.minimumPending, let share, share > thresholds.overdueShare {
                reasons.append(.overdueShare)
                parts.append("\(row.pendingOverdue)/\(pending) hồ sơ đang giải quyết đã quá hạn (\(VietnameseFormat.percent(share)))")
            }
            if pending > thresholds.backlog {
                reasons.append(.backlog)
                parts.append("tồn đọng \(pending) hồ sơ, vượt ngưỡng \(thresholds.backlog)")
            }
            guard !reasons.isEmpty else { return nil }
            return Alert(
                group: row.group, reasons: reasons, pending: pending, pendingOverdue: row.pendingOverdue, overdueShare: share,
                message: parts.joined(separator: "; ")
            )
        }
        .sorted { ($0.overdueShare ?? 0, $0.pending) > ($1.overdueShare ?? 0, $1.pending) }
    }
}
