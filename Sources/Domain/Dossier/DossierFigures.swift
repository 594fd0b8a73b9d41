/// The statistics fields of one dossier, as DOMAIN.md §7 defines them.
public struct DossierFigures: Hashable, Sendable, Codable {
    /// Finished (resolved or stopped) by the finish instant.
    public var finished: Bool
    /// Finished by the original due instant with at most one supplement request; nil while unfinished.
    public var onTime: Bool?
    /// Early / on time / late; late also when more than one supplement was requested.
    public var verdict: Verdict?
    public var supplementRequests: Int
    public var apologies: Int
    /// Working minutes the clock stood still (supplements, payments).
    public var pausedMinutes: Int
    /// Working minutes from the clock start to the finish, net of pauses.
    public var processingMinutes: Int?
    public var withdrawn: Bool

    public init(_ dossier: Dossier) {
        finished = dossier.finishedAt != nil
        supplementRequests = dossier.supplementRequests
        apologies = dossier.apologies
        pausedMinutes = dossier.pausedMinutes
        processingMinutes = dossier.processingMinutes
        withdrawn = dossier.withdrawnAt != nil
        if let finishedAt = dossier.finishedAt, let due = dossier.dueAt {
            let byTime = Verdict.of(finished: finishedAt, due: due)
            let late = byTime == .late || dossier.supplementRequests > 1
            onTime = !late
            verdict = late ? .late : byTime
        }
    }

    /// Pending at `end` (the first instant after the period): received, not finished and not withdrawn
    /// before it — on track (true) or overdue (false). A paused dossier is on track unless it was
    /// overdue when the pause began, because its due time moves with the pause.
    public static func pendingState(_ dossier: Dossier, at end: Instant) -> Bool? {
        guard let received = dossier.receivedAt, received < end, let due = dossier.dueAt else { return nil }
        if let finished = dossier.finishedAt, finished < end { return nil }
        if let withdrawn = dossier.withdrawnAt, withdrawn < end { return nil }
        if let paused = dossier.pausedSince, paused <= due { return true }
        return end <= due
    }
}
