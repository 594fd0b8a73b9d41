/// The JSON of a dossier's state and of its events, written member by member: every dossier write
/// stores both, and through `Codable`'s containers they were a fifth of `motcua generate`'s and of an
/// import's CPU (perf). The members are the synthesized `Encodable`'s, in declaration order, nil ones
/// left out; `DossierJSONTests` holds them equal to `JSONEncoder`'s for values with every field set.

extension Dossier: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        try object.member("opening", opening)
        object.member("version", version)
        object.member("status", status)
        object.member("submittedAt", submittedAt)
        object.member("receivedAt", ifPresent: receivedAt)
        object.member("clockStart", ifPresent: clockStart)
        object.member("dueAt", ifPresent: dueAt)
        object.member("appointment", ifPresent: appointment)
        try object.member("pauses", pauses)
        object.member("pausedSince", ifPresent: pausedSince)
        object.member("pausedMinutes", pausedMinutes)
        object.member("supplementRequests", supplementRequests)
        object.member("missing", missing)
        object.member("apologies", apologies)
        object.member("proposal", ifPresent: proposal)
        object.member("decision", ifPresent: decision)
        object.member("assignee", ifPresent: assignee)
        object.member("currentAgency", currentAgency)
        object.member("currentUnit", currentUnit)
        try object.member("steps", steps)
        object.member("amountDue", ifPresent: amountDue)
        object.member("payments", payments)
        object.member("paymentChannels", paymentChannels)
        object.member("finishedAt", ifPresent: finishedAt)
        object.member("outcome", ifPresent: outcome)
        object.member("resultDocuments", resultDocuments)
        try object.member("resultSignatures", resultSignatures)
        object.member("files", files)
        object.member("returnedAt", ifPresent: returnedAt)
        object.member("returnChannel", ifPresent: returnChannel)
        object.member("processingMinutes", ifPresent: processingMinutes)
        object.member("withdrawnAt", ifPresent: withdrawnAt)
        object.member("rating", ifPresent: rating)
        object.member("ratingComment", ifPresent: ratingComment)
        object.member("lastEventAt", lastEventAt)
        try object.member("history", history)
    }
}

extension Dossier.HistoryEntry: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("at", at)
        object.member("kind", kind)
        object.member("status", status)
        object.member("reason", ifPresent: reason)
        object.member("missing", ifPresent: missing)
        object.member("appointment", ifPresent: appointment)
    }
}

extension DossierEvent: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("sequence", sequence)
        object.member("kind", kind)
        object.member("at", at)
        try object.member("actor", actor)
        object.member("from", ifPresent: from)
        object.member("to", to)
        object.member("reason", ifPresent: reason)
        object.member("attachments", attachments)
        try object.member("details", details)
    }
}

extension DossierEvent.Details: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        try object.member("opening", ifPresent: opening)
        object.member("assignee", ifPresent: assignee)
        object.member("targetAgency", ifPresent: targetAgency)
        object.member("targetUnit", ifPresent: targetUnit)
        try object.member("allotted", ifPresent: allotted)
        object.member("stepDue", ifPresent: stepDue)
        object.member("missing", ifPresent: missing)
        object.member("amount", ifPresent: amount)
        object.member("paymentChannel", ifPresent: paymentChannel)
        object.member("clockStops", ifPresent: clockStops)
        object.member("clockStart", ifPresent: clockStart)
        object.member("dueAt", ifPresent: dueAt)
        object.member("appointment", ifPresent: appointment)
        object.member("pausedMinutes", ifPresent: pausedMinutes)
        object.member("processingMinutes", ifPresent: processingMinutes)
        object.member("stepOverrunMinutes", ifPresent: stepOverrunMinutes)
        object.member("outcome", ifPresent: outcome)
        object.member("returnChannel", ifPresent: returnChannel)
        object.member("rating", ifPresent: rating)
        object.member("comment", ifPresent: comment)
        object.member("provided", ifPresent: provided)
        object.member("files", ifPresent: files)
        try object.member("signatures", ifPresent: signatures)
        object.member("importedFrom", ifPresent: importedFrom)
        object.member("communeBefore", ifPresent: communeBefore)
        object.member("communeAfter", ifPresent: communeAfter)
    }
}

