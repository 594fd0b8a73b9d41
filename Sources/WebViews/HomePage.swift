public import Domain

/// The citizens' home: procedure search by name, level and field.
public struct HomePage: Page {
    public static let template = PageTemplate.home

    public struct Card: Sendable {
        let code: String
        let name: String
        let field: String
        let level: String
        let limit: String
        let online: Bool
    }

    public var chrome: PageChrome
    let query: String
    let levels: [Option]
    let fields: [Option]
    let summary: String
    let results: [Card]
    let hasResults: Bool
    let nextHref: String?

    public init(query: String, level: String?, field: String?, fields: [String], results: [ProcedureVersion], nextHref: String?) {
        self.query = query
        levels = Option.list([("", "Tất cả"), ("commune", "Cấp xã"), ("province", "Cấp tỉnh")], current: level)
        self.fields = Option.list([("", "Tất cả lĩnh vực")] + fields.map { ($0, $0) }, current: field)
        self.results = results.map {
            Card(code: $0.code, name: $0.name, field: $0.field, level: Self.levelName($0.level),
                 limit: VietnameseFormat.limit($0.limit), online: $0.onlineLevel == .full)
        }
        hasResults = !results.isEmpty
        summary = results.isEmpty ? "Không tìm thấy thủ tục phù hợp" : (query.isEmpty && level == nil && field == nil ? "Thủ tục thường gặp" : "Kết quả tìm kiếm")
        self.nextHref = nextHref
        chrome = PageChrome(title: "Thủ tục hành chính", section: .citizen(current: "/"))
    }

    static func levelName(_ level: ProcedureVersion.Level) -> String {
        switch level {
        case .commune: "Cấp xã"
        case .province: "Cấp tỉnh"
        }
    }
}
