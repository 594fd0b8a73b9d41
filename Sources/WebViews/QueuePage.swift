public import Domain

/// The work queue of an officer's agency, by due time: overdue and due-today rows stand out.
public struct QueuePage: Page {
    public static let template = PageTemplate.queue

    struct Row: Sendable {
        let code: String
        let procedure: String
        let applicant: String
        let status: String
        let due: String
        let rowClass: String
        let flag: String?
        let flagClass: String
    }

    public var chrome: PageChrome
    let statuses: [Option]
    let fields: [Option]
    let procedure: String
    let rows: [Row]
    let hasRows: Bool
    let nextHref: String?
    let count: String

    public init(
        dossiers: [Dossier], status: String?, procedure: String?, field: String? = nil, fields: [String] = [], nextHref: String?, now: Instant,
        officer: String, csrf: String
    ) {
        self.fields = Option.list([("", "Tất cả lĩnh vực")] + fields.map { ($0, $0) }, current: field)
        statuses = Option.list(
            [("", "Đang giải quyết")] + DossierStatus.allCases.map { ($0.rawValue, $0.vietnameseName) }, current: status
        )
        self.procedure = procedure ?? ""
        let today = now.vietnamDate
        rows = dossiers.map { dossier in
            let due = dossier.appointment ?? dossier.dueAt
            let overdue = due.map { $0 < now } ?? false
            let dueToday = !overdue && due?.vietnamDate == today
            let open = !dossier.status.isFinal && dossier.status != .resolved && dossier.status != .returned
            return Row(
                code: dossier.code, procedure: dossier.opening.procedureName, applicant: dossier.opening.applicant.name,
                status: dossier.status.vietnameseName, due: due.map(VietnameseFormat.short) ?? (dossier.pausedSince != nil ? "Tạm dừng" : "—"),
                rowClass: open && overdue ? "overdue" : (open && dueToday ? "due-today" : ""),
                flag: open && overdue ? "Quá hạn" : (open && dueToday ? "Đến hạn hôm nay" : nil),
                flagClass: overdue ? "badge bad" : "badge warn"
            )
        }
        hasRows = !dossiers.isEmpty
        self.nextHref = nextHref
        count = "\(dossiers.count) hồ sơ"
        chrome = PageChrome(title: "Hồ sơ cần xử lý", section: .officer(current: "/can-bo"), officer: officer, csrf: csrf)
    }
}
