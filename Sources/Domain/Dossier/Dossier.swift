/// A dossier as its events have made it: the current-dossier projection. Nothing sets these fields but
/// `applying(_:)`, so replaying the events always rebuilds the same dossier.
public struct Dossier: Hashable, Sendable, Codable {
    public var opening: DossierOpening
    /// The number of events so far; commands must name it (If-Match).
    public var version: Int
    public var status: DossierStatus
    public var submittedAt: Instant
    public var receivedAt: Instant?
    public var clockStart: Instant?
    /// The due instant for statistics: the limit counted from the clock start, pushed by pauses, never
    /// moved by an apology.
    public var dueAt: Instant?
    /// What the applicant was told: the due instant, or the new date of the latest apology.
    public var appointment: Instant?
    public var pauses: [Pause]
    /// Start of the pause in progress (supplement or payment).
    public var pausedSince: Instant?
    public var pausedMinutes: Int
    public var supplementRequests: Int
    public var missing: [String]
    public var apologies: Int
    public var proposal: Outcome?
    public var decision: Outcome?
    public var assignee: String?
    public var currentAgency: String
    public var currentUnit: String
    public var steps: [DossierStep]
    public var amountDue: Int?
    public var payments: [Int]
    public var paymentChannels: [PaymentChannel]
    /// The first resolve or stop: the finish instant of DOMAIN.md §7.
    public var finishedAt: Instant?
    public var outcome: Outcome?
    public var resultDocuments: [String]
    public var resultSignatures: [ResultSignature]
    /// Every file any event attached (checklist scans, supplements, results): what may be downloaded.
    public var files: [String]
    public var returnedAt: Instant?
    public var returnChannel: ReturnChannel?
    public var processingMinutes: Int?
    public var withdrawnAt: Instant?
    public var rating: Int?
    public var ratingComment: String?
    public var lastEventAt: Instant
    /// What the applicant may see of each event: no officer, no personal data.
    public var history: [HistoryEntry]

    public struct HistoryEntry: Hashable, Sendable, Codable {
        public var at: Instant
        public var kind: DossierEvent.Kind
        public var status: DossierStatus
        public var reason: String?
        public var missing: [String]?
        public var appointment: Instant?
    }

    public var code: String { opening.code }
    public var provinceCode: String { opening.provinceCode }

    /// The dossier a first event opens.
    init(opening: DossierOpening, at: Instant) {
        self.opening = opening
        version = 0
        status = .submitted
        submittedAt = at
        pauses = []
        pausedMinutes = 0
        supplementRequests = 0
        missing = []
        apologies = 0
        currentAgency = opening.receivingAgency
        currentUnit = opening.receivingUnit
        steps = []
        payments = []
        paymentChannels = []
        resultDocuments = []
        resultSignatures = []
        files = []
        lastEventAt = at
        history = []
    }

    /// The state the life-cycle rules look at.
    var progress: DossierProgress {
        var progress = DossierProgress(status: status)
        progress.proposed = proposal != nil
        progress.decided = decision != nil
        progress.rated = rating != nil
        progress.supplementRequests = supplementRequests
        progress.apologies = apologies
        return progress
    }

    /// The empty dossier an opening event starts from (before the event is applied).
    public static func opened(by event: DossierEvent) -> Dossier? {
        event.details.opening.map { Dossier(opening: $0, at: event.at) }
    }

    /// Rebuilds a dossier from its events, in order; nil when the first is not an opening.
    public static func replay(_ events: [DossierEvent]) -> Dossier? {
        guard let first = events.first, let opening = first.details.opening else { return nil }
        var dossier = Dossier(opening: opening, at: first.at)
        for event in events { dossier = dossier.applying(event) }
        return dossier
    }

