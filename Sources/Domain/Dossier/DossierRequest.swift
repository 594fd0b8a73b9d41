/// A command for a dossier with what it carries. Agencies are looked up by the caller, so the domain
/// sees the agency, not just its code.
public struct DossierRequest: Sendable {
    public var command: DossierCommand
    public var reason: String?
    public var assignee: String?
    public var target: Agency?
    public var allotted: TimeLimit?
    public var missing: [String]
    public var amount: Int?
    public var paymentChannel: PaymentChannel?
    public var outcome: Outcome?
    public var newAppointment: Instant?
    public var returnChannel: ReturnChannel?
    public var rating: Int?
    public var comment: String?
    /// Names of the checklist documents handed in (reception); nil means all of them.
    public var provided: [String]?
    public var attachments: [String]
    /// Files of checklist documents by document name.
    public var files: [String: String]
    /// Signatures over the result documents, made by the caller with the agency's key.
    public var signatures: [ResultSignature]

    public init(
        _ command: DossierCommand, reason: String? = nil, assignee: String? = nil, target: Agency? = nil, allotted: TimeLimit? = nil,
        missing: [String] = [], amount: Int? = nil, paymentChannel: PaymentChannel? = nil, outcome: Outcome? = nil,
        newAppointment: Instant? = nil, returnChannel: ReturnChannel? = nil, rating: Int? = nil, comment: String? = nil,
        provided: [String]? = nil, attachments: [String] = [], files: [String: String] = [:], signatures: [ResultSignature] = []
    ) {
        self.command = command
        self.reason = reason
        self.assignee = assignee
        self.target = target
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
        self.signatures = signatures
    }
}

/// The settings of the dossier rules that law leaves open (DOMAIN.md [config]).
public struct DossierSettings: Sendable, Equatable {
    /// Waiting for fees or taxes stops the clock.
    public var paymentStopsClock: Bool
    public var maxTextLength: Int

    public init(paymentStopsClock: Bool = true, maxTextLength: Int = 2_000) {
        self.paymentStopsClock = paymentStopsClock
        self.maxTextLength = maxTextLength
    }
}

/// Who acts, when, and with which calendar.
public struct DossierContext: Sendable {
    public var now: Instant
    public var actor: DossierActor
    public var clock: WorkClock
    public var settings: DossierSettings

    public init(now: Instant, actor: DossierActor, clock: WorkClock, settings: DossierSettings = DossierSettings()) {
        self.now = now
        self.actor = actor
        self.clock = clock
        self.settings = settings
    }
}

extension DossierCommand {
    /// The officer roles that may give this command (within their units; the policy checks scope).
    /// Rating and withdrawal are also open to the applicant with the look-up secret.
    public var roles: Set<Role> {
        switch self {
        case .receive, .refuseAtIntake, .receiveSupplement, .recordPayment, .returnResult: [.receptionist, .specialist]
        case .assign: [.receptionist, .approver]
        case .proposeDecision, .transfer, .requestSupplement, .requestPayment, .apologise: [.specialist, .approver]
        case .decide, .stop: [.approver]
        case .resolve: [.specialist, .approver]
        case .withdraw: [.receptionist, .specialist]
        case .rate: []
        }
    }

    /// Work of the reception and return counter rather than of the handling agency.
    public var atCounter: Bool {
        [.receive, .refuseAtIntake, .receiveSupplement, .recordPayment, .returnResult, .withdraw].contains(self)
    }

    /// What the applicant may do themselves with the code and the secret: supply what was asked for
    /// online (DOMAIN.md §4: the applicant adds or fixes documents), withdraw, rate.
    public var applicantMay: Bool { [.receiveSupplement, .withdraw, .rate].contains(self) }
}
