/// The dossier rules: a pure function of the dossier, the command, the calendar and the clock, giving
/// the one event to append or the reason nothing may change (DOMAIN.md §4–§6).
public enum DossierDecider {
    /// The first event of every dossier: filed online, or at a counter (then received at once by a
    /// second event in the same transaction).
    /// Files of checklist documents may come with an online submission (document name → SHA-256).
    public static func submit(
        _ opening: DossierOpening, files given: [String: String] = [:], context: DossierContext
    ) throws(DossierError) -> DossierEvent {
        var problems = opening.applicant.problems()
        if let summary = opening.summary, summary.count > context.settings.maxTextLength {
            problems.append(FieldProblem(field: "summary", reason: "Nội dung yêu cầu dài quá \(context.settings.maxTextLength) ký tự"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        var details = DossierEvent.Details()
        details.opening = opening
        details.files = try files(given, opening.documents)
        return DossierEvent(sequence: 1, kind: .submit, at: context.now, actor: context.actor, from: nil, to: .submitted, details: details)
    }

    /// The event that moves the applicant's address from a pre-reform commune to its successor, in any
    /// status: the dossier's life is not touched, only its data kept right.
    public static func correctAddress(_ dossier: Dossier, to commune: String, context: DossierContext) throws(DossierError) -> DossierEvent {
        guard commune.utf8.count == 5, commune.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .field("communeCode", "Mã xã phải gồm 5 chữ số")
        }
        guard commune != dossier.opening.applicant.communeCode else { throw .field("communeCode", "Địa chỉ đã thuộc xã này") }
        var details = DossierEvent.Details()
        details.communeBefore = dossier.opening.applicant.communeCode
        details.communeAfter = commune
        return DossierEvent(
            sequence: dossier.version + 1, kind: .correctAddress, at: max(context.now, dossier.lastEventAt), actor: context.actor,
            from: dossier.status, to: dossier.status, reason: "Địa chỉ ghi theo đơn vị hành chính trước sắp xếp", details: details
        )
    }

    /// The event a command appends to the dossier, or why it is refused.
    public static func decide(_ dossier: Dossier, _ request: DossierRequest, context: DossierContext) throws(DossierError) -> DossierEvent {
        let command = request.command
        let next = try dossier.progress.applying(command, rating: request.rating).status
        // A server clock set back (NTP, a manual fix) never takes a dossier's history back in time: the
        // event is dated no earlier than the one before it, so pauses and processing time stay whole.
        let now = max(context.now, dossier.lastEventAt)
        try checkText(request, settings: context.settings)
        var details = DossierEvent.Details()
        var reason = request.reason.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        var attachments: [String] = []
        let clock = context.clock

        switch command {
        case .receive:
            let provided = request.provided ?? dossier.opening.documents.map(\.name)
            let missing = dossier.opening.documents.filter { $0.required && !provided.contains($0.name) }.map(\.name)
            guard missing.isEmpty else { throw .missingDocuments(missing) }
            let unknown = provided.filter { name in !dossier.opening.documents.contains { $0.name == name } }
            guard unknown.isEmpty else { throw .field("provided", "Không có trong thành phần hồ sơ: \(unknown.joined(separator: "; "))") }
            details.provided = provided
            details.files = try files(request.files, dossier.opening.documents)
            let opening = dossier.opening
            do throws(CalendarError) {
                details.clockStart = try clock.clockStart(receivedAt: now, cutoff: opening.cutoff)
                details.dueAt = try clock.due(receivedAt: now, limit: opening.limit, cutoff: opening.cutoff)
            } catch {
                throw .calendar(error)
            }
            details.appointment = details.dueAt
        case .refuseAtIntake, .stop:
            guard reason != nil else { throw .field("reason", "Phải nêu rõ lý do") }
            if command == .stop {
                if let since = dossier.pausedSince { try resume(dossier, since: since, now: now, clock: clock, details: &details) }
                details.processingMinutes = try processingMinutes(dossier, now: now, clock: clock)
            }
        case .assign:
            guard let assignee = request.assignee?.trimmingWhitespace, !assignee.isEmpty else {
                throw .field("assignee", "Chưa chọn cán bộ được phân công")
            }
            details.assignee = assignee
            if let target = request.target {
                try checkProvince(target, dossier)
                details.targetAgency = target.code
                details.targetUnit = target.unitCode
            } else if dossier.status == .received {
                // The first assignment hands the dossier from the counter to the competent agency.
                details.targetAgency = dossier.opening.competentAgency
                details.targetUnit = dossier.opening.competentUnit
            }
            details.allotted = request.allotted
            details.stepDue = try stepDue(request.allotted, dossier, now: now, clock: clock)
        case .transfer:
            guard let target = request.target else { throw .field("targetAgency", "Chưa chọn cơ quan nhận hồ sơ chuyển đến") }
            try checkProvince(target, dossier)
            guard target.code != dossier.currentAgency else { throw .field("targetAgency", "Hồ sơ đang ở chính cơ quan này") }
            details.targetAgency = target.code
            details.targetUnit = target.unitCode
            details.allotted = request.allotted
            details.stepDue = try stepDue(request.allotted, dossier, now: now, clock: clock)
        case .proposeDecision, .decide:
            guard let outcome = request.outcome ?? (command == .decide ? dossier.proposal : nil) else {
                throw .field("outcome", "Chưa chọn kết quả (approved hoặc refused)")
            }
            if outcome == .refused, reason == nil { throw .field("reason", "Từ chối giải quyết phải nêu rõ lý do") }
            details.outcome = outcome
        case .requestSupplement:
            let missing = request.missing.map(\.trimmingWhitespace).filter { !$0.isEmpty }
            guard !missing.isEmpty else { throw .field("missing", "Phải nêu đầy đủ, một lần các nội dung cần bổ sung") }
            details.missing = missing
        case .receiveSupplement, .recordPayment:
            if command == .recordPayment {
                guard let channel = request.paymentChannel else { throw .field("paymentChannel", "Chưa chọn kênh thanh toán") }
                guard let amount = request.amount, amount >= 0 else { throw .field("amount", "Số tiền đã nộp (đồng) không hợp lệ") }
                details.paymentChannel = channel
                details.amount = amount
            }
            if let since = dossier.pausedSince {
                try resume(dossier, since: since, now: now, clock: clock, details: &details)
            }
            details.provided = command == .receiveSupplement ? dossier.missing : nil
            details.files = try files(request.files, dossier.opening.documents)
            attachments = request.attachments
        case .requestPayment:
            guard let amount = request.amount, amount > 0 else { throw .field("amount", "Số tiền phải nộp (đồng) phải lớn hơn 0") }
            details.amount = amount
            details.clockStops = context.settings.paymentStopsClock
        case .apologise:
            guard reason != nil else { throw .field("reason", "Văn bản xin lỗi phải nêu lý do chậm") }
            guard let newDate = request.newAppointment else { throw .field("newAppointment", "Chưa hẹn lại ngày trả kết quả") }
            let current = dossier.appointment ?? now
            guard newDate > current, newDate > now else {
                throw .field("newAppointment", "Ngày hẹn mới phải sau ngày hẹn hiện tại (\(current))")
            }
            details.appointment = newDate
        case .resolve:
            details.outcome = dossier.decision
            attachments = request.attachments
            guard Set(request.signatures.map(\.sha256)) == Set(attachments) else {
                throw .field("attachments", "Mỗi văn bản kết quả phải được ký số bằng khoá của cơ quan")
            }
            details.signatures = request.signatures.isEmpty ? nil : request.signatures
            details.processingMinutes = try processingMinutes(dossier, now: now, clock: clock)
        case .returnResult:
            guard let channel = request.returnChannel else { throw .field("returnChannel", "Chưa chọn hình thức trả kết quả") }
            details.returnChannel = channel
        case .withdraw:
            if reason == nil { reason = "Người nộp rút hồ sơ" }
        case .rate:
            details.rating = request.rating
            details.comment = request.comment.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        }
        // The step this command hands on, if it overran its allotted time: by how much working time.
        if [.assign, .transfer, .resolve, .stop, .returnResult, .withdraw].contains(command),
           let open = dossier.steps.last(where: { $0.finishedAt == nil }), let due = open.dueAt, now > due {
            do throws(CalendarError) {
                details.stepOverrunMinutes = try clock.elapsed(from: due, to: now)
            } catch {
                throw .calendar(error)
            }
        }
        return DossierEvent(
            sequence: dossier.version + 1, kind: DossierEvent.Kind(rawValue: command.rawValue)!, at: now, actor: context.actor,
            from: dossier.status, to: next, reason: reason, attachments: attachments, details: details
        )
    }

    /// Ends the pause in progress: its working time, and the due instant and appointment it pushes.
    static func resume(_ dossier: Dossier, since: Instant, now: Instant, clock: WorkClock, details: inout DossierEvent.Details) throws(DossierError) {
        guard let receivedAt = dossier.receivedAt else { return }
        do throws(CalendarError) {
            let pause = try Pause(from: since, to: now)
            details.pausedMinutes = try clock.elapsed(from: since, to: now)
            let due = try clock.due(receivedAt: receivedAt, limit: dossier.opening.limit, cutoff: dossier.opening.cutoff,
                                    pauses: dossier.pauses + [pause])
            details.dueAt = due
            details.appointment = dossier.apologies == 0 ? due : max(dossier.appointment ?? due, due)
        } catch {
            throw .calendar(error)
        }
    }

    /// A step's due instant: its allotted time from now, or else the dossier's own due instant.
    static func stepDue(_ allotted: TimeLimit?, _ dossier: Dossier, now: Instant, clock: WorkClock) throws(DossierError) -> Instant? {
        guard let allotted else { return dossier.dueAt }
        do throws(CalendarError) {
            return try clock.due(receivedAt: now, limit: allotted)
        } catch {
            throw .calendar(error)
        }
    }

    /// Working time from the clock start to now, net of pauses (DOMAIN.md §7), for the first finish.
    static func processingMinutes(_ dossier: Dossier, now: Instant, clock: WorkClock) throws(DossierError) -> Int? {
        guard dossier.finishedAt == nil, let start = dossier.clockStart else { return nil }
        var pauses = dossier.pauses
        if let since = dossier.pausedSince, let open = try? Pause(from: since, to: now) { pauses.append(open) }
        do throws(CalendarError) {
            return max(0, try clock.elapsed(from: min(start, now), to: now, pauses: pauses))
        } catch {
            throw .calendar(error)
        }
    }

    /// Files given for checklist documents: known names and SHA-256 digests only.
    static func files(_ files: [String: String], _ documents: [ReceivedDocument]) throws(DossierError) -> [String: String]? {
        guard !files.isEmpty else { return nil }
        var problems: [FieldProblem] = []
        for (name, digest) in files.sorted(by: { $0.key < $1.key }) {
            if !documents.contains(where: { $0.name == name }) {
                problems.append(FieldProblem(field: "files", reason: "Không có trong thành phần hồ sơ: \(name)"))
            }
            if !StoredDocument.isDigest(digest) {
                problems.append(FieldProblem(field: "files", reason: "“\(digest)” không phải mã SHA-256 của một tệp đã tải lên"))
            }
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        return files
    }

    static func checkProvince(_ agency: Agency, _ dossier: Dossier) throws(DossierError) {
        guard agency.provinceCode == dossier.provinceCode else { throw .targetOutsideProvince(agency.code) }
    }

    static func checkText(_ request: DossierRequest, settings: DossierSettings) throws(DossierError) {
        let limit = settings.maxTextLength
        var problems: [FieldProblem] = []
        if let reason = request.reason, reason.count > limit { problems.append(.init(field: "reason", reason: "Lý do dài quá \(limit) ký tự")) }
        if let comment = request.comment, comment.count > limit { problems.append(.init(field: "comment", reason: "Nhận xét dài quá \(limit) ký tự")) }
        if request.missing.contains(where: { $0.count > limit }) || request.missing.count > 100 {
            problems.append(.init(field: "missing", reason: "Danh sách cần bổ sung quá dài"))
        }
        guard problems.isEmpty else { throw .invalid(problems) }
    }
}