    /// The dossier after one more event. Pure bookkeeping: the decision was taken by `DossierDecider`.
    public func applying(_ event: DossierEvent) -> Dossier {
        var next = self
        let details = event.details
        next.version = event.sequence
        next.status = event.to
        next.lastEventAt = event.at
        next.history.append(HistoryEntry(
            at: event.at, kind: event.kind, status: event.to, reason: event.reason, missing: details.missing, appointment: details.appointment
        ))
        if let clockStart = details.clockStart { next.clockStart = clockStart }
        if let dueAt = details.dueAt { next.dueAt = dueAt }
        if let appointment = details.appointment { next.appointment = appointment }
        func closeStep() {
            if let index = next.steps.lastIndex(where: { $0.finishedAt == nil }) { next.steps[index].finish(at: event.at) }
        }
        func openStep(_ kind: DossierStep.Kind, agency: String, unit: String, handler: String?, due: Instant?) {
            closeStep()
            next.steps.append(DossierStep(
                sequence: next.steps.count + 1, kind: kind, agencyCode: agency, unitCode: unit, handler: handler, givenAt: event.at, dueAt: due
            ))
            next.currentAgency = agency
            next.currentUnit = unit
        }
        if let given = details.files {
            for index in next.opening.documents.indices {
                if let digest = given[next.opening.documents[index].name] { next.opening.documents[index].file = digest }
            }
        }
        for digest in (details.files.map { Array($0.values) } ?? []) + event.attachments where !next.files.contains(digest) {
            next.files.append(digest)
        }
        func endPause() {
            guard let since = next.pausedSince else { return }
            if let pause = try? Pause(from: since, to: event.at) { next.pauses.append(pause) }
            next.pausedMinutes += details.pausedMinutes ?? 0
            next.pausedSince = nil
        }
        switch event.kind {
        case .submit:
            next.submittedAt = event.at
        case .receive:
            next.receivedAt = event.at
            if let provided = details.provided {
                for index in next.opening.documents.indices where provided.contains(next.opening.documents[index].name) {
                    next.opening.documents[index].provided = true
                }
            }
            openStep(.reception, agency: opening.receivingAgency, unit: opening.receivingUnit, handler: event.actor.userID, due: nil)
        case .refuseAtIntake:
            break
        case .assign:
            next.assignee = details.assignee
            openStep(.handling, agency: details.targetAgency ?? next.currentAgency, unit: details.targetUnit ?? next.currentUnit,
                     handler: details.assignee, due: details.stepDue)
        case .transfer:
            next.assignee = nil
            openStep(.transfer, agency: details.targetAgency ?? next.currentAgency, unit: details.targetUnit ?? next.currentUnit,
                     handler: nil, due: details.stepDue)
        case .proposeDecision:
            next.proposal = details.outcome
        case .decide:
            next.decision = details.outcome
        case .requestSupplement:
            next.supplementRequests += 1
            next.missing = details.missing ?? []
            next.pausedSince = event.at
        case .receiveSupplement:
            next.missing = []
            endPause()
        case .requestPayment:
            next.amountDue = details.amount
            if details.clockStops != false { next.pausedSince = event.at }
        case .recordPayment:
            next.payments.append(details.amount ?? 0)
            if let channel = details.paymentChannel { next.paymentChannels.append(channel) }
            endPause()
        case .apologise:
            next.apologies += 1
        case .stop:
            endPause()
            closeStep()
            if next.finishedAt == nil {
                next.finishedAt = event.at
                next.processingMinutes = details.processingMinutes
            }
        case .resolve:
            next.outcome = details.outcome ?? next.decision
            next.resultDocuments = event.attachments
            next.resultSignatures = details.signatures ?? []
            if next.finishedAt == nil {
                next.finishedAt = event.at
                next.processingMinutes = details.processingMinutes
            }
            openStep(.return, agency: opening.returnAgency ?? opening.receivingAgency, unit: opening.returnUnit, handler: nil, due: nil)
        case .returnResult:
            next.returnedAt = event.at
            next.returnChannel = details.returnChannel
            closeStep()
        case .withdraw:
            endPause()
            closeStep()
            next.withdrawnAt = event.at
        case .rate:
            next.rating = details.rating
            next.ratingComment = details.comment
        case .correctAddress:
            next.opening.applicant.communeCode = details.communeAfter
        }
        return next
    }
}
