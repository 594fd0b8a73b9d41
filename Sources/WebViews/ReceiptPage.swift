public import Domain

/// After an online submission: the code and the look-up secret, shown once.
public struct ReceiptPage: Page {
    public static let template = PageTemplate.receipt
    public var chrome: PageChrome
    let code: String
    let secret: String
    let procedureName: String
    let submittedAt: String

    public init(code: String, secret: String, procedureName: String, submittedAt: Instant) {
        self.code = code
        self.secret = secret
        self.procedureName = procedureName
        self.submittedAt = VietnameseFormat.time(submittedAt)
        chrome = PageChrome(title: "Đã nộp hồ sơ \(code)", section: .citizen(current: "/"))
    }
}
