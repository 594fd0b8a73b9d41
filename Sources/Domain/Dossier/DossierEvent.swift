/// Who did something to a dossier: an officer (id, role, unit, agency) or the applicant.
public struct DossierActor: Hashable, Sendable, Codable {
    public var userID: String?
    public var name: String?
    public var role: Role?
    public var unitCode: String?
    public var agencyCode: String?

    public init(userID: String? = nil, name: String? = nil, role: Role? = nil, unitCode: String? = nil, agencyCode: String? = nil) {
        self.userID = userID
        self.name = name
        self.role = role
        self.unitCode = unitCode
        self.agencyCode = agencyCode
    }

    /// The applicant acting with the look-up secret, or the national portal on their behalf.
    public static let applicant = DossierActor()
    public var isApplicant: Bool { userID == nil }
}

/// The outcome on the merits: approved, or refused with reasons.
public enum Outcome: String, Sendable, Codable, CaseIterable { case approved, refused }

/// Where a fee or tax was paid (DOMAIN.md §4).
public enum PaymentChannel: String, Sendable, Codable, CaseIterable { case counter, nationalPortal, provincialGateway }

/// How the result was handed back.
public enum ReturnChannel: String, Sendable, Codable, CaseIterable { case counter, post, online }

/// Early / on time / late against a due instant. Early: finished on an earlier local day than the due
/// one; on time: by the due instant; late: after it.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case early, onTime, late

    public static func of(finished: Instant, due: Instant) -> Verdict {
        if finished > due { return .late }
        return finished.vietnamDate < due.vietnamDate ? .early : .onTime
    }
}

/// What a dossier was opened with: everything the first event must carry so that replaying the events
/// rebuilds the dossier.
public struct DossierOpening: Hashable, Sendable, Codable {
    public var code: String
    public var provinceCode: String
    public var procedureCode: String
    public var procedureValidFrom: LocalDate
    public var procedureName: String
    public var field: String
    public var level: ProcedureVersion.Level
    public var limit: TimeLimit
    public var cutoff: Int?
    public var resultIsDocument: Bool
    public var register: ProcedureVersion.Register?
    public var channel: Channel
    public var receivingUnit: String
    public var receivingAgency: String
    public var competentUnit: String
    public var competentAgency: String
    public var returnUnit: String
    /// The counter of the return unit that hands the result back (nil: the receiving agency).
    public var returnAgency: String?
    public var applicant: Applicant
    public var summary: String?
    public var documents: [ReceivedDocument]
    public var portalID: String?
    /// SHA-256 of the look-up secret, hex; the secret itself is never stored. Empty when there is no
    /// secret (a dossier brought over without one cannot be looked up by the applicant).
    public var secretHash: String
    /// Where a dossier brought over from a pre-reform system came from; nil for dossiers filed here.
    public var imported: ImportedOrigin?

    public init(
        code: String, provinceCode: String, procedure: ProcedureVersion, channel: Channel, receivingUnit: String,
        receivingAgency: String, competentUnit: String, competentAgency: String, returnUnit: String, returnAgency: String? = nil,
        applicant: Applicant, summary: String?, documents: [ReceivedDocument], portalID: String?, secretHash: String
    ) {
        self.code = code
        self.provinceCode = provinceCode
        self.procedureCode = procedure.code
        self.procedureValidFrom = procedure.validFrom
        self.procedureName = procedure.name
        self.field = procedure.field
        self.level = procedure.level
        self.limit = procedure.limit(for: channel)
        self.cutoff = procedure.cutoff
        self.resultIsDocument = procedure.resultIsDocument
        self.register = procedure.register
        self.channel = channel
        self.receivingUnit = receivingUnit
        self.receivingAgency = receivingAgency
        self.competentUnit = competentUnit
        self.competentAgency = competentAgency
        self.returnUnit = returnUnit
        self.returnAgency = returnAgency
        self.applicant = applicant
        self.summary = summary
        self.documents = documents
        self.portalID = portalID
        self.secretHash = secretHash
    }
}

/// A document of the checklist: what the procedure asks for and whether it was handed in.
public struct ReceivedDocument: Hashable, Sendable, Codable {
    public var name: String
    public var original: Bool
    public var count: Int
    public var required: Bool
    public var provided: Bool
    /// SHA-256 of the scanned file, once there is one.
    public var file: String?

    public init(name: String, original: Bool, count: Int, required: Bool, provided: Bool, file: String? = nil) {
        self.name = name
        self.original = original
        self.count = count
        self.required = required
        self.provided = provided
        self.file = file
    }
}

/// What happened to a dossier, once, for ever. `details` holds what this kind of event needs, and the
/// values the decision computed (due times, paused time), so replaying needs no calendar.
public struct DossierEvent: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case submit, receive, refuseAtIntake, assign, proposeDecision, decide, transfer, requestSupplement, receiveSupplement,
             requestPayment, recordPayment, apologise, stop, resolve, returnResult, withdraw, rate
        /// The applicant's address moved from a pre-reform commune to its successor: no command of the
        /// life cycle, no change of status; the data is kept right (`AddressConversionService`).
        case correctAddress

        public var vietnameseName: String {
            switch self {
            case .submit: "Nộp hồ sơ"
            case .correctAddress: "Cập nhật địa chỉ theo đơn vị hành chính mới"
            default: DossierCommand(rawValue: rawValue)?.vietnameseName ?? rawValue
            }
        }
    }

    public struct Details: Hashable, Sendable, Codable {
        public var opening: DossierOpening?
        public var assignee: String?
        public var targetAgency: String?
        public var targetUnit: String?
        public var allotted: TimeLimit?
        public var stepDue: Instant?
        public var missing: [String]?
        public var amount: Int?
        public var paymentChannel: PaymentChannel?
        /// Whether a payment request stops the clock (a setting when the request was made).
        public var clockStops: Bool?
        public var clockStart: Instant?
        public var dueAt: Instant?
        public var appointment: Instant?
        /// Working minutes of the pause this event ends.
        public var pausedMinutes: Int?
        /// Working minutes from the clock start to the finish, net of pauses (resolve, stop).
        public var processingMinutes: Int?
        /// Working minutes by which the step this event ends overran its allotted time.
        public var stepOverrunMinutes: Int?
        public var outcome: Outcome?
        public var returnChannel: ReturnChannel?
        public var rating: Int?
        public var comment: String?
        public var provided: [String]?
        /// Files of checklist documents, by document name (reception, supplement).
        public var files: [String: String]?
        /// The issuing agency's signatures over the result documents (resolve).
        public var signatures: [ResultSignature]?
        public var importedFrom: String?
        /// The applicant's commune before and after an address correction.
        public var communeBefore: String?
        public var communeAfter: String?

        public init() {}
    }

    public var sequence: Int
    public var kind: Kind
    public var at: Instant
    public var actor: DossierActor
    public var from: DossierStatus?
    public var to: DossierStatus
    public var reason: String?
    /// SHA-256 of the documents attached to this event.
    public var attachments: [String]
    public var details: Details

    public init(
        sequence: Int, kind: Kind, at: Instant, actor: DossierActor, from: DossierStatus?, to: DossierStatus, reason: String? = nil,
        attachments: [String] = [], details: Details = Details()
    ) {
        self.sequence = sequence
        self.kind = kind
        self.at = at
        self.actor = actor
        self.from = from
        self.to = to
        self.reason = reason
        self.attachments = attachments
        self.details = details
    }
}
