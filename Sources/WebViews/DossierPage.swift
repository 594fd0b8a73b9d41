public import Domain

/// One dossier for an officer: facts, the applicant (masked until opened, which is logged), documents,
/// the process control slip, the history, and a form for each command this officer may give now.
public struct DossierPage: Page {
    public static let template = PageTemplate.dossier

    struct Fact: Sendable { let label: String; let value: String }
    struct DocumentRow: Sendable { let name: String; let provided: String; let href: String? }
    struct StepRow: Sendable { let kind: String; let agency: String; let handler: String; let given: String; let due: String; let finished: String; let verdict: String }
    struct HistoryRow: Sendable { let at: String; let action: String; let status: String; let note: String }

    struct Action: Sendable {
        let command: String
        let label: String
        let danger: Bool
        let multipart: Bool
        let fields: [FormField]
        let id: String
    }

    /// What an assignee select shows.
    public struct Colleague: Sendable {
        public let id: String
        public let name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public var chrome: PageChrome
    let code: String
    let title: String
    let status: String
    let version: Int
    let csrf: String
    let formToken: String
    let notice: String?
    let error: String?
    let facts: [Fact]
    let applicant: [Fact]
    let masked: Bool
    let documents: [DocumentRow]
    let steps: [StepRow]
    let hasSteps: Bool
    let history: [HistoryRow]
    let actions: [Action]
    let hasActions: Bool
    let slips: [Option]
    let procedureCode: String
    let mayQueryPopulation: Bool
    let population: [Fact]
    let hasPopulation: Bool

    public init(
        _ dossier: Dossier, applicant shown: Applicant?, commands: [DossierCommand], colleagues: [Colleague], slips: [(kind: String, title: String)],
        notice: String?, error: String?, formToken: String, officer: String, csrf: String, population registered: PersonRecord? = nil
    ) {
        code = dossier.code
        title = dossier.opening.procedureName
        status = dossier.status.vietnameseName
        version = dossier.version
        self.csrf = csrf
        self.formToken = formToken
        self.notice = notice
        self.error = error
        let opening = dossier.opening
        var facts = [
            Fact(label: "Mã hồ sơ", value: dossier.code),
            Fact(label: "Thủ tục", value: "\(opening.procedureName) (\(opening.procedureCode))"),
            Fact(label: "Tình trạng", value: dossier.status.vietnameseName),
            Fact(label: "Kênh nộp", value: Self.channelName(opening.channel)),
            Fact(label: "Nộp lúc", value: VietnameseFormat.time(dossier.submittedAt)),
        ]
        if let received = dossier.receivedAt { facts.append(Fact(label: "Tiếp nhận lúc", value: VietnameseFormat.time(received))) }
        if let due = dossier.dueAt { facts.append(Fact(label: "Hạn giải quyết", value: VietnameseFormat.time(due))) }
        if let appointment = dossier.appointment, appointment != dossier.dueAt {
            facts.append(Fact(label: "Hẹn trả (mới)", value: VietnameseFormat.time(appointment)))
        }
        if dossier.pausedSince != nil { facts.append(Fact(label: "Thời hạn", value: "Đang tạm dừng (chờ bổ sung hoặc nộp phí)")) }
        if !dossier.missing.isEmpty { facts.append(Fact(label: "Cần bổ sung", value: dossier.missing.joined(separator: "; "))) }
        facts.append(Fact(label: "Đơn vị tiếp nhận / giải quyết", value: "\(opening.receivingAgency) / \(opening.competentAgency)"))
        facts.append(Fact(label: "Đang ở", value: dossier.currentAgency + (dossier.assignee.map { " – cán bộ \($0)" } ?? "")))
        if let proposal = dossier.proposal { facts.append(Fact(label: "Đề xuất", value: Self.outcomeName(proposal))) }
        if let decision = dossier.decision { facts.append(Fact(label: "Phê duyệt", value: Self.outcomeName(decision))) }
        if let rating = dossier.rating { facts.append(Fact(label: "Đánh giá", value: "\(rating)/5" + (dossier.ratingComment.map { ": \($0)" } ?? ""))) }
        self.facts = facts
        let person = shown ?? opening.applicant
        masked = shown == nil
        applicant = [
            Fact(label: "Họ và tên", value: person.name),
            Fact(label: "Số định danh", value: (shown == nil ? person.personalID.map(Masking.personalID) : person.personalID) ?? "—"),
            Fact(label: "Điện thoại", value: (shown == nil ? person.phone.map(Masking.phone) : person.phone) ?? "—"),
            Fact(label: "Địa chỉ", value: person.address ?? "—"),
        ]
        documents = opening.documents.map { document in
            DocumentRow(
                name: document.name, provided: document.provided ? "Đã nộp" : (document.file != nil ? "Đã đính kèm" : "Chưa nộp"),
                href: document.file.map { "/api/v1/dossiers/\(dossier.code)/documents/\($0)" }
            )
        }
        steps = dossier.steps.map { step in
            StepRow(
                kind: Self.stepName(step.kind), agency: step.agencyCode, handler: step.handler ?? "—", given: VietnameseFormat.short(step.givenAt),
                due: step.dueAt.map(VietnameseFormat.short) ?? "—", finished: step.finishedAt.map(VietnameseFormat.short) ?? "Đang xử lý",
                verdict: step.verdict.map(Self.verdictName) ?? ""
            )
        }
        hasSteps = !dossier.steps.isEmpty
        history = dossier.history.reversed().map { entry in
            var notes: [String] = []
            if let reason = entry.reason { notes.append(reason) }
            if let missing = entry.missing, !missing.isEmpty { notes.append("Cần bổ sung: " + missing.joined(separator: "; ")) }
            if let appointment = entry.appointment { notes.append("Hẹn trả: " + VietnameseFormat.short(appointment)) }
            return HistoryRow(
                at: VietnameseFormat.short(entry.at), action: entry.kind.vietnameseName,
                status: entry.status.vietnameseName, note: notes.joined(separator: ". ")
            )
        }
        actions = commands.map { Self.action($0, dossier: dossier, colleagues: colleagues) }
        hasActions = !commands.isEmpty
        procedureCode = dossier.opening.procedureCode
        mayQueryPopulation = dossier.opening.applicant.personalID != nil && registered == nil
        population = registered.map { person in
            [
                Fact(label: "Họ và tên", value: person.name), Fact(label: "Ngày sinh", value: VietnameseFormat.date(person.birthDate)),
                Fact(label: "Giới tính", value: person.sex == .male ? "Nam" : "Nữ"), Fact(label: "Thường trú", value: person.permanentAddress),
                Fact(label: "Nơi ở hiện tại", value: person.currentAddress),
            ]
        } ?? []
        hasPopulation = registered != nil
        self.slips = slips.map { Option(value: "/api/v1/dossiers/\(dossier.code)/slips/\($0.kind)?format=html", label: $0.title) }
        chrome = PageChrome(title: "Hồ sơ \(dossier.code)", section: .officer(current: "/can-bo"), officer: officer, csrf: csrf)
    }

