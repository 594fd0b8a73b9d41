/// The skill fields Resolution 268 names as short at communes ("land, finance, legal, IT, planning,
/// construction"), and the others a commune's offices need.
public enum SkillField: String, Sendable, CaseIterable, Codable, Comparable {
    case land, finance, legal, informationTechnology, planning, construction, culturalSocial, administration, other

    public static func < (lhs: SkillField, rhs: SkillField) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var vietnamese: String {
        switch self {
        case .land: "Đất đai"
        case .finance: "Tài chính"
        case .legal: "Tư pháp"
        case .informationTechnology: "Công nghệ thông tin"
        case .planning: "Quy hoạch"
        case .construction: "Xây dựng"
        case .culturalSocial: "Văn hoá - xã hội"
        case .administration: "Văn phòng - hành chính"
        case .other: "Khác"
        }
    }
}

/// A job position (vị trí việc làm) of a unit with its quota (biên chế) for one skill field.
public struct Position: Hashable, Sendable, Codable {
    public var id: String
    public var provinceCode: String
    public var unitCode: String
    public var title: String
    public var skill: SkillField
    public var quota: Int

    public init(id: String, provinceCode: String, unitCode: String, title: String, skill: SkillField, quota: Int) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.title = title
        self.skill = skill
        self.quota = quota
    }
}

/// How many people of a unit, skill and category are on the roster: the roster is kept as counts, so
/// no more personal data than the staffing report needs is held at all.
public struct StaffCount: Hashable, Sendable, Codable {
    public var provinceCode: String
    public var unitCode: String
    public var skill: SkillField
    public var category: StaffCategory
    public var people: Int

    public init(provinceCode: String, unitCode: String, skill: SkillField, category: StaffCategory, people: Int) {
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.skill = skill
        self.category = category
        self.people = people
    }
}

/// Quota against people on the roster for one unit and skill: positive `gap` is a surplus, negative a
/// shortage. Part-time staff (người hoạt động không chuyên trách) hold no quota and are not counted
/// against it; they are reported apart.
public struct StaffingGap: Hashable, Sendable, Codable {
    public var provinceCode: String
    public var unitCode: String
    public var skill: SkillField
    public var quota: Int
    public var people: Int
    public var partTime: Int

    public var gap: Int { people - quota }
    public var surplus: Int { max(0, gap) }
    public var shortage: Int { max(0, -gap) }

    public init(provinceCode: String, unitCode: String, skill: SkillField, quota: Int, people: Int, partTime: Int) {
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.skill = skill
        self.quota = quota
        self.people = people
        self.partTime = partTime
    }
}

/// Why a position or a roster count is refused.
public enum StaffingError: Error, Equatable, Sendable {
    case missing(field: String)
    case negative(field: String, value: Int)
    case invalidUnit(String)

    public var field: String {
        switch self {
        case .missing(let field), .negative(let field, _): field
        case .invalidUnit: "unit_code"
        }
    }

    public var message: String {
        switch self {
        case .missing: "Cần nhập giá trị"
        case .negative(_, let value): "Số phải không âm (đang là \(value))"
        case .invalidUnit(let code): "Mã đơn vị “\(code)” không phải mã tỉnh (2 số) hoặc xã (5 số)"
        }
    }
}

/// The arithmetic of surplus and shortage, and the rotations (luân chuyển) that would even them out.
public enum StaffingRules {
    /// Quota and people per unit and skill; a unit with people but no quota for a skill is all surplus,
    /// one with quota and nobody all shortage.
    public static func gaps(positions: [Position], staff: [StaffCount]) -> [StaffingGap] {
        struct Key: Hashable { var province: String, unit: String, skill: SkillField }
        var result: [Key: StaffingGap] = [:]
        func entry(_ key: Key) -> StaffingGap {
            result[key] ?? StaffingGap(provinceCode: key.province, unitCode: key.unit, skill: key.skill, quota: 0, people: 0, partTime: 0)
        }
        for position in positions {
            let key = Key(province: position.provinceCode, unit: position.unitCode, skill: position.skill)
            var gap = entry(key)
            gap.quota += position.quota
            result[key] = gap
        }
        for count in staff {
            let key = Key(province: count.provinceCode, unit: count.unitCode, skill: count.skill)
            var gap = entry(key)
            if count.category == .partTime { gap.partTime += count.people } else { gap.people += count.people }
            result[key] = gap
        }
        return result.values.sorted { ($0.provinceCode, $0.unitCode, $0.skill) < ($1.provinceCode, $1.unitCode, $1.skill) }
    }

    /// A proposed rotation: `people` of `skill` from a unit in surplus to one short of the same skill.
    public struct Rotation: Hashable, Sendable, Codable {
        public var provinceCode: String
        public var skill: SkillField
        public var from: String
        public var to: String
        public var people: Int

        public init(provinceCode: String, skill: SkillField, from: String, to: String, people: Int) {
            self.provinceCode = provinceCode
            self.skill = skill
            self.from = from
            self.to = to
            self.people = people
        }
    }

    /// Rotations within each province and skill: the largest shortage is filled first from the largest
    /// surplus (ties by unit code), so that few moves cover the most. Never across provinces (a rotation
    /// is the province's own decision), never more than a unit's surplus or shortage.
    public static func rotations(_ gaps: [StaffingGap]) -> [Rotation] {
        var proposals: [Rotation] = []
        let groups = Dictionary(grouping: gaps) { [$0.provinceCode, $0.skill.rawValue] }
        for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let group = groups[key] ?? []
            var surplus = group.filter { $0.surplus > 0 }.map { ($0.unitCode, $0.surplus) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            let shortages = group.filter { $0.shortage > 0 }.map { ($0.unitCode, $0.shortage) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            for (unit, short) in shortages {
                var needed = short
                for index in surplus.indices where needed > 0 && surplus[index].1 > 0 {
                    let moved = min(needed, surplus[index].1)
                    proposals.append(Rotation(provinceCode: key[0], skill: group[0].skill, from: surplus[index].0, to: unit, people: moved))
                    surplus[index].1 -= moved
                    needed -= moved
                }
            }
        }
        return proposals
    }
}
