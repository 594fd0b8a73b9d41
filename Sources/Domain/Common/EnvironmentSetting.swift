/// The tuning settings a deployment gives through the environment (README), each with the values it
/// accepts. `motcua` checks them all before it opens anything (`problems(in:)`): a typo such as
/// `MOTCUA_SESSION_CACHE_SECONDS=2s` stops the start with the setting's name and what it accepts,
/// where reading it alone would have run on the default without a word. An absent or empty setting
/// means the default; the readers (`integer`, `seconds`, `flag`, `text`) give nil for it, and for a value
/// the check refuses, so a library user who skipped the check also gets the default.
public enum EnvironmentSetting: String, CaseIterable, Sendable {
    case bcryptCost = "MOTCUA_BCRYPT_COST"
    case sessionCacheSeconds = "MOTCUA_SESSION_CACHE_SECONDS"
    case registryTimeout = "MOTCUA_REGISTRY_TIMEOUT"
    case leaseTimeout = "MOTCUA_PG_LEASE_TIMEOUT"
    case leaseQueueLimit = "MOTCUA_PG_LEASE_QUEUE_LIMIT"
    case writeLanes = "MOTCUA_PG_WRITE_LANES"
    case gaplessCodes = "MOTCUA_GAPLESS_CODES"
    case codeBlock = "MOTCUA_CODE_BLOCK"
    case preparedStatements = "MOTCUA_PG_PREPARED"
    case preparedLimit = "MOTCUA_PG_PREPARED_LIMIT"
    case detailReports = "MOTCUA_DETAIL_REPORTS"
    case logLevel = "MOTCUA_LOG_LEVEL"

    enum Accepted {
        case integer(ClosedRange<Int>)
        case seconds(ClosedRange<Double>)
        case flag
        case word([String])
    }

    var accepted: Accepted {
        switch self {
        case .bcryptCost: .integer(4...31)
        case .sessionCacheSeconds: .seconds(0...60)
        case .registryTimeout: .seconds(0.1...600)
        case .leaseTimeout, .leaseQueueLimit: .seconds(0.1...3_600)
        case .writeLanes: .integer(0...64)
        case .codeBlock: .integer(1...1_000)
        case .preparedLimit: .integer(0...100_000)
        case .detailReports: .integer(1...64)
        case .gaplessCodes, .preparedStatements: .flag
        case .logLevel: .word(["trace", "debug", "info", "notice", "warning", "error", "critical"])
        }
    }

    /// What the setting accepts, as the refusal says it.
    var expected: String {
        switch accepted {
        case .integer(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .seconds(let range): "a number of seconds from \(Self.decimal(range.lowerBound)) to \(Self.decimal(range.upperBound))"
        case .flag: "0 or 1"
        case .word(let words): "one of \(words.joined(separator: ", "))"
        }
    }

    /// The setting's text, nil when absent or empty.
    func given(in environment: [String: String]) -> String? {
        environment[rawValue].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func integer(in environment: [String: String]) -> Int? {
        guard case .integer(let range) = accepted, let value = given(in: environment).flatMap({ Int($0) }), range.contains(value) else { return nil }
        return value
    }

    public func seconds(in environment: [String: String]) -> Double? {
        guard case .seconds(let range) = accepted, let value = given(in: environment).flatMap({ Double($0) }), range.contains(value) else {
            return nil
        }
        return value
    }

    public func flag(in environment: [String: String]) -> Bool? {
        guard case .flag = accepted, let text = given(in: environment), ["0", "1"].contains(text) else { return nil }
        return text == "1"
    }

    public func text(in environment: [String: String]) -> String? {
        guard case .word(let words) = accepted, let text = given(in: environment), words.contains(text) else { return nil }
        return text
    }

    /// Whether a given value is one the setting accepts (an absent one always is).
    func isValid(in environment: [String: String]) -> Bool {
        guard given(in: environment) != nil else { return true }
        switch accepted {
        case .integer: return integer(in: environment) != nil
        case .seconds: return seconds(in: environment) != nil
        case .flag: return flag(in: environment) != nil
        case .word: return text(in: environment) != nil
        }
    }

    /// One line per setting given a value it does not accept, in the order of the cases.
    public static func problems(in environment: [String: String]) -> [String] {
        allCases.filter { !$0.isValid(in: environment) }.map { setting in
            "\(setting.rawValue)=\"\(environment[setting.rawValue] ?? "")\" is not accepted: expected \(setting.expected)"
        }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
