public import Domain

/// The review queue of dossiers brought over from pre-reform systems whose old commune was split: for
/// each, the part of the address below the commune (what decides) and the successors to choose from.
public struct ReviewQueuePage: Page {
    public static let template = PageTemplate.reviews

    /// One record waiting, as the page shows it.
    public struct Item: Sendable {
        public let sourceSystem: String
        public let originalCode: String
        public let applicant: String
        public let address: String
        public let procedure: String
        public let firstStatusAt: Instant?
        /// Old code → its successors (code, name).
        public let candidates: [(old: String, successors: [(code: String, name: String)])]

        public init(
            sourceSystem: String, originalCode: String, applicant: String, address: String, procedure: String, firstStatusAt: Instant?,
            candidates: [(old: String, successors: [(code: String, name: String)])]
        ) {
            self.sourceSystem = sourceSystem
            self.originalCode = originalCode
            self.applicant = applicant
            self.address = address
            self.procedure = procedure
            self.firstStatusAt = firstStatusAt
            self.candidates = candidates
        }
    }

    struct Choice: Sendable { let id: String; let value: String; let label: String; let checked: Bool }
    struct Question: Sendable { let legend: String; let name: String; let choices: [Choice] }
    struct Row: Sendable {
        let id: String
        let system: String
        let code: String
        let applicant: String
        let address: String
        let procedure: String
        let received: String
        let questions: [Question]
    }

    public var chrome: PageChrome
    let rows: [Row]
    let hasRows: Bool
    let notice: String?
    let error: String?
    let csrf: String

    public init(items: [Item], notice: String? = nil, error: String? = nil, officer: String, csrf: String) {
        rows = items.enumerated().map { index, item in
            Row(
                id: "muc-\(index + 1)", system: item.sourceSystem, code: item.originalCode, applicant: item.applicant,
                address: item.address.isEmpty ? "(không ghi)" : item.address, procedure: item.procedure,
                received: item.firstStatusAt.map(VietnameseFormat.short) ?? "—",
                questions: item.candidates.map { old, successors in
                    Question(
                        legend: "Mã đơn vị cũ \(old) nay thuộc đơn vị nào?", name: "chon-\(old)",
                        choices: successors.enumerated().map { position, successor in
                            Choice(id: "muc-\(index + 1)-\(old)-\(successor.code)", value: successor.code,
                                   label: "\(successor.name) (\(successor.code))", checked: position == 0 && successors.count == 1)
                        }
                    )
                }
            )
        }
        hasRows = !items.isEmpty
        self.notice = notice
        self.error = error
        self.csrf = csrf
        chrome = PageChrome(title: "Hồ sơ chuyển từ hệ thống cũ chờ xác định đơn vị", section: .officer(current: "/can-bo/chuyen-doi"), officer: officer, csrf: csrf)
    }
}