extension DossierActor: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("userID", ifPresent: userID)
        object.member("name", ifPresent: name)
        object.member("role", ifPresent: role)
        object.member("unitCode", ifPresent: unitCode)
        object.member("agencyCode", ifPresent: agencyCode)
    }
}

extension DossierOpening: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("code", code)
        object.member("provinceCode", provinceCode)
        object.member("procedureCode", procedureCode)
        object.member("procedureValidFrom", procedureValidFrom)
        object.member("procedureName", procedureName)
        object.member("field", field)
        object.member("level", level)
        try object.member("limit", limit)
        object.member("cutoff", ifPresent: cutoff)
        object.member("resultIsDocument", resultIsDocument)
        object.member("register", ifPresent: register)
        object.member("channel", channel)
        object.member("receivingUnit", receivingUnit)
        object.member("receivingAgency", receivingAgency)
        object.member("competentUnit", competentUnit)
        object.member("competentAgency", competentAgency)
        object.member("returnUnit", returnUnit)
        object.member("returnAgency", ifPresent: returnAgency)
        try object.member("applicant", applicant)
        object.member("summary", ifPresent: summary)
        try object.member("documents", documents)
        object.member("portalID", ifPresent: portalID)
        object.member("secretHash", secretHash)
        try object.member("imported", ifPresent: imported)
    }
}

extension Applicant: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("name", name)
        object.member("personalID", ifPresent: personalID)
        object.member("birthDate", ifPresent: birthDate)
        object.member("sex", ifPresent: sex)
        object.member("phone", ifPresent: phone)
        object.member("email", ifPresent: email)
        object.member("address", ifPresent: address)
        object.member("communeCode", ifPresent: communeCode)
    }
}

extension ReceivedDocument: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("name", name)
        object.member("original", original)
        object.member("count", count)
        object.member("required", required)
        object.member("provided", provided)
        object.member("file", ifPresent: file)
    }
}

extension ImportedOrigin: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("sourceSystem", sourceSystem)
        object.member("originalCode", originalCode)
        object.member("receivingUnit", receivingUnit)
        object.member("competentUnit", competentUnit)
        object.member("addressCommune", ifPresent: addressCommune)
        try object.member("documents", documents)
        try object.member("results", results)
        object.member("reviewedBy", ifPresent: reviewedBy)
    }
}

extension DocumentReference: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("name", name)
        object.member("sha256", sha256)
        object.member("size", ifPresent: size)
        object.member("mediaType", ifPresent: mediaType)
        object.member("uri", ifPresent: uri)
    }
}

extension ResultSignature: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("sha256", sha256)
        object.member("agencyCode", agencyCode)
        object.member("keyID", keyID)
        object.member("signature", signature)
        object.member("signedAt", signedAt)
    }
}

extension DossierStep: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("sequence", sequence)
        object.member("kind", kind)
        object.member("agencyCode", agencyCode)
        object.member("unitCode", unitCode)
        object.member("handler", ifPresent: handler)
        object.member("givenAt", givenAt)
        object.member("dueAt", ifPresent: dueAt)
        object.member("finishedAt", ifPresent: finishedAt)
        object.member("verdict", ifPresent: verdict)
    }
}

/// `CodableValues.swift`'s `encode(to:)`: `{value, unit}` and `{from, to}`.
extension TimeLimit: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("value", value)
        object.member("unit", unit)
    }
}

extension Pause: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("from", from)
        object.member("to", to)
    }
}

extension DossierFigures: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("finished", finished)
        object.member("onTime", ifPresent: onTime)
        object.member("verdict", ifPresent: verdict)
        object.member("supplementRequests", supplementRequests)
        object.member("apologies", apologies)
        object.member("pausedMinutes", pausedMinutes)
        object.member("processingMinutes", ifPresent: processingMinutes)
        object.member("withdrawn", withdrawn)
    }
}
