/// A public service unit (đơn vị sự nghiệp công lập) under an agency — a school, a health station, a
/// culture centre — whose functions and tasks the commune or province reviews after the reform
/// (Resolution 268 §III.4: the Ministry of Home Affairs guides, the commune People's Committee reviews and
/// adjusts the functions of the units under it so they are consistent).
public struct PublicServiceUnit: Hashable, Sendable, Codable {
    public enum Sector: String, Sendable, CaseIterable, Codable {
        case education, health, culture, agriculture, publicUtilities, other

        public var vietnamese: String {
            switch self {
            case .education: "Giáo dục"
            case .health: "Y tế"
            case .culture: "Văn hóa, thể thao, thông tin"
            case .agriculture: "Nông nghiệp và môi trường"
            case .publicUtilities: "Dịch vụ công ích"
            case .other: "Khác"
            }
        }
    }

    /// Where the review of the unit's functions stands; the last four are outcomes, each decided by a
    /// numbered decision on a date.
    public enum Review: String, Sendable, CaseIterable, Codable {
        case pending, inReview, kept, adjusted, merged, dissolved

        public var vietnamese: String {
            switch self {
            case .pending: "Chưa rà soát"
            case .inReview: "Đang rà soát"
            case .kept: "Giữ nguyên"
            case .adjusted: "Điều chỉnh chức năng, nhiệm vụ"
            case .merged: "Sáp nhập"
            case .dissolved: "Giải thể"
            }
        }

        public var isDecided: Bool { self != .pending && self != .inReview }
    }

    public var id: String
    public var provinceCode: String
    public var unitCode: String
    /// The agency the unit belongs to (its code in the organisation register, of the same unit).
    public var agencyCode: String
    public var name: String
    public var sector: Sector
    public var functions: String
    /// People working there (a count: the roster itself is the staffing register's).
    public var staff: Int
    /// Financial autonomy group of Decree 60/2021 (1 = covers recurrent and investment spending … 4 =
    /// funded by the state), when known.
    public var autonomyGroup: Int?
    public var review: Review
    public var reviewDeadline: LocalDate?
    public var decision: String?
    public var decidedOn: LocalDate?
    /// The unit it was merged into (review `merged` only).
    public var mergedInto: String?

    public init(
        id: String, provinceCode: String, unitCode: String, agencyCode: String, name: String, sector: Sector, functions: String, staff: Int,
        autonomyGroup: Int? = nil, review: Review = .pending, reviewDeadline: LocalDate? = nil, decision: String? = nil, decidedOn: LocalDate? = nil,
        mergedInto: String? = nil
    ) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.agencyCode = agencyCode
        self.name = name
        self.sector = sector
        self.functions = functions
        self.staff = staff
        self.autonomyGroup = autonomyGroup
        self.review = review
        self.reviewDeadline = reviewDeadline
        self.decision = decision
        self.decidedOn = decidedOn
        self.mergedInto = mergedInto
    }
}

/// Why a public service unit's record is refused, and when its review is late.
public enum PublicServiceUnitRules {
    /// The problems of one record as a register gives it, judged on `today`: a decided review has its
    /// decision and date (not in the future), an undecided one has neither; only a merger names the unit
    /// merged into, and never itself.
    public static func problems(_ unit: PublicServiceUnit, today: LocalDate) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if unit.name.isEmpty { problems.append(("name", "Cần tên đơn vị sự nghiệp")) }
        if unit.functions.isEmpty { problems.append(("functions", "Cần chức năng, nhiệm vụ để rà soát")) }
        if unit.staff < 0 { problems.append(("staff", "Số người làm việc không được âm")) }
        if let group = unit.autonomyGroup, !(1...4).contains(group) {
            problems.append(("autonomy_group", "Nhóm tự chủ tài chính là 1, 2, 3 hoặc 4 (Nghị định 60/2021/NĐ-CP)"))
        }
        if unit.review.isDecided {
            if (unit.decision ?? "").isEmpty { problems.append(("decision", "Kết quả rà soát cần số quyết định")) }
            if let day = unit.decidedOn {
                if day > today { problems.append(("decided_on", "Ngày quyết định \(day) ở tương lai")) }
            } else {
                problems.append(("decided_on", "Kết quả rà soát cần ngày quyết định"))
            }
        } else if unit.decidedOn != nil || !(unit.decision ?? "").isEmpty {
            problems.append(("review", "Có quyết định thì phải ghi kết quả rà soát (kept, adjusted, merged, dissolved)"))
        }
        if unit.review == .merged {
            if (unit.mergedInto ?? "").isEmpty { problems.append(("merged_into", "Cần đơn vị được sáp nhập vào")) }
            if unit.mergedInto == unit.id { problems.append(("merged_into", "Không thể sáp nhập vào chính mình")) }
        } else if !(unit.mergedInto ?? "").isEmpty {
            problems.append(("merged_into", "Chỉ ghi đơn vị sáp nhập vào khi kết quả là merged"))
        }
        return problems
    }

    /// True when the review is not decided and its deadline has passed at `asOf`.
    public static func isOverdue(_ unit: PublicServiceUnit, asOf: LocalDate) -> Bool {
        guard !unit.review.isDecided, let deadline = unit.reviewDeadline else { return false }
        return deadline < asOf
    }
}
