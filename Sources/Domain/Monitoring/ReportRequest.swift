/// What a report may be broken down by, and filtered on. `unit` is the competent unit (or the
/// receiving one, from the counter's perspective): a commune, or the province for provincial procedures.
public enum ReportDimension: String, Sendable, CaseIterable, Codable {
    case province, unit, agency, field, procedure, version, level, channel
    case unitClass = "class"
    case day, week, month

    /// Names accepted in requests besides the raw values: `commune` is a unit.
    public init?(name: String) {
        if name == "commune" { self = .unit } else { self.init(rawValue: name) }
    }

    public var isTime: Bool { self == .day || self == .week || self == .month }

    /// The label of a group's value of this dimension in Vietnamese reports.
    public var vietnameseName: String {
        switch self {
        case .province: "Tỉnh/thành phố"
        case .unit: "Đơn vị"
        case .agency: "Cơ quan"
        case .field: "Lĩnh vực"
        case .procedure: "Thủ tục"
        case .version: "Phiên bản thủ tục"
        case .level: "Cấp thẩm quyền"
        case .channel: "Kênh nộp"
        case .unitClass: "Loại đơn vị"
        case .day: "Ngày"
        case .week: "Tuần"
        case .month: "Tháng"
        }
    }
}

/// Whose figures: the competent unit's (default) or the receiving counter's (DOMAIN.md §7).
public enum ReportPerspective: String, Sendable, CaseIterable, Codable {
    case competent, receiving
}

/// One condition of a report's scope, such as `province:79`.
public struct ReportFilter: Hashable, Sendable, Codable {
    public var dimension: ReportDimension
    public var value: String

    public init(_ dimension: ReportDimension, _ value: String) {
        self.dimension = dimension
        self.value = value
    }
}

/// Why a report request cannot be answered; each names the parameter at fault.
public enum ReportError: Error, Equatable, Sendable {
    case unknownScope(String)
    case unknownDimension(String)
    case tooManyDimensions(Int)
    case tooManyFilters(Int)
    case invalidDate(parameter: String, value: String)
    case fromAfterTo(from: LocalDate, to: LocalDate)
    case rangeTooLong(days: Int, maximum: Int)
    case unknownPerspective(String)
    case unknownIndexConfiguration(String)

    public var parameter: String {
        switch self {
        case .unknownScope: "scope"
        case .unknownDimension, .tooManyDimensions: "by"
        case .tooManyFilters: "scope"
        case .invalidDate(let parameter, _): parameter
        case .fromAfterTo, .rangeTooLong: "to"
        case .unknownPerspective: "perspective"
        case .unknownIndexConfiguration: "version"
        }
    }

    public var message: String {
        switch self {
        case .unknownScope(let text):
            "Phạm vi “\(text)” không hợp lệ: dùng nation, province:MÃ, commune:MÃ, agency:MÃ, field:MÃ, procedure:MÃ, level:commune|province, channel:…, class:urban|rural|mountainous|island"
        case .unknownDimension(let text):
            "Không thể chia theo “\(text)”: dùng " + ReportDimension.allCases.map(\.rawValue).joined(separator: ", ") + " hoặc commune"
        case .tooManyDimensions(let count): "Chỉ chia theo tối đa \(ReportRequest.maximumDimensions) chiều, yêu cầu có \(count)"
        case .tooManyFilters(let count): "Phạm vi có tối đa \(ReportRequest.maximumFilters) điều kiện, yêu cầu có \(count)"
        case .invalidDate(_, let value): "Ngày “\(value)” không đúng dạng YYYY-MM-DD"
        case .fromAfterTo(let from, let to): "Ngày bắt đầu \(from) sau ngày kết thúc \(to)"
        case .rangeTooLong(let days, let maximum): "Khoảng thời gian \(days) ngày vượt quá giới hạn \(maximum) ngày (5 năm)"
        case .unknownPerspective(let text): "Góc nhìn “\(text)” không hợp lệ: dùng competent hoặc receiving"
        case .unknownIndexConfiguration(let text): "Không có bộ chỉ số phiên bản “\(text)”"
        }
    }
}

