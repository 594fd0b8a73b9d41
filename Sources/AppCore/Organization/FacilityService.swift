public import Domain
public import Foundation
public import Storage

/// Facilities and equipment: registers imported from CSV, and the report of surplus facilities without a
/// plan or behind their deadline, and of units short of equipment.
public struct FacilityService: Sendable {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    var today: LocalDate { LocalDate(vietnamTimeOf: now().timeIntervalSince1970) }
    var units: BookkeepingUnits { BookkeepingUnits(store: store, today: today) }

    public static let facilityColumns = [
        "id", "unit_code", "name", "kind", "area_m2", "condition", "status", "planned_use", "responsible", "deadline", "progress",
    ]
    public static let equipmentColumns = ["unit_code", "kind", "have", "needed"]

    /// Imports facilities (`facilityColumns`) or equipment counts (`equipmentColumns`), told apart by the
    /// header; every row checked (unit, codes, numbers, `FacilityRules.problems`) before anything is
    /// written. Returns the rows written.
    public func importCSV(_ text: String, by actor: UserRecord?) async throws(AppError) -> Int {
        let records = BookkeepingUnits.records(text)
        guard let header = records.first else { throw .invalid("header", "Tệp CSV rỗng") }
        let isEquipment = Self.equipmentColumns.allSatisfy(header.contains) && !header.contains("status")
        guard isEquipment || Self.facilityColumns.allSatisfy(header.contains) else {
            throw .invalid("header", "Tệp CSV cần các cột " + Self.facilityColumns.joined(separator: ", ") + " (cơ sở) hoặc "
                + Self.equipmentColumns.joined(separator: ", ") + " (trang thiết bị)")
        }
        var (rows, issues) = try await units.rows(of: records, actor: actor)
        var facilities: [Facility] = [], equipment: [EquipmentCount] = []
        var seen: [String: Int] = [:]
        for row in rows {
            var rowIssues = row.issues
            func parsed<T: RawRepresentable>(_ type: T.Type, _ field: String, optional: Bool = false) -> T? where T.RawValue == String, T: CaseIterable {
                let text = row.value(field)
                if optional, text.isEmpty { return nil }
                guard let value = T(rawValue: text) else {
                    rowIssues.append(row.issue(field, "“\(text)” không hợp lệ; dùng " + T.allCases.map(\.rawValue).joined(separator: ", ")))
                    return nil
                }
                return value
            }
            func number(_ field: String) -> Int? {
                guard let value = Int(row.value(field)), value >= 0 else {
                    rowIssues.append(row.issue(field, "“\(row.value(field))” không phải số nguyên không âm"))
                    return nil
                }
                return value
            }
            let key: String
            if isEquipment {
                let kind = parsed(EquipmentCount.Kind.self, "kind"), have = number("have"), needed = number("needed")
                key = "\(row.unitCode)/\(row.value("kind"))"
                if rowIssues.isEmpty, let province = row.province, let kind, let have, let needed {
                    equipment.append(EquipmentCount(provinceCode: province, unitCode: row.unitCode, kind: kind, have: have, needed: needed))
                }
            } else {
                key = row.value("id")
                if key.isEmpty || key.count > 60 { rowIssues.append(row.issue("id", "Cần mã cơ sở (tối đa 60 ký tự)")) }
                let kind = parsed(Facility.Kind.self, "kind"), condition = parsed(Facility.Condition.self, "condition")
                let status = parsed(Facility.Status.self, "status"), use = parsed(Facility.PlannedUse.self, "planned_use", optional: true)
                let progress = row.value("progress").isEmpty ? .notStarted : parsed(Facility.Progress.self, "progress")
                let area = Int(row.value("area_m2"))
                if area == nil { rowIssues.append(row.issue("area_m2", "“\(row.value("area_m2"))” không phải số nguyên mét vuông")) }
                var deadline: LocalDate?
                if !row.value("deadline").isEmpty {
                    deadline = LocalDate(iso: row.value("deadline"))
                    if deadline == nil { rowIssues.append(row.issue("deadline", "Ngày “\(row.value("deadline"))” không hợp lệ; dùng dạng YYYY-MM-DD")) }
                }
                if rowIssues.isEmpty, let province = row.province, let kind, let condition, let status, let progress, let area {
                    let facility = Facility(
                        id: key, provinceCode: province, unitCode: row.unitCode, name: row.value("name"), kind: kind, areaSquareMetres: area,
                        condition: condition, status: status, plannedUse: use, responsible: row.value("responsible").isEmpty ? nil : row.value("responsible"),
                        deadline: deadline, progress: progress
                    )
                    let problems = FacilityRules.problems(facility)
                    rowIssues += problems.map { row.issue($0.field, $0.message) }
                    if problems.isEmpty { facilities.append(facility) }
                }
            }
            if let first = seen[key], !key.isEmpty {
                rowIssues.append(row.issue(isEquipment ? "kind" : "id", "Trùng với dòng \(first)"))
            } else {
                seen[key] = row.number
            }
            issues += rowIssues
        }
        guard issues.isEmpty else { throw .invalidRows(issues) }
        try await storage {
            try await store.bookkeeping.saveFacilities(facilities, equipment: equipment, at: Instant(secondsSince1970: now().timeIntervalSince1970))
        }
        return facilities.count + equipment.count
    }

    public struct Report: Sendable {
        public var facilities = 0
        public var surplus = 0
        public var surplusArea = 0
        /// Surplus facilities by planned use ("" for none yet).
        public var byUse: [String: Int] = [:]
        public var converted = 0
        /// Surplus facilities needing attention: no plan, or behind their deadline.
        public var attention: [(facility: Facility, why: FacilityRules.Attention)] = []
        /// Equipment by kind: have, needed, surplus, shortage (summed per unit, not netted).
        public var equipment: [EquipmentCount.Kind: (have: Int, needed: Int, surplus: Int, shortage: Int)] = [:]
        /// Units short of some equipment, with what they lack.
        public var shortUnits: [String: [EquipmentCount.Kind: Int]] = [:]
    }

    public func report(scope: String?, asOf: LocalDate? = nil) async throws(AppError) -> Report {
        let (province, unit) = try await units.parse(scope: scope)
        let asOf = asOf ?? today
        let (facilities, equipment) = try await storage { try await store.bookkeeping.facilities(provinceCode: province, unitCode: unit) }
        var report = Report()
        report.facilities = facilities.count
        for facility in facilities where facility.status == .surplus {
            report.surplus += 1
            report.surplusArea += facility.areaSquareMetres
            report.byUse[facility.plannedUse?.rawValue ?? "", default: 0] += 1
            if facility.progress == .done { report.converted += 1 }
            if let why = FacilityRules.attention(facility, asOf: asOf) { report.attention.append((facility, why)) }
        }
        for count in equipment {
            let sum = report.equipment[count.kind] ?? (0, 0, 0, 0)
            report.equipment[count.kind] = (sum.have + count.have, sum.needed + count.needed, sum.surplus + count.surplus, sum.shortage + count.shortage)
            if count.shortage > 0 { report.shortUnits[count.unitCode, default: [:]][count.kind] = count.shortage }
        }
        return report
    }
}
