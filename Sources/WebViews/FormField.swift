/// One field of a form the pages build from data (command forms, admin forms): the template picks the
/// control by the flags, since Mustache cannot compare strings.
struct FormField: Sendable {
    let name: String
    let label: String
    let required: Bool
    let value: String
    let options: [Option]
    let isText: Bool, isPassword: Bool, isTextarea: Bool, isSelect: Bool, isChecks: Bool, isNumber: Bool, isDateTime: Bool, isFile: Bool

    init(_ name: String, _ label: String, kind: String, required: Bool = false, value: String = "", options: [Option] = []) {
        self.name = name
        self.label = label
        self.required = required
        self.value = value
        self.options = options
        isText = kind == "text"
        isPassword = kind == "password"
        isTextarea = kind == "textarea"
        isSelect = kind == "select"
        isChecks = kind == "checks"
        isNumber = kind == "number"
        isDateTime = kind == "datetime-local"
        isFile = kind == "file"
    }
}