    static func action(_ command: DossierCommand, dossier: Dossier, colleagues: [Colleague]) -> Action {
        let outcome = Option.list([("approved", "Giải quyết (chấp thuận)"), ("refused", "Từ chối giải quyết")], current: "approved")
        let fields: [FormField] = switch command {
        case .receive:
            [FormField("provided", "Giấy tờ đã nhận đủ", kind: "checks", options: dossier.opening.documents.map {
                Option(value: $0.name, label: $0.name + ($0.required ? "" : " (nếu có)"), selected: $0.required || $0.provided)
            })]
        case .refuseAtIntake, .stop, .withdraw:
            [FormField("reason", "Lý do", kind: "textarea", required: true)]
        case .assign:
            [FormField("assignee", "Giao cho", kind: "select", required: true, options: colleagues.map { Option(value: $0.id, label: $0.name) }),
             FormField("allottedDays", "Thời hạn của bước (ngày làm việc, không bắt buộc)", kind: "number")]
        case .proposeDecision, .decide:
            [FormField("outcome", "Kết quả", kind: "select", required: true, options: outcome),
             FormField("reason", "Ý kiến (bắt buộc khi từ chối)", kind: "textarea")]
        case .transfer:
            [FormField("targetAgency", "Mã cơ quan nhận", kind: "text", required: true),
             FormField("allottedDays", "Thời hạn của bước (ngày làm việc)", kind: "number")]
        case .requestSupplement:
            [FormField("missing", "Giấy tờ cần bổ sung (mỗi dòng một loại, nêu một lần đầy đủ)", kind: "textarea", required: true),
             FormField("reason", "Lý do", kind: "textarea")]
        case .requestPayment:
            [FormField("amount", "Số tiền (đồng)", kind: "number", required: true)]
        case .recordPayment:
            [FormField("amount", "Số tiền (đồng)", kind: "number", required: true, value: dossier.amountDue.map(String.init) ?? ""),
             FormField("paymentChannel", "Hình thức nộp", kind: "select", required: true, options: Option.list(
                [("counter", "Tại quầy"), ("nationalPortal", "Cổng Dịch vụ công quốc gia"), ("provincialGateway", "Cổng thanh toán của tỉnh")], current: "counter"))]
        case .apologise:
            [FormField("reason", "Lý do chậm", kind: "textarea", required: true),
             FormField("newAppointment", "Ngày hẹn mới", kind: "datetime-local", required: true)]
        case .resolve:
            [FormField("result", "Văn bản kết quả (PDF, không bắt buộc)", kind: "file")]
        case .returnResult:
            [FormField("returnChannel", "Hình thức trả", kind: "select", required: true, options: Option.list(
                [("counter", "Tại quầy"), ("post", "Qua bưu chính"), ("online", "Trực tuyến")], current: "counter"))]
        case .receiveSupplement, .rate:
            []
        }
        return Action(
            command: command.rawValue, label: command.vietnameseName, danger: [.refuseAtIntake, .stop, .withdraw].contains(command),
            multipart: command == .resolve, fields: fields, id: "lenh-\(command.rawValue)"
        )
    }

    static func channelName(_ channel: Channel) -> String { channel.vietnameseName }

    static func outcomeName(_ outcome: Outcome) -> String {
        outcome == .approved ? "Giải quyết" : "Từ chối giải quyết"
    }

    static func stepName(_ kind: DossierStep.Kind) -> String {
        switch kind {
        case .reception: "Tiếp nhận"
        case .handling: "Xử lý"
        case .transfer: "Chuyển xử lý"
        case .return: "Trả kết quả"
        }
    }

    static func verdictName(_ verdict: Verdict) -> String {
        switch verdict {
        case .early: "Trước hạn"
        case .onTime: "Đúng hạn"
        case .late: "Quá hạn"
        }
    }
}
