/// A request for a page of units as it arrives from a query string or the command line: text, to be
/// checked by `GeographyService`.
public struct UnitListRequest: Sendable {
    public var level: String?
    public var province: String?
    public var q: String?
    public var at: String?
    public var cursor: String?
    public var limit: String?

    public init(
        level: String? = nil, province: String? = nil, q: String? = nil, at: String? = nil, cursor: String? = nil,
        limit: String? = nil
    ) {
        self.level = level
        self.province = province
        self.q = q
        self.at = at
        self.cursor = cursor
        self.limit = limit
    }
}
