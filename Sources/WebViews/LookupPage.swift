public import Domain

/// The citizen's look-up by code and secret: the form, or the dossier's public view with its history
/// and, after the result is returned, the rating form.
public struct LookupPage: Page {
    public static let template = PageTemplate.lookup

    /// What the public view of a dossier holds, as the page shows it.
    public struct Result: Sendable {
        public struct Entry: Sendable {
            let at: String
            let action: String
            let statusName: String
            let note: String

            public init(at: Instant, action: String, statusName: String, reason: String?, missing: [String]?, appointment: Instant?) {
                self.at = VietnameseFormat.time(at)
                self.action = action
                self.statusName = statusName
                var notes: [String] = []
                if let reason, !reason.isEmpty { notes.append(reason) }
                if let missing, !missing.isEmpty { notes.append("Cần bổ sung: " + missing.joined(separator: "; ")) }
                if let appointment { notes.append("Hẹn trả: " + VietnameseFormat.time(appointment)) }
                note = notes.joined(separator: ". ")
            }
        }

        let code: String
        let secret: String
        let version: Int
        let procedureName: String
        let applicantName: String
        let statusName: String
        let appointment: String?
        let resultText: String
        let missing: [String]
        let hasMissing: Bool
        let history: [Entry]
        let mayRate: Bool
        let maySupply: Bool
        let rating: Int?
        let ratings = [(5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Chưa hài lòng"), (1, "Không hài lòng")]
            .map { Option(value: String($0.0), label: "\($0.0) – \($0.1)") }

        public init(
            code: String, secret: String, version: Int, procedureName: String, applicantName: String, statusName: String,
            appointment: Instant?, resultReady: Bool, outcome: Outcome?, returned: Bool, missing: [String], history: [Entry],
            mayRate: Bool, maySupply: Bool, rating: Int?
        ) {
            self.code = code
            self.secret = secret
            self.version = version
            self.procedureName = procedureName
            self.applicantName = applicantName
            self.statusName = statusName
            self.appointment = appointment.map(VietnameseFormat.time)
            resultText = switch (outcome, resultReady, returned) {
            case (_, _, true): "Đã trả kết quả."
            case (.refused, true, _): "Đã có kết quả (từ chối giải quyết, có văn bản nêu lý do); mời nhận tại nơi hẹn."
            case (_, true, _): "Đã có kết quả; mời nhận tại nơi hẹn hoặc theo hình thức đã đăng ký."
            default: "Chưa có kết quả."
            }
            self.missing = missing
            hasMissing = !missing.isEmpty
            self.history = history
            self.mayRate = mayRate
            self.maySupply = maySupply
            self.rating = rating
        }
    }

    public var chrome: PageChrome
    let csrf: String
    let code: String
    let error: String?
    let notice: String?
    let result: Result?

    public init(code: String = "", csrf: String, error: String? = nil, notice: String? = nil, result: Result? = nil) {
        self.code = code
        self.csrf = csrf
        self.error = error
        self.notice = notice
        self.result = result
        chrome = PageChrome(title: result.map { "Hồ sơ \($0.code)" } ?? "Tra cứu hồ sơ", section: .citizen(current: "/tra-cuu"))
    }
}