/// A report: a scope, a period of whole days and a breakdown, validated.
public struct ReportRequest: Hashable, Sendable {
    public static let maximumDimensions = 3
    /// One condition per dimension is all a scope can mean; more is a mistake (or an attempt to make a huge query).
    public static let maximumFilters = ReportDimension.allCases.count
    /// Five years of days, leap days included.
    public static let maximumDays = 5 * 365 + 2

    public var filters: [ReportFilter]
    public var from: LocalDate
    public var to: LocalDate
    public var by: [ReportDimension]
    public var perspective: ReportPerspective
    /// Only the rows of this part of the breakdown (`ReportPage.plan`); nil: all of them.
    public var page: ReportPage?

    public init(filters: [ReportFilter] = [], from: LocalDate, to: LocalDate, by: [ReportDimension] = [], perspective: ReportPerspective = .competent) {
        self.filters = filters
        self.from = from
        self.to = to
        self.by = by
        self.perspective = perspective
    }

    /// Parses the parameters of the API and the command line: `scope` is `nation` or filters joined by
    /// commas (`province:79,field:ho-tich`), `by` dimensions joined by commas.
    public static func parse(scope: String?, from: String?, to: String?, by: String?, perspective: String?) throws(ReportError) -> ReportRequest {
        guard let fromText = from, let fromDate = LocalDate(iso: fromText) else {
            throw .invalidDate(parameter: "from", value: from ?? "")
        }
        guard let toText = to, let toDate = LocalDate(iso: toText) else { throw .invalidDate(parameter: "to", value: to ?? "") }
        guard fromDate <= toDate else { throw .fromAfterTo(from: fromDate, to: toDate) }
        let days = toDate.daysSinceEpoch - fromDate.daysSinceEpoch + 1
        guard days <= maximumDays else { throw .rangeTooLong(days: days, maximum: maximumDays) }
        var filters: [ReportFilter] = []
        let parts = (scope ?? "nation").split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= maximumFilters else { throw .tooManyFilters(parts.count) }
        for part in parts.map({ $0.trimmingSpaces }) {
            if part == "nation" { continue }
            guard let colon = part.firstIndex(of: ":"), let dimension = ReportDimension(name: String(part[..<colon])), !dimension.isTime
            else { throw .unknownScope(part) }
            let value = String(part[part.index(after: colon)...])
            guard !value.isEmpty, value.count <= 64, Self.valid(value, for: dimension) else { throw .unknownScope(part) }
            filters.append(ReportFilter(dimension, value))
        }
        var dimensions: [ReportDimension] = []
        for name in (by ?? "").split(separator: ",").map({ $0.trimmingSpaces }) where !name.isEmpty {
            guard let dimension = ReportDimension(name: name) else { throw .unknownDimension(name) }
            if !dimensions.contains(dimension) { dimensions.append(dimension) }
        }
        guard dimensions.count <= maximumDimensions else { throw .tooManyDimensions(dimensions.count) }
        let chosen: ReportPerspective
        if let perspective {
            guard let value = ReportPerspective(rawValue: perspective) else { throw .unknownPerspective(perspective) }
            chosen = value
        } else {
            chosen = .competent
        }
        return ReportRequest(filters: filters, from: fromDate, to: toDate, by: dimensions, perspective: chosen)
    }

    static func valid(_ value: String, for dimension: ReportDimension) -> Bool {
        switch dimension {
        case .level: ProcedureVersion.Level(rawValue: value) != nil
        case .channel: Channel(rawValue: value) != nil
        case .unitClass: UnitClass(rawValue: value) != nil
        case .province: AdministrativeLevel.forCode(value) == .province
        // A unit is a commune, or a province for its provincial procedures.
        case .unit: AdministrativeLevel.forCode(value).map { $0 != .district } ?? false
        default: value.allSatisfy { $0.isLetter || $0.isNumber || "-_.@".contains($0) }
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension ReportDimension {
    /// The label of the time bucket a day falls in: the day, the Monday that starts its week, or the month.
    public func bucket(of day: LocalDate) -> String {
        switch self {
        case .week:
            // 1970-01-01 was a Thursday: days since the last Monday.
            let sinceMonday = (day.daysSinceEpoch + 3).modulo(7)
            return day.adding(days: -sinceMonday).description
        case .month: return String(day.description.prefix(7))
        default: return day.description
        }
    }
}
