import AppCore

/// Query parameters read strictly. A yes/no flag (`?dryRun=true`, `?bom=true`): `true`/`false`, `1`/`0`
/// or `yes`/`no`, and nothing else — a misspelt flag must be refused, not quietly read the other way (a
/// "dry run" that writes). A count (`?limit=50`): a non-negative integer.
enum QueryFlag {
    static func bool(_ text: String?, field: String) throws(AppError) -> Bool? {
        switch text {
        case nil: return nil
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        case let text?: throw .invalid(field, "“\(text)” không hợp lệ: \(field) phải là true hoặc false")
        }
    }

    static func bool(_ text: String?, field: String, default value: Bool) throws(AppError) -> Bool {
        try bool(text, field: field) ?? value
    }

    static func integer(_ text: String?, field: String) throws(AppError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), value >= 0 else { throw .invalid(field, "“\(text)” không phải số nguyên không âm") }
        return value
    }
}
