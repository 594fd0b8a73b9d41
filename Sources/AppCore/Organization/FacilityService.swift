public import Domain
public import Foundation
public import Storage

/// Facilities and equipment: registers imported from CSV, and the report of surplus facilities without a
/// plan or behind their deadline, and of units short of equipment.
public struct FacilityService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

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
            let key: String
            if isEquipment {
                let kind = row.choice(EquipmentCount.Kind.self, "kind", into: &rowIssues)
                let have = row.count("have", into: &rowIssues), needed = row.count("needed", into: &rowIssues)
                key = "\(row.unitCode)/\(row.value("kind"))"
                if rowIssues.isEmpty, let province = row.province, let kind, let have, let needed {
                    equipment.append(EquipmentCount(provinceCode: province, unitCode: row.unitCode, kind: kind, have: have, needed: needed))
                }
            } else {
                key = row.value("id")
                if key.isEmpty || key.count > 60 { rowIssues.append(row.issue("id", "Cần mã cơ sở (tối đa 60 ký tự)")) }
                let kind = row.choice(Facility.Kind.self, "kind", into: &rowIssues)
                let condition = row.choice(Facility.Condition.self, "condition", into: &rowIssues)
                let status = row.choice(Facility.Status.self, "status", into: &rowIssues)
                let use = row.choice(Facility.PlannedUse.self, "planned_use", optional: true, into: &rowIssues)
                let progress = row.value("progress").isEmpty ? .notStarted : row.choice(Facility.Progress.self, "progress", into: &rowIssues)
                let area = Int(row.value("area_m2"))
                if area == nil { rowIssues.append(row.issue("area_m2", "“\(row.value("area_m2"))” không phải số nguyên mét vuông")) }
                let deadline = row.day("deadline", into: &rowIssues)
                if rowIssues.isEmpty, let province = row.province, let kind, let condition, let status, let progress, let area {
                    let facility = Facility(
                        id: key, provinceCode: province, unitCode: row.unitCode, name: row.value("name"), kind: kind, areaSquareMetres: area,
                        condition: condition, status: status, plannedUse: use, responsible: row.text("responsible"),
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
        if !isEquipment {
            let stored = try await storage { try await store.bookkeeping.places(in: .facilities, ids: facilities.map(\.id)) }
            issues += units.moves(rows, stored: stored, actor: actor)
        }
        guard issues.isEmpty else { throw .invalidRows(issues) }
        try await storage {
            try await store.bookkeeping.saveFacilities(facilities, equipment: equipment, at: instant)
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
