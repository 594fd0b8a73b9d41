/// One step of an inter-level procedure (liên thông): which level and kind of agency does what, and the
/// share of the limit it is given.
public struct ProcedureStep: Hashable, Sendable, Codable {
    public enum Action: String, Sendable, Codable, CaseIterable { case receive, process, decide, `return` }

    public var level: ProcedureVersion.Level
    public var agencyKind: AgencyKind
    public var agencyName: String?
    public var action: Action
    public var limit: TimeLimit?

    public init(level: ProcedureVersion.Level, agencyKind: AgencyKind, agencyName: String? = nil, action: Action, limit: TimeLimit? = nil) {
        self.level = level
        self.agencyKind = agencyKind
        self.agencyName = agencyName
        self.action = action
        self.limit = limit
    }
}

/// A document the applicant hands in.
public struct RequiredDocument: Hashable, Sendable, Codable {
    public var name: String
    /// An original (bản chính) rather than a copy.
    public var original: Bool
    public var count: Int
    /// False for documents needed only in some cases.
    public var required: Bool

    public init(name: String, original: Bool, count: Int = 1, required: Bool = true) {
        self.name = name
        self.original = original
        self.count = count
        self.required = required
    }

    enum CodingKeys: String, CodingKey { case name, original, count, required }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        original = try container.decodeIfPresent(Bool.self, forKey: .original) ?? false
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
    }
}
