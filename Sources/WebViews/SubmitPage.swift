public import Domain

/// Online submission: the applicant, the documents, a declaration. Re-shown with the values and a
/// message next to each wrong field when something is missing or wrong.
public struct SubmitPage: Page {
    public static let template = PageTemplate.submit

    /// The applicant's fields, in the order of the form; the names are the form's field names.
    public static let applicantFields: [(id: String, label: String, type: String, required: Bool, hint: String?, autocomplete: String?)] = [
        ("name", "Họ và tên", "text", true, nil, "name"),
        ("personalID", "Số định danh cá nhân", "text", false, "12 chữ số, in trên căn cước; để cơ quan đối chiếu dữ liệu dân cư", "off"),
        ("birthDate", "Ngày sinh", "date", false, nil, "bday"),
        ("phone", "Số điện thoại", "tel", false, "Để nhận tin nhắn về hồ sơ", "tel"),
        ("email", "Thư điện tử", "email", false, nil, "email"),
        ("address", "Địa chỉ", "text", false, "Số nhà, đường, thôn/ấp/tổ dân phố; địa chỉ cũ cũng được", "address-line1"),
        ("communeCode", "Xã, phường, đặc khu nhận hồ sơ (mã)", "text", true, "Gõ tên để chọn; ví dụ 00004", "off"),
    ]

    struct Input: Sendable {
        let id: String
        let label: String
        let type: String
        let required: Bool
        let hint: String?
        let autocomplete: String?
        let list: String?
        let value: String
        let error: String?
    }

    struct DocumentInput: Sendable {
        let id: String
        let name: String
        let required: Bool
        let error: String?
    }

    public struct FieldError: Sendable, Equatable {
        public let field: String
        public let message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var chrome: PageChrome
    let code: String
    let name: String
    let formToken: String
    let csrf: String
    let inputs: [Input]
    let documents: [DocumentInput]
    let maximumSize: String
    let summary: String
    let confirmed: Bool
    let errors: [FieldError]
    let hasErrors: Bool

    /// The form field of the n-th document of the checklist.
    public static func documentField(_ index: Int) -> String { "tep-\(index + 1)" }

    public init(procedure: ProcedureVersion, values: [String: String], errors: [FieldError], formToken: String, csrf: String, maximumBytes: Int) {
        code = procedure.code
        name = procedure.name
        self.formToken = formToken
        self.csrf = csrf
        let messages = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        inputs = Self.applicantFields.map { field in
            Input(id: field.id, label: field.label, type: field.type, required: field.required, hint: field.hint,
                  autocomplete: field.autocomplete, list: field.id == "communeCode" ? "ds-xa" : nil,
                  value: values[field.id] ?? "", error: messages[field.id])
        }
        documents = procedure.documents.enumerated().map { index, document in
            let id = Self.documentField(index)
            return DocumentInput(id: id, name: document.name, required: document.required, error: messages[id])
        }
        maximumSize = "\(maximumBytes / 1_048_576) MB"
        summary = values["summary"] ?? ""
        confirmed = values["confirm"] == "1"
        self.errors = errors
        hasErrors = !errors.isEmpty
        chrome = PageChrome(title: errors.isEmpty ? "Nộp hồ sơ trực tuyến" : "Lỗi: nộp hồ sơ trực tuyến", section: .citizen(current: "/"))
    }
}
