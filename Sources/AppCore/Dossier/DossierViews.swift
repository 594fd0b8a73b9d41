public import Domain

/// A dossier as officers see it: everything but the secret's hash; the applicant's ID number and phone
/// masked (the full record is a separate, logged request).
public struct DossierView: Sendable, Codable, Equatable {
    public struct Procedure: Sendable, Codable, Equatable {
        public var code: String
        public var validFrom: LocalDate
        public var name: String
        public var field: String
        public var level: ProcedureVersion.Level
        public var limit: TimeLimit
    }

    public var code: String
    public var version: Int
    public var status: DossierStatus
    public var statusName: String
    public var provinceCode: String
    public var procedure: Procedure
    public var channel: Channel
    public var receivingUnit: String
    public var receivingAgency: String
    public var competentUnit: String
    public var competentAgency: String
    public var returnUnit: String
    public var currentAgency: String
    public var currentUnit: String
    public var assignee: String?
    public var applicant: Applicant
    public var summary: String?
    public var documents: [ReceivedDocument]
    public var portalID: String?
    public var submittedAt: Instant
    public var receivedAt: Instant?
    public var clockStart: Instant?
    public var dueAt: Instant?
    public var appointment: Instant?
    public var missing: [String]
    public var proposal: Outcome?
    public var decision: Outcome?
    public var outcome: Outcome?
    public var amountDue: Int?
    public var payments: [Int]
    public var finishedAt: Instant?
    public var returnedAt: Instant?
    public var returnChannel: ReturnChannel?
    public var withdrawnAt: Instant?
    public var rating: Int?
    public var ratingComment: String?
    public var resultDocuments: [String]
    public var figures: DossierFigures
    public var steps: [DossierStep]
    /// Only in the answer that files the dossier: the secret the applicant looks it up with.
    public var lookupSecret: String?

    public init(_ dossier: Dossier, masked: Bool = true, lookupSecret: String? = nil) {
        let opening = dossier.opening
        code = dossier.code
        version = dossier.version
        status = dossier.status
        statusName = dossier.status.vietnameseName
        provinceCode = dossier.provinceCode
        procedure = Procedure(
            code: opening.procedureCode, validFrom: opening.procedureValidFrom, name: opening.procedureName, field: opening.field,
            level: opening.level, limit: opening.limit
        )
        channel = opening.channel
        receivingUnit = opening.receivingUnit
        receivingAgency = opening.receivingAgency
        competentUnit = opening.competentUnit
        competentAgency = opening.competentAgency
        returnUnit = opening.returnUnit
        currentAgency = dossier.currentAgency
        currentUnit = dossier.currentUnit
        assignee = dossier.assignee
        var applicant = opening.applicant
        if masked {
            applicant.personalID = applicant.personalID.map(Masking.personalID)
            applicant.phone = applicant.phone.map(Masking.phone)
        }
        self.applicant = applicant
        summary = opening.summary
        documents = opening.documents
        portalID = opening.portalID
        submittedAt = dossier.submittedAt
        receivedAt = dossier.receivedAt
        clockStart = dossier.clockStart
        dueAt = dossier.dueAt
        appointment = dossier.appointment
        missing = dossier.missing
        proposal = dossier.proposal
        decision = dossier.decision
        outcome = dossier.outcome
        amountDue = dossier.amountDue
        payments = dossier.payments
        finishedAt = dossier.finishedAt
        returnedAt = dossier.returnedAt
        returnChannel = dossier.returnChannel
        withdrawnAt = dossier.withdrawnAt
        rating = dossier.rating
        ratingComment = dossier.ratingComment
        resultDocuments = dossier.resultDocuments
        figures = DossierFigures(dossier)
        steps = dossier.steps
        self.lookupSecret = lookupSecret
    }
}

/// What the applicant sees with the code and the secret: no officer's name or id, no ID number.
public struct PublicDossierView: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var at: Instant
        public var action: String
        public var status: DossierStatus
        public var statusName: String
        public var reason: String?
        public var missing: [String]?
        public var appointment: Instant?
    }

    public var code: String
    public var version: Int
    public var status: DossierStatus
    public var statusName: String
    public var procedureName: String
    public var applicantName: String
    public var submittedAt: Instant
    public var receivedAt: Instant?
    public var appointment: Instant?
    public var missing: [String]
    public var resultReady: Bool
    public var outcome: Outcome?
    public var returnedAt: Instant?
    public var mayRate: Bool
    public var rating: Int?
    public var history: [Entry]
    /// The code a dossier brought over from a pre-reform system had there (the citizen's old receipt).
    public var originalCode: String?

    public init(_ dossier: Dossier) {
        code = dossier.code
        originalCode = dossier.opening.imported?.originalCode
        version = dossier.version
        status = dossier.status
        statusName = dossier.status.vietnameseName
        procedureName = dossier.opening.procedureName
        applicantName = dossier.opening.applicant.name
        submittedAt = dossier.submittedAt
        receivedAt = dossier.receivedAt
        appointment = dossier.appointment
        missing = dossier.missing
        resultReady = dossier.status == .resolved
        outcome = dossier.outcome
        returnedAt = dossier.returnedAt
        mayRate = dossier.status == .returned && dossier.rating == nil
        rating = dossier.rating
        history = dossier.history.map { entry in
            Entry(
                at: entry.at, action: entry.kind.vietnameseName, status: entry.status,
                statusName: entry.status.vietnameseName, reason: entry.reason, missing: entry.missing, appointment: entry.appointment
            )
        }
    }
}
