/// One write to another system, decided with the dossier change that causes it and stored in the same
/// transaction, so that the change and its delivery stand or fall together.
public struct OutboxMessage: Hashable, Sendable, Codable {
    public var system: ExternalSystem
    public var provinceCode: String
    /// The unit answerable for the dossier (competent unit): undelivered counts are reported per unit.
    public var unitCode: String
    public var dossierCode: String
    /// The event that caused the write.
    public var eventSequence: Int
    /// What the receiver deduplicates on: the same write always carries the same key.
    public var key: String
    public var payload: OutboxPayload

    public init(system: ExternalSystem, provinceCode: String, unitCode: String, dossierCode: String, eventSequence: Int, key: String, payload: OutboxPayload) {
        self.system = system
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.dossierCode = dossierCode
        self.eventSequence = eventSequence
        self.key = key
        self.payload = payload
    }

    /// The key of the write of an event to a system: dossier code and event number (and, for several
    /// writes of one event to one system, a suffix).
    public static func key(_ system: ExternalSystem, dossierCode: String, eventSequence: Int, suffix: String? = nil) -> String {
        "\(dossierCode)#\(eventSequence)" + (system == .portal ? "" : ":\(system.rawValue)") + (suffix.map { ":\($0)" } ?? "")
    }
}

/// What is written, by system.
public enum OutboxPayload: Hashable, Sendable, Codable {
    case status(PortalStatusUpdate)
    case record(RegisterRecord)
    case notice(Notice)
}

/// A status change as the portal takes it.
public struct PortalStatusUpdate: Hashable, Sendable, Codable {
    public var dossierCode: String
    public var portalID: String?
    public var procedureCode: String
    public var unitCode: String
    /// 1–10 (DOMAIN.md §4); `sequence` orders them per dossier.
    public var status: Int
    public var sequence: Int
    public var at: Instant
    public var dueAt: Instant?
    public var finishedAt: Instant?

    public init(dossierCode: String, portalID: String?, procedureCode: String, unitCode: String, status: Int, sequence: Int, at: Instant, dueAt: Instant?, finishedAt: Instant?) {
        self.dossierCode = dossierCode
        self.portalID = portalID
        self.procedureCode = procedureCode
        self.unitCode = unitCode
        self.status = status
        self.sequence = sequence
        self.at = at
        self.dueAt = dueAt
        self.finishedAt = finishedAt
    }
}

/// A record written to the civil-status or business register from a resolved dossier. The fields are
/// what reconciliation compares.
public struct RegisterRecord: Hashable, Sendable, Codable {
    public var dossierCode: String
    public var procedureCode: String
    /// What kind of entry: the procedure's name (birth registration, marriage registration, …).
    public var entry: String
    public var subjectName: String
    public var personalID: String?
    public var unitCode: String
    public var agencyCode: String
    public var decidedAt: Instant
    /// SHA-256 of the first result document, when the result is a document.
    public var resultDocument: String?

    public init(
        dossierCode: String, procedureCode: String, entry: String, subjectName: String, personalID: String?, unitCode: String,
        agencyCode: String, decidedAt: Instant, resultDocument: String?
    ) {
        self.dossierCode = dossierCode
        self.procedureCode = procedureCode
        self.entry = entry
        self.subjectName = subjectName
        self.personalID = personalID
        self.unitCode = unitCode
        self.agencyCode = agencyCode
        self.decidedAt = decidedAt
        self.resultDocument = resultDocument
    }

    /// The fields as named text, for comparing two sides and reporting what differs.
    public var fields: [String: String] {
        [
            "procedureCode": procedureCode, "entry": entry, "subjectName": subjectName, "personalID": personalID ?? "",
            "unitCode": unitCode, "agencyCode": agencyCode, "decidedAt": decidedAt.description, "resultDocument": resultDocument ?? "",
        ]
    }
}
