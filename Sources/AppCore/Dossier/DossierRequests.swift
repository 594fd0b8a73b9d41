public import Domain

/// A new dossier: at a counter by an officer (received or refused at once, or left submitted), or
/// online by the applicant (submitted, to be checked by an officer).
public struct NewDossierRequest: Sendable, Codable {
    /// `receive` (default at a counter), `refuse` (refused at intake, with `reason`) or `submit`.
    public enum Intake: String, Sendable, Codable { case receive, refuse, submit }

    public var procedureCode: String
    public var channel: Channel?
    public var intake: Intake?
    public var receivingUnit: String?
    public var competentUnit: String?
    public var returnUnit: String?
    public var applicant: Applicant
    public var summary: String?
    /// Names of the checklist documents handed in; omitted means all of them.
    public var provided: [String]?
    public var reason: String?
    public var portalID: String?
    /// Uploaded files of checklist documents: document name → SHA-256.
    public var files: [String: String]?

    public init(
        procedureCode: String, channel: Channel? = nil, intake: Intake? = nil, receivingUnit: String? = nil, competentUnit: String? = nil,
        returnUnit: String? = nil, applicant: Applicant, summary: String? = nil, provided: [String]? = nil, reason: String? = nil,
        portalID: String? = nil
    ) {
        self.procedureCode = procedureCode
        self.channel = channel
        self.intake = intake
        self.receivingUnit = receivingUnit
        self.competentUnit = competentUnit
        self.returnUnit = returnUnit
        self.applicant = applicant
        self.summary = summary
        self.provided = provided
        self.reason = reason
        self.portalID = portalID
    }
}

/// A command for an existing dossier, as the API and the command line send it.
public struct DossierCommandRequest: Sendable, Codable {
    public var command: DossierCommand
    public var reason: String?
    public var assignee: String?
    public var targetAgency: String?
    public var allotted: TimeLimit?
    public var missing: [String]?
    public var amount: Int?
    public var paymentChannel: PaymentChannel?
    public var outcome: Outcome?
    public var newAppointment: Instant?
    public var returnChannel: ReturnChannel?
    public var rating: Int?
    public var comment: String?
    public var provided: [String]?
    public var attachments: [String]?
    /// Uploaded files of checklist documents: document name → SHA-256.
    public var files: [String: String]?

    public init(
        command: DossierCommand, reason: String? = nil, assignee: String? = nil, targetAgency: String? = nil, allotted: TimeLimit? = nil,
        missing: [String]? = nil, amount: Int? = nil, paymentChannel: PaymentChannel? = nil, outcome: Outcome? = nil,
        newAppointment: Instant? = nil, returnChannel: ReturnChannel? = nil, rating: Int? = nil, comment: String? = nil,
        provided: [String]? = nil, attachments: [String]? = nil, files: [String: String]? = nil
    ) {
        self.command = command
        self.reason = reason
        self.assignee = assignee
        self.targetAgency = targetAgency
        self.allotted = allotted
        self.missing = missing
        self.amount = amount
        self.paymentChannel = paymentChannel
        self.outcome = outcome
        self.newAppointment = newAppointment
        self.returnChannel = returnChannel
        self.rating = rating
        self.comment = comment
        self.provided = provided
        self.attachments = attachments
        self.files = files
    }
}

/// The Idempotency-Key of a request and the fingerprint of the request it came with.
public struct IdempotencyInput: Sendable {
    public var key: String
    public var fingerprint: String

    public init(key: String, fingerprint: String) {
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// A use case's answer as the API sends it: status, JSON body, the dossier's version (ETag), and
/// whether it is the replay of an earlier answer.
public struct DossierAnswer: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var version: Int?
    public var code: String?
    public var replayed: Bool
}
