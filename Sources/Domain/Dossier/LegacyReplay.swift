/// Replays an old system's history as events of this one: each status becomes the command that leads
/// to it, decided by `DossierDecider` at the status's time, so that due times, pauses and processing time
/// are computed by the same rules as for dossiers filed here, and a history the transition table does
/// not allow is refused, with the status at fault. Every event is marked with the source system.
public enum LegacyReplay {
    /// The procedure a record was filed under: the catalogue's version on the day of receipt (or its
    /// earliest, for a day before the catalogue), or for a code the catalogue lacks, the name and limit
    /// the record gives.
    public static func procedure(
        for record: LegacyDossierRecord, catalog: Catalog, level: ProcedureVersion.Level
    ) throws(DossierError) -> (version: ProcedureVersion, catalogued: Bool) {
        let day = record.history.first?.at.vietnamDate ?? Reform.effectiveDate
        if let version = catalog.version(code: record.procedureCode, at: day) ?? catalog.earliest(code: record.procedureCode) {
            return (version, true)
        }
        guard let name = record.procedureName?.trimmingWhitespace, !name.isEmpty else {
            throw .field("procedureName", "Mã thủ tục \(record.procedureCode) không có trong danh mục: phải ghi tên thủ tục")
        }
        guard let limit = record.limit else {
            throw .field("limit", "Mã thủ tục \(record.procedureCode) không có trong danh mục: phải ghi thời hạn giải quyết")
        }
        do {
            let version = try ProcedureVersion(
                code: record.procedureCode, name: name, field: uncataloguedField, level: level,
                agencyKind: level == .commune ? .communePeoplesCommittee : .provincialPeoplesCommittee, legalBasis: [], limit: limit,
                validFrom: LocalDate(year: 2000, month: 1, day: 1)!, notes: "Thủ tục của hệ thống cũ, chưa có trong danh mục"
            )
            return (version, false)
        } catch {
            throw .field("procedureCode", "Mã thủ tục không hợp lệ: \(record.procedureCode)")
        }
    }

    /// The field given to procedures the catalogue lacks.
    public static let uncataloguedField = "Chưa có trong danh mục"

    /// The events and the dossier they make. `opening` carries the new code, units and agencies.
    public static func replay(
        _ record: LegacyDossierRecord, opening: DossierOpening, clock: WorkClock
    ) throws(DossierError) -> (events: [DossierEvent], dossier: Dossier) {
        let officer = DossierActor(
            userID: "import:\(record.sourceSystem)", name: "Hệ thống cũ \(record.sourceSystem)", unitCode: opening.receivingUnit,
            agencyCode: opening.receivingAgency
        )
        var events: [DossierEvent] = []
        var dossier: Dossier?
        func append(_ event: DossierEvent) {
            var event = event
            event.details.importedFrom = record.sourceSystem
            dossier = (dossier ?? Dossier.opened(by: event)!).applying(event)
            events.append(event)
        }
        var index = 0
        func act(_ request: DossierRequest, at instant: Instant, as actor: DossierActor = officer, dueAt: Instant? = nil) throws(DossierError) {
            guard let current = dossier else { return }
            do throws(DossierError) {
                var event = try DossierDecider.decide(current, request, context: DossierContext(now: instant, actor: actor, clock: clock))
                if let dueAt, request.command == .receive {
                    event.details.dueAt = dueAt
                    event.details.appointment = dueAt
                }
                append(event)
            } catch {
                // The rules' own fields (reason, amount, missing) are named within the status at fault.
                let problems = error.problems.map { FieldProblem(field: "history[\(index)].\($0.field)", reason: $0.reason) }
                throw .invalid(problems.isEmpty ? [FieldProblem(field: "history[\(index)].status", reason: error.message)] : problems)
            }
        }
        guard let first = record.history.first else { throw .field("history", "Chưa có trạng thái nào của hồ sơ") }
        let submitter = first.status == .submitted && record.channel.isOnline ? DossierActor.applicant : officer
        append(try DossierDecider.submit(opening, context: DossierContext(now: first.at, actor: submitter, clock: clock)))
        for (position, entry) in record.history.enumerated() {
            index = position
            guard let status = dossier?.status else { break }
            let at = entry.at
            if position == 0, entry.status == .submitted { continue }
            // The old systems log a status each time a dossier moves between officers: a new hand-off.
            if status == .received, [.awaitingSupplement, .awaitingPayment, .resolved, .stopped].contains(entry.status) {
                try act(DossierRequest(.assign, assignee: officer.userID), at: at)
            }
            let now = dossier?.status ?? status
            switch (now, entry.status) {
            case (.submitted, .received):
                try act(DossierRequest(.receive), at: at, dueAt: record.dueAt)
            case (_, .refusedAtIntake):
                try act(DossierRequest(.refuseAtIntake, reason: entry.reason), at: at)
            case (.received, .processing), (.processing, .processing):
                try act(DossierRequest(.assign, assignee: officer.userID), at: at)
            case (.awaitingSupplement, .processing):
                try act(DossierRequest(.receiveSupplement), at: at)
            case (.awaitingPayment, .processing):
                try act(DossierRequest(
                    .recordPayment, amount: entry.amount ?? dossier?.amountDue, paymentChannel: entry.paymentChannel ?? .counter
                ), at: at)
            case (_, .awaitingSupplement):
                let missing = entry.missing ?? entry.reason.map { [$0] } ?? []
                try act(DossierRequest(.requestSupplement, missing: missing), at: at)
            case (_, .awaitingPayment):
                try act(DossierRequest(.requestPayment, amount: entry.amount), at: at)
            case (_, .resolved):
                let outcome = entry.outcome ?? .approved
                try act(DossierRequest(.proposeDecision, reason: entry.reason, outcome: outcome), at: at)
                try act(DossierRequest(.decide, reason: entry.reason, outcome: outcome), at: at)
                try act(DossierRequest(.resolve), at: at)
            case (_, .returned):
                try act(DossierRequest(.returnResult, returnChannel: entry.returnChannel ?? (record.channel.isOnline ? .online : .counter)), at: at)
            case (_, .withdrawn):
                try act(DossierRequest(.withdraw, reason: entry.reason), at: at, as: .applicant)
            case (_, .stopped):
                try act(DossierRequest(.stop, reason: entry.reason), at: at)
            default:
                throw .invalid([FieldProblem(
                    field: "history[\(position)].status",
                    reason: "Không thể chuyển từ “\(now.vietnameseName)” sang “\(entry.status.vietnameseName)”"
                )])
            }
        }
        if let rating = record.rating {
            index = record.history.count
            let at = rating.at ?? record.history.last?.at ?? first.at
            do throws(DossierError) {
                guard let current = dossier else { throw .field("rating", "") }
                append(try DossierDecider.decide(
                    current, DossierRequest(.rate, rating: rating.score, comment: rating.comment),
                    context: DossierContext(now: at, actor: .applicant, clock: clock)
                ))
            } catch {
                throw .invalid([FieldProblem(field: "rating", reason: error.message)])
            }
        }
        guard let dossier else { throw .field("history", "Chưa có trạng thái nào của hồ sơ") }
        return (events, dossier)
    }
}

extension Catalog {
    /// The first version of a code, for dossiers received before the catalogue's versions begin.
    public func earliest(code: String) -> ProcedureVersion? { versions[code]?.first }
}
