public import Domain
public import Foundation
public import Storage

/// Public service units under the agencies: a register imported from CSV, and the review of their
/// functions reported by sector and outcome, with the reviews past their deadline.
public struct PublicServiceUnitService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    public static let columns = [
        "id", "unit_code", "agency_code", "name", "sector", "functions", "staff", "autonomy_group", "review", "review_deadline", "decision",
        "decided_on", "merged_into",
    ]

    /// Imports units (`columns`); every row is checked — its unit and the importer's rights there (and,
    /// for a unit already registered, at its old place), its agency belonging to that unit, a merger's
    /// target registered in the same province, `PublicServiceUnitRules.problems` — before anything is
    /// written.
    public func importCSV(_ text: String, by actor: UserRecord?) async throws(AppError) -> RegisterImportSummary {
        let records = BookkeepingUnits.records(text)
        guard let header = records.first else { throw .invalid("header", "Tệp CSV rỗng") }
        let missing = Self.columns.filter { !header.contains($0) }
        guard missing.isEmpty else { throw .invalid("header", "Tệp CSV thiếu cột " + missing.joined(separator: ", ")) }
        var (rows, issues) = try await units.rows(of: records, actor: actor)
        let agencies = try await units.agencies(of: rows)
        var parsed: [(row: BookkeepingRow, unit: PublicServiceUnit)] = []
        var seen: [String: Int] = [:]
        for row in rows {
            var rowIssues = row.issues
            let id = row.value("id")
            if id.isEmpty || id.count > 60 { rowIssues.append(row.issue("id", "Cần mã đơn vị sự nghiệp (tối đa 60 ký tự)")) }
            if let first = seen[id], !id.isEmpty { rowIssues.append(row.issue("id", "Trùng với dòng \(first)")) } else { seen[id] = row.number }
            let agency = row.agency("agency_code", required: true, in: agencies, into: &rowIssues)
            let sector = row.choice(PublicServiceUnit.Sector.self, "sector", into: &rowIssues)
            let review = row.value("review").isEmpty ? .pending : row.choice(PublicServiceUnit.Review.self, "review", into: &rowIssues)
            let staff = row.count("staff", into: &rowIssues)
            let group = row.value("autonomy_group").isEmpty ? nil : Int(row.value("autonomy_group"))
            if group == nil, !row.value("autonomy_group").isEmpty {
                rowIssues.append(row.issue("autonomy_group", "“\(row.value("autonomy_group"))” không phải nhóm tự chủ 1–4"))
            }
            let deadline = row.day("review_deadline", into: &rowIssues), decidedOn = row.day("decided_on", into: &rowIssues)
            if rowIssues.isEmpty, let province = row.province, let sector, let review, let staff {
                let unit = PublicServiceUnit(
                    id: id, provinceCode: province, unitCode: row.unitCode, agencyCode: agency, name: row.value("name"),
                    sector: sector, functions: row.value("functions"), staff: staff, autonomyGroup: group, review: review,
                    reviewDeadline: deadline, decision: row.text("decision"), decidedOn: decidedOn, mergedInto: row.text("merged_into")
                )
                rowIssues += PublicServiceUnitRules.problems(unit, today: today).map { row.issue($0.field, $0.message) }
                if rowIssues.isEmpty { parsed.append((row, unit)) }
            }
            issues += rowIssues
        }
        let targets = Set(parsed.compactMap(\.unit.mergedInto))
        let stored = try await storage { try await store.bookkeeping.publicServiceUnits(ids: Array(Set(parsed.map(\.unit.id)).union(targets))) }
        let existing = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
        let inFile = Dictionary(parsed.map { ($0.unit.id, $0.unit) }, uniquingKeysWith: { first, _ in first })
        var summary = RegisterImportSummary()
        var changed: [PublicServiceUnit] = []
        for (row, unit) in parsed {
            if let target = unit.mergedInto, (inFile[target] ?? existing[target])?.provinceCode != unit.provinceCode {
                issues.append(row.issue("merged_into", "Không có đơn vị sự nghiệp mã “\(target)” trong tỉnh"))
                continue
            }
            guard let old = existing[unit.id] else {
                summary.inserted += 1
                changed.append(unit)
                continue
            }
            if old == unit {
                summary.unchanged += 1
            } else if let actor, let denial = units.denial(actor, .manageBookkeeping, unitCode: old.unitCode, province: old.provinceCode) {
                issues.append(row.issue("unit_code", denial))
            } else {
                summary.updated += 1
                changed.append(unit)
            }
        }
        guard issues.isEmpty else { throw .invalidRows(issues) }
        try await storage { try await store.bookkeeping.savePublicServiceUnits(changed, at: instant) }
        return summary
    }

    public enum Grouping: String, Sendable, CaseIterable { case none, province, unit, sector }

    public struct Row: Sendable, Equatable {
        public var code: String
        public var name: String
        public var units = 0
        public var staff = 0
        /// Units by review state.
        public var reviews: [PublicServiceUnit.Review: Int] = [:]
        public var overdue = 0

        public var decided: Int { reviews.filter(\.key.isDecided).values.reduce(0, +) }
    }

    public struct Report: Sendable {
        public var total: Row
        public var rows: [Row]
        /// Reviews not decided by their deadline, oldest deadline first.
        public var overdue: [PublicServiceUnit]
    }

    public func report(scope: String?, groupBy: Grouping = .province, asOf: LocalDate? = nil) async throws(AppError) -> Report {
        let (province, unit) = try await units.parse(scope: scope)
        let asOf = asOf ?? today
        let all = try await storage { try await store.bookkeeping.publicServiceUnits(provinceCode: province, unitCode: unit) }
        var total = Row(code: "", name: "Tổng cộng")
        var groups: [String: Row] = [:]
        for item in all {
            let overdue = PublicServiceUnitRules.isOverdue(item, asOf: asOf)
            func add(_ row: inout Row) {
                row.units += 1
                row.staff += item.staff
                row.reviews[item.review, default: 0] += 1
                if overdue { row.overdue += 1 }
            }
            add(&total)
            let key: String? = switch groupBy {
            case .none: nil
            case .province: item.provinceCode
            case .unit: item.unitCode
            case .sector: item.sector.rawValue
            }
            if let key { add(&groups[key, default: Row(code: key, name: "")]) }
        }
        let names = groupBy == .sector ? [:] : try await units.names(Array(groups.keys))
        let rows = groups.keys.sorted().map { code in
            var row = groups[code] ?? Row(code: code, name: "")
            row.name = groupBy == .sector ? PublicServiceUnit.Sector(rawValue: code)?.vietnamese ?? code : names[code] ?? code
            return row
        }
        let overdue = all.filter { PublicServiceUnitRules.isOverdue($0, asOf: asOf) }
            .sorted { ($0.reviewDeadline ?? asOf, $0.id) < ($1.reviewDeadline ?? asOf, $1.id) }
        return Report(total: total, rows: rows, overdue: overdue)
    }
}
