public import Domain

/// The officers' and the applicant's views written member by member (`JSONObjectWritable`): a filing
/// stores its look-up view and answers with the officers' view, and a work queue writes one per row.
/// The members are the synthesized `Encodable`'s, in declaration order, nil ones left out
/// (`DossierJSONTests` holds them equal to `JSONEncoder`'s).

extension PublicDossierView: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("code", code)
        object.member("version", version)
        object.member("status", status)
        object.member("statusName", statusName)
        object.member("procedureName", procedureName)
        object.member("applicantName", applicantName)
        object.member("submittedAt", submittedAt)
        object.member("receivedAt", ifPresent: receivedAt)
        object.member("appointment", ifPresent: appointment)
        object.member("missing", missing)
        object.member("resultReady", resultReady)
        object.member("outcome", ifPresent: outcome)
        object.member("returnedAt", ifPresent: returnedAt)
        object.member("mayRate", mayRate)
        object.member("rating", ifPresent: rating)
        try object.member("history", history)
        object.member("originalCode", ifPresent: originalCode)
    }
}

extension PublicDossierView.Entry: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) {
        object.member("at", at)
        object.member("action", action)
        object.member("status", status)
        object.member("statusName", statusName)
        object.member("reason", ifPresent: reason)
        object.member("missing", ifPresent: missing)
        object.member("appointment", ifPresent: appointment)
    }
}

extension DossierView: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("code", code)
        object.member("version", version)
        object.member("status", status)
        object.member("statusName", statusName)
        object.member("provinceCode", provinceCode)
        try object.member("procedure", procedure)
        object.member("channel", channel)
        object.member("receivingUnit", receivingUnit)
        object.member("receivingAgency", receivingAgency)
        object.member("competentUnit", competentUnit)
        object.member("competentAgency", competentAgency)
        object.member("returnUnit", returnUnit)
        object.member("currentAgency", currentAgency)
        object.member("currentUnit", currentUnit)
        object.member("assignee", ifPresent: assignee)
        try object.member("applicant", applicant)
        object.member("summary", ifPresent: summary)
        try object.member("documents", documents)
        object.member("portalID", ifPresent: portalID)
        object.member("submittedAt", submittedAt)
        object.member("receivedAt", ifPresent: receivedAt)
        object.member("clockStart", ifPresent: clockStart)
        object.member("dueAt", ifPresent: dueAt)
        object.member("appointment", ifPresent: appointment)
        object.member("missing", missing)
        object.member("proposal", ifPresent: proposal)
        object.member("decision", ifPresent: decision)
        object.member("outcome", ifPresent: outcome)
        object.member("amountDue", ifPresent: amountDue)
        object.member("payments", payments)
        object.member("finishedAt", ifPresent: finishedAt)
        object.member("returnedAt", ifPresent: returnedAt)
        object.member("returnChannel", ifPresent: returnChannel)
        object.member("withdrawnAt", ifPresent: withdrawnAt)
        object.member("rating", ifPresent: rating)
        object.member("ratingComment", ifPresent: ratingComment)
        object.member("resultDocuments", resultDocuments)
        try object.member("figures", figures)
        try object.member("steps", steps)
        object.member("lookupSecret", ifPresent: lookupSecret)
    }
}

extension DossierView.Procedure: JSONObjectWritable {
    public func write(to object: inout JSONObjectWriter) throws {
        object.member("code", code)
        object.member("validFrom", validFrom)
        object.member("name", name)
        object.member("field", field)
        object.member("level", level)
        try object.member("limit", limit)
    }
}
