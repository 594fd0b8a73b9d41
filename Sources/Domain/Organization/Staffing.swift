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
    /// The agency of the unit the position belongs to (a commune office, a department); "" when the
    /// register does not say.
    public var agencyCode: String
    public var title: String
    public var skill: SkillField
    public var quota: Int

    public init(id: String, provinceCode: String, unitCode: String, agencyCode: String = "", title: String, skill: SkillField, quota: Int) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.agencyCode = agencyCode
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
    /// The agency of the unit they work in; "" when the register does not say.
    public var agencyCode: String
    public var skill: SkillField
    public var category: StaffCategory
    public var people: Int

    public init(provinceCode: String, unitCode: String, agencyCode: String = "", skill: SkillField, category: StaffCategory, people: Int) {
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.agencyCode = agencyCode
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
    /// The agency, or "" when the registers of the unit and skill do not both name one.
    public var agencyCode: String
    public var skill: SkillField
    public var quota: Int
    public var people: Int
    public var partTime: Int

    public var gap: Int { people - quota }
    public var surplus: Int { max(0, gap) }
    public var shortage: Int { max(0, -gap) }

    public init(provinceCode: String, unitCode: String, agencyCode: String = "", skill: SkillField, quota: Int, people: Int, partTime: Int) {
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.agencyCode = agencyCode
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
    /// Quota and people per unit, agency and skill; a unit with people but no quota for a skill is all
    /// surplus, one with quota and nobody all shortage. Where the positions and the roster of a unit and
    /// skill do not both name agencies (one register says, the other does not), the unit and skill are
    /// counted as one, unattributed: split, the named quota and the unnamed people would show a shortage
    /// and a surplus that are one and the same people.
    public static func gaps(positions: [Position], staff: [StaffCount]) -> [StaffingGap] {
        struct Key: Hashable { var province: String, unit: String, agency: String, skill: SkillField }
        struct Place: Hashable { var unit: String, skill: SkillField }
        let unnamed = Set(positions.filter(\.agencyCode.isEmpty).map { Place(unit: $0.unitCode, skill: $0.skill) })
            .union(staff.filter(\.agencyCode.isEmpty).map { Place(unit: $0.unitCode, skill: $0.skill) })
        func agency(_ code: String, _ place: Place) -> String { unnamed.contains(place) ? "" : code }
        var result: [Key: StaffingGap] = [:]
        func entry(_ key: Key) -> StaffingGap {
            result[key] ?? StaffingGap(
                provinceCode: key.province, unitCode: key.unit, agencyCode: key.agency, skill: key.skill, quota: 0, people: 0, partTime: 0
            )
        }
        for position in positions {
            let place = Place(unit: position.unitCode, skill: position.skill)
            let key = Key(province: position.provinceCode, unit: position.unitCode, agency: agency(position.agencyCode, place), skill: position.skill)
            var gap = entry(key)
            gap.quota += position.quota
            result[key] = gap
        }
        for count in staff {
            let place = Place(unit: count.unitCode, skill: count.skill)
            let key = Key(province: count.provinceCode, unit: count.unitCode, agency: agency(count.agencyCode, place), skill: count.skill)
            var gap = entry(key)
            if count.category == .partTime { gap.partTime += count.people } else { gap.people += count.people }
            result[key] = gap
        }
        return result.values.sorted {
            ($0.provinceCode, $0.unitCode, $0.skill, $0.agencyCode) < ($1.provinceCode, $1.unitCode, $1.skill, $1.agencyCode)
        }
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
        // Between units: a unit's offices even out among themselves first, so a unit counts once per skill.
        var perUnit: [[String]: StaffingGap] = [:]
        for gap in gaps {
            let key = [gap.provinceCode, gap.unitCode, gap.skill.rawValue]
            var sum = perUnit[key] ?? StaffingGap(provinceCode: gap.provinceCode, unitCode: gap.unitCode, skill: gap.skill, quota: 0, people: 0, partTime: 0)
            sum.quota += gap.quota
            sum.people += gap.people
            sum.partTime += gap.partTime
            perUnit[key] = sum
        }
        let groups = Dictionary(grouping: perUnit.values) { [$0.provinceCode, $0.skill.rawValue] }
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
