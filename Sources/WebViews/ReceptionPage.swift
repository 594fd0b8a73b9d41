public import Domain

/// The reception desk: choose the procedure, tick the completeness checklist, enter the applicant, and
/// receive (or refuse with a reason). After filing, a link prints the receipt.
public struct ReceptionPage: Page {
    public static let template = PageTemplate.reception

    struct Check: Sendable { let id: String; let name: String; let required: Bool; let checked: Bool }

    public var chrome: PageChrome
    let procedures: [Option]
    let chosen: Bool
    let procedureCode: String
    let procedureName: String
    let limit: String
    let checklist: [Check]
    let inputs: [SubmitPage.Input]
    let formToken: String
    let csrf: String
    let errors: [SubmitPage.FieldError]
    let hasErrors: Bool
    let filed: Filed?

    /// A dossier just filed: its code and the receipt to print.
    public struct Filed: Sendable {
        let code: String
        let secret: String
        let status: String
        let receiptHref: String

        public init(code: String, secret: String, status: String) {
            self.code = code
            self.secret = secret
            self.status = status
            receiptHref = "/api/v1/dossiers/\(code)/slips/receipt?format=html"
        }
    }

    public init(
        procedures: [ProcedureVersion], chosen: ProcedureVersion?, values: [String: String], provided: Set<String>?, errors: [SubmitPage.FieldError],
        filed: Filed?, formToken: String, officer: String, csrf: String
    ) {
        self.procedures = [Option(value: "", label: "— Chọn thủ tục —", selected: chosen == nil)]
            + procedures.map { Option(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == chosen?.code) }
        self.chosen = chosen != nil
        procedureCode = chosen?.code ?? ""
        procedureName = chosen?.name ?? ""
        limit = chosen.map { VietnameseFormat.limit($0.limit) } ?? ""
        checklist = (chosen?.documents ?? []).enumerated().map { index, document in
            Check(id: "giay-\(index + 1)", name: document.name, required: document.required,
                  checked: provided.map { $0.contains(document.name) } ?? false)
        }
        let messages = Dictionary(errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        inputs = SubmitPage.applicantFields.filter { $0.id != "communeCode" }.map { field in
            SubmitPage.Input(
                id: field.id, label: field.label, type: field.type, required: field.id == "name", hint: field.hint,
                autocomplete: "off", list: nil, value: values[field.id] ?? "", error: messages[field.id]
            )
        }
        self.formToken = formToken
        self.csrf = csrf
        self.errors = errors
        hasErrors = !errors.isEmpty
        self.filed = filed
        chrome = PageChrome(title: "Tiếp nhận hồ sơ", section: .officer(current: "/can-bo/tiep-nhan"), officer: officer, csrf: csrf)
    }
}
