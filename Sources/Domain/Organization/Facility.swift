/// An office, a plot of land or another premises of a unit (Resolution 268 §III.7: surplus offices to be
/// turned into clinics, schools and public works, with a body responsible and a deadline).
public struct Facility: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable { case office, land, other }
    public enum Condition: String, Sendable, CaseIterable, Codable { case good, fair, poor }
    public enum Status: String, Sendable, CaseIterable, Codable { case inUse, surplus }
    public enum PlannedUse: String, Sendable, CaseIterable, Codable {
        case health, education, publicWorks, auction, other

        public var vietnamese: String {
            switch self {
            case .health: "Y tế"
            case .education: "Giáo dục"
            case .publicWorks: "Công trình công cộng"
            case .auction: "Đấu giá"
            case .other: "Khác"
            }
        }
    }
    public enum Progress: String, Sendable, CaseIterable, Codable { case notStarted, inProgress, done }

    public var id: String
    public var provinceCode: String
    public var unitCode: String
    public var name: String
    public var kind: Kind
    public var areaSquareMetres: Int
    public var condition: Condition
    public var status: Status
    public var plannedUse: PlannedUse?
    public var responsible: String?
    public var deadline: LocalDate?
    public var progress: Progress

    public init(
        id: String, provinceCode: String, unitCode: String, name: String, kind: Kind, areaSquareMetres: Int, condition: Condition,
        status: Status, plannedUse: PlannedUse? = nil, responsible: String? = nil, deadline: LocalDate? = nil, progress: Progress = .notStarted
    ) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.name = name
        self.kind = kind
        self.areaSquareMetres = areaSquareMetres
        self.condition = condition
        self.status = status
        self.plannedUse = plannedUse
        self.responsible = responsible
        self.deadline = deadline
        self.progress = progress
    }
}

/// What a unit has and needs of one kind of equipment: surplus is to be transferred, shortage supplied.
public struct EquipmentCount: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case computer, connection, vehicle, other

        public var vietnamese: String {
            switch self {
            case .computer: "Máy tính"
            case .connection: "Đường truyền"
            case .vehicle: "Phương tiện"
            case .other: "Khác"
            }
        }
    }

    public var provinceCode: String
    public var unitCode: String
    public var kind: Kind
    public var have: Int
    public var needed: Int

    public init(provinceCode: String, unitCode: String, kind: Kind, have: Int, needed: Int) {
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.kind = kind
        self.have = have
        self.needed = needed
    }

    public var surplus: Int { max(0, have - needed) }
    public var shortage: Int { max(0, needed - have) }
}

/// Why a facility is refused, and when a surplus one is behind.
public enum FacilityRules {
    /// The problems of a facility as a register gives it: a surplus facility that is being converted
    /// needs a planned use; a plan needs a responsible body and a deadline; one in use has no plan.
    public static func problems(_ facility: Facility) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if facility.name.isEmpty { problems.append(("name", "Cần tên hoặc địa chỉ cơ sở")) }
        if facility.areaSquareMetres <= 0 { problems.append(("area_m2", "Diện tích phải lớn hơn 0")) }
        switch facility.status {
        case .inUse:
            if facility.plannedUse != nil { problems.append(("planned_use", "Cơ sở đang sử dụng không có phương án chuyển đổi")) }
        case .surplus:
            if facility.progress != .notStarted, facility.plannedUse == nil {
                problems.append(("planned_use", "Cần phương án sử dụng trước khi triển khai"))
            }
            if facility.plannedUse != nil {
                if (facility.responsible ?? "").isEmpty { problems.append(("responsible", "Cần cơ quan chịu trách nhiệm")) }
                if facility.deadline == nil { problems.append(("deadline", "Cần thời hạn hoàn thành")) }
            }
        }
        return problems
    }

    /// Why a surplus facility needs attention at `asOf`, or nil when it does not: no plan yet, or a plan
    /// not done by its deadline.
    public enum Attention: String, Sendable, Codable, CaseIterable { case noPlan, overdue }

    public static func attention(_ facility: Facility, asOf: LocalDate) -> Attention? {
        guard facility.status == .surplus, facility.progress != .done else { return nil }
        guard facility.plannedUse != nil, let deadline = facility.deadline else { return .noPlan }
        return deadline < asOf ? .overdue : nil
    }
}
