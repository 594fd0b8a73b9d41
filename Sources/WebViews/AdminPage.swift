/// The administrators' pages: accounts in scope, the outbox (retry, discard), catalogue import and the
/// working calendar. One shape for all: tabs, a message, tables whose rows may carry buttons, and forms.
public struct AdminPage: Page {
    public static let template = PageTemplate.admin

    public struct Tab: Sendable {
        let href: String
        let label: String
        let current: Bool
    }

    public struct Button: Sendable {
        let action: String
        let label: String
        let danger: Bool

        public init(action: String, label: String, danger: Bool = false) {
            self.action = action
            self.label = label
            self.danger = danger
        }
    }

    public struct Row: Sendable {
        let cells: [String]
        let buttons: [Button]

        public init(cells: [String], buttons: [Button] = []) {
            self.cells = cells
            self.buttons = buttons
        }
    }

    public struct Table: Sendable {
        let title: String
        let headers: [String]
        let rows: [Row]
        let hasRows: Bool
        let hasButtons: Bool
        let empty: String

        public init(title: String, headers: [String], rows: [Row], empty: String) {
            self.title = title
            self.headers = headers
            self.rows = rows
            hasRows = !rows.isEmpty
            hasButtons = rows.contains { !$0.buttons.isEmpty }
            self.empty = empty
        }
    }

    public struct Form: Sendable {
        let id: String
        let title: String
        let action: String
        let multipart: Bool
        let fields: [FormField]
        let submit: String

        /// Fields as (name, label, kind, required, options): kinds text, password, select, file, textarea, number.
        public init(id: String, title: String, action: String, submit: String, fields: [(String, String, String, Bool, [Option])]) {
            self.id = id
            self.title = title
            self.action = action
            self.submit = submit
            self.fields = fields.map { FormField($0.0, $0.1, kind: $0.2, required: $0.3, options: $0.4) }
            multipart = fields.contains { $0.2 == "file" }
        }
    }

    public var chrome: PageChrome
    let heading: String
    let tabs: [Tab]
    let notice: String?
    let error: String?
    let tables: [Table]
    let forms: [Form]
    let csrf: String

    public static let sections = [
        ("/quan-tri/tai-khoan", "Tài khoản"), ("/quan-tri/thu-cho-gui", "Thư chờ gửi"), ("/quan-tri/danh-muc", "Danh mục thủ tục"),
        ("/quan-tri/lich", "Lịch làm việc"),
    ]

    public init(section: String, heading: String, notice: String?, error: String?, tables: [Table], forms: [Form], officer: String, csrf: String) {
        self.heading = heading
        tabs = Self.sections.map { Tab(href: $0.0, label: $0.1, current: $0.0 == section) }
        self.notice = notice
        self.error = error
        self.tables = tables
        self.forms = forms
        self.csrf = csrf
        chrome = PageChrome(title: heading, section: .officer(current: section), officer: officer, csrf: csrf)
    }
}
