/// The JSON of what the outbox holds, written member by member: every dossier event writes one to three
/// messages, and through `Codable`'s containers (an enum with associated values nests two of them) they
/// were 3 % of a reception's server CPU on PostgreSQL (perf). The members are the synthesized
/// `Encodable`'s (`{"status":{"_0":{…}}}`), in declaration order, nil ones left out; `OutboxPayloadJSONTests`
/// holds them equal to `JSONEncoder`'s and to the `Codable` path's bytes.

extension OutboxPayload: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        switch self {
        case .status(let update): try object.member("status") { try $0.member("_0", update) }
        case .record(let record): try object.member("record") { try $0.member("_0", record) }
        case .notice(let notice): try object.member("notice") { try $0.member("_0", notice) }
        }
    }
}

extension PortalStatusUpdate: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("dossierCode", dossierCode)
        object.member("portalID", ifPresent: portalID)
        object.member("procedureCode", procedureCode)
        object.member("unitCode", unitCode)
        object.member("status", status)
        object.member("sequence", sequence)
        object.member("at", at)
        object.member("dueAt", ifPresent: dueAt)
        object.member("finishedAt", ifPresent: finishedAt)
    }
}

extension RegisterRecord: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("dossierCode", dossierCode)
        object.member("procedureCode", procedureCode)
        object.member("entry", entry)
        object.member("subjectName", subjectName)
        object.member("personalID", ifPresent: personalID)
        object.member("unitCode", unitCode)
        object.member("agencyCode", agencyCode)
        object.member("decidedAt", decidedAt)
        object.member("resultDocument", ifPresent: resultDocument)
    }
}

extension Notice: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("medium", medium)
        object.member("to", to)
        object.member("template", template)
        object.member("dossierCode", dossierCode)
        object.member("subject", subject)
        object.member("text", text)
    }
}
