public import Domain
public import Foundation
public import Storage

/// Staffing: job positions with their quota and the roster (as counts) per unit and skill, imported
/// from CSV and reported as surplus and shortage from commune to nation, with the rotations within a
/// province that would even them out.
public struct StaffingService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    public static let positionColumns = ["id", "unit_code", "title", "skill", "quota"]
    public static let rosterColumns = ["unit_code", "skill", "category", "people"]

    /// Imports positions (`positionColumns`) or roster counts (`rosterColumns`), told apart by the header,
    /// each with an optional `agency_code` column: the agency of the unit. Every row is checked (unit
    /// current and within the importer's scope, agency of that unit, skill, category, counts not negative,
    /// an id or a unit-agency-skill-category twice) before anything is written. Returns the rows written.
    public func importCSV(_ text: String, by actor: UserRecord?) async throws(AppError) -> Int {
        let records = BookkeepingUnits.records(text)
        guard let header = records.first else { throw .invalid("header", "Tệp CSV rỗng") }
        let isRoster = Self.rosterColumns.allSatisfy(header.contains)
        guard isRoster || Self.positionColumns.allSatisfy(header.contains) else {
            throw .invalid("header", "Tệp CSV cần các cột " + Self.positionColumns.joined(separator: ", ") + " (vị trí việc làm) hoặc "
                + Self.rosterColumns.joined(separator: ", ") + " (số người)")
        }
        var (rows, issues) = try await units.rows(of: records, actor: actor)
        let agencies = try await units.agencies(of: rows)
        var positions: [Position] = []
        var staff: [StaffCount] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let line = row.line, value = row.value, unitCode = row.unitCode, province = row.province
            var rowIssues = row.issues
            let skill = row.choice(SkillField.self, "skill", into: &rowIssues)
            let count = row.count(isRoster ? "people" : "quota", into: &rowIssues)
            let agency = row.agency("agency_code", required: false, in: agencies, into: &rowIssues)
            var key = ""
            if isRoster {
                let category = row.choice(StaffCategory.self, "category", into: &rowIssues)
                key = "\(unitCode)/\(agency)/\(value("skill"))/\(value("category"))"
                if rowIssues.isEmpty, let province, let skill, let category, let count {
                    staff.append(StaffCount(provinceCode: province, unitCode: unitCode, agencyCode: agency, skill: skill, category: category, people: count))
                }
            } else {
                key = value("id")
                if key.isEmpty || key.count > 60 { rowIssues.append(.init("\(line): id", "Cần mã vị trí (tối đa 60 ký tự)")) }
                if value("title").isEmpty { rowIssues.append(.init("\(line): title", "Cần tên vị trí việc làm")) }
                if rowIssues.isEmpty, let province, let skill, let count {
                    positions.append(Position(
                        id: key, provinceCode: province, unitCode: unitCode, agencyCode: agency, title: value("title"), skill: skill, quota: count
                    ))
                }
            }
            if let first = seen[key], !key.isEmpty {
                rowIssues.append(.init("\(line): \(isRoster ? "category" : "id")", "Trùng với dòng \(first)"))
            } else {
                seen[key] = row.number
            }
            issues += rowIssues
        }
        if !isRoster {
            let stored = try await storage { try await store.bookkeeping.places(in: .positions, ids: positions.map(\.id)) }
            issues += units.moves(rows, stored: stored, actor: actor)
        }
        guard issues.isEmpty else { throw .invalidRows(issues) }
        try await storage {
            try await store.bookkeeping.saveStaffing(positions: positions, staff: staff, at: instant)
        }
        return positions.count + staff.count
    }

    /// One row of the staffing report: a group and its quota, people, part-time staff, surplus and shortage
    /// (summed over its units and skills, so that one unit's surplus does not hide another's shortage).
    public struct Row: Sendable, Equatable {
        public var code: String
        public var name: String
        public var quota = 0
        public var people = 0
        public var partTime = 0
        public var surplus = 0
        public var shortage = 0

        mutating func add(_ gap: StaffingGap) {
            quota += gap.quota
            people += gap.people
            partTime += gap.partTime
            surplus += gap.surplus
            shortage += gap.shortage
        }
    }

    public enum Grouping: String, Sendable, CaseIterable {
        case none, province, unit, agency, skill
        case unitClass = "class"
    }

    /// Surplus and shortage of a scope, by province, unit, agency (of its unit; "" where the registers
    /// name none), unit class (of the commune; provinces apart) or skill, with the scope's total.
    public func gaps(scope: String?, groupBy: Grouping) async throws(AppError) -> (total: Row, rows: [Row]) {
        let (province, unit) = try await units.parse(scope: scope)
        let (positions, staff) = try await storage { try await store.bookkeeping.staffing(provinceCode: province, unitCode: unit) }
        var total = Row(code: "", name: "Tổng cộng")
        var rows: [String: Row] = [:]
        let classes = groupBy == .unitClass ? try await unitClasses() : [:]
        for gap in StaffingRules.gaps(positions: positions, staff: staff) {
            total.add(gap)
            let code = switch groupBy {
            case .none: ""
            case .province: gap.provinceCode
            case .unit: gap.unitCode
            case .agency: gap.agencyCode
            case .unitClass: classes[gap.unitCode]?.rawValue ?? ""
            case .skill: gap.skill.rawValue
            }
            var row = rows[code] ?? Row(code: code, name: code)
            row.add(gap)
            rows[code] = row
        }
        let agencyNames = groupBy == .agency ? try await self.agencyNames(province: province) : [:]
        let unitNames = groupBy == .unit || groupBy == .province ? try await units.names(Array(rows.keys)) : [:]
        let ordered: [Row] = groupBy == .none ? [] : rows.keys.sorted().map { code in
            var row = rows[code] ?? Row(code: code, name: code)
            row.name = switch groupBy {
            case .skill: SkillField(rawValue: code)?.vietnamese ?? code
            case .agency: agencyNames[code] ?? "Chưa ghi cơ quan"
            case .unitClass: UnitClass(rawValue: code)?.vietnamese ?? "Cấp tỉnh"
            default: unitNames[code] ?? code
            }
            return row
        }
        return (total, ordered)
    }

    /// The class of every current commune (the recorded one, else its type's default).
    func unitClasses() async throws(AppError) -> [String: UnitClass] {
        let all = try await storage { try await store.geography.allUnits() }
        let date = max(today, Reform.effectiveDate)
        var classes: [String: UnitClass] = [:]
        for unit in all where unit.level == .commune && unit.isValid(at: date) {
            if let unitClass = unit.unitClass ?? UnitClass.defaultClass(for: unit.type) { classes[unit.code] = unitClass }
        }
        return classes
    }

    func agencyNames(province: String?) async throws(AppError) -> [String: String] {
        let agencies = try await storage { try await store.identity.agencies(provinceCode: province, unitCode: nil, offset: 0, limit: 1_000_000) }
        return Dictionary(agencies.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The rotations a province (or each province of the nation) could make to even out its units.
    public func rotations(scope: String?) async throws(AppError) -> [StaffingRules.Rotation] {
        let (province, unit) = try await units.parse(scope: scope)
        guard unit == nil else { throw .invalid("scope", "Luân chuyển được đề xuất trong phạm vi một tỉnh hoặc toàn quốc") }
        let (positions, staff) = try await storage { try await store.bookkeeping.staffing(provinceCode: province, unitCode: nil) }
        return StaffingRules.rotations(StaffingRules.gaps(positions: positions, staff: staff))
    }
}
