import Domain
import Foundation
public import Storage

/// Writes plausible staffing for every current unit: a position per skill field with its quota and the
/// roster around it, short more often than not in the fields Resolution 268 names (land, finance, legal,
/// IT, planning, construction) and with part-time staff in the commune's general offices. Not figures
/// of the resolution (it gives none per unit): a data set to exercise the reports. Deterministic. When
/// the register holds the specialised agencies (`AgencyGenerator`), each position and its people belong
/// to the one of their unit that handles the skill: the commune's economic, cultural-social or general
/// office, the province's department.
public struct StaffingGenerator: Sendable {
    public let store: any Store
    let seed: UInt64

    public init(store: any Store, seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    /// Writes the positions and roster counts; returns how many units got them.
    public func run() async throws -> Int {
        let units = try await store.geography.allUnits().filter { $0.isValid(at: Reform.effectiveDate) && $0.level != .district }
            .sorted { $0.code < $1.code }
        var random = SplitMix(seed: seed &* 0x9E37_79B9 &+ 10)
        let short: Set<SkillField> = [.land, .finance, .legal, .informationTechnology, .planning, .construction]
        let agencies = Dictionary(grouping: try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000)
            .filter { $0.kind == .communeOffice || $0.kind == .provincialDepartment }, by: \.unitCode)
        var positions: [Position] = [], staff: [StaffCount] = []
        for unit in units {
            let commune = unit.level == .commune
            for skill in SkillField.allCases where skill != .other {
                let agency = Self.agency(for: skill, among: agencies[unit.code] ?? [])
                let quota = commune ? (skill == .administration ? Int.random(in: 3...5, using: &random) : Int.random(in: 1...3, using: &random))
                    : Int.random(in: 8...30, using: &random)
                positions.append(Position(
                    id: "\(unit.code)-\(skill.rawValue)", provinceCode: unit.provinceCode, unitCode: unit.code, agencyCode: agency,
                    title: "Chuyên viên \(skill.vietnamese.lowercased())", skill: skill, quota: quota
                ))
                let swing = commune ? 2 : 6
                let people = max(0, quota + (short.contains(skill) ? Int.random(in: -swing...(swing / 2), using: &random)
                    : Int.random(in: -(swing / 2)...swing, using: &random)))
                staff.append(StaffCount(
                    provinceCode: unit.provinceCode, unitCode: unit.code, agencyCode: agency, skill: skill, category: .civilServant, people: people
                ))
                if commune, [.administration, .culturalSocial].contains(skill) {
                    staff.append(StaffCount(
                        provinceCode: unit.provinceCode, unitCode: unit.code, agencyCode: agency, skill: skill, category: .partTime,
                        people: Int.random(in: 1...4, using: &random)
                    ))
                }
            }
        }
        let at = Instant(vietnam: LocalDate(year: 2025, month: 8, day: 31)!, minuteOfDay: 17 * 60)
        for start in stride(from: 0, to: positions.count, by: 5_000) {
            try await store.bookkeeping.saveStaffing(positions: Array(positions[start..<min(positions.count, start + 5_000)]), staff: [], at: at)
        }
        for start in stride(from: 0, to: staff.count, by: 5_000) {
            try await store.bookkeeping.saveStaffing(positions: [], staff: Array(staff[start..<min(staff.count, start + 5_000)]), at: at)
        }
        return units.count
    }

    /// The agency of a unit that handles a skill, by the names `SpecialisedAgencies` gives; "" when the
    /// unit has none of them.
    static func agency(for skill: SkillField, among agencies: [Agency]) -> String {
        let names: [String] = switch skill {
        case .land: ["Phòng Kinh tế", "Sở Nông nghiệp và Môi trường"]
        case .finance: ["Phòng Kinh tế", "Sở Tài chính"]
        case .planning, .construction: ["Phòng Kinh tế", "Sở Xây dựng"]
        case .legal: ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Sở Tư pháp"]
        case .informationTechnology: ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Sở Khoa học và Công nghệ"]
        case .culturalSocial: ["Phòng Văn hóa - Xã hội", "Sở Văn hóa, Thể thao và Du lịch"]
        case .administration, .other: ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Văn phòng Ủy ban nhân dân"]
        }
        let sorted = agencies.sorted { $0.code < $1.code }
        for name in names {
            if let agency = sorted.first(where: { $0.name.hasPrefix(name) }) { return agency.code }
        }
        // A commune without a cultural-social office: its general office takes the field.
        return sorted.first { $0.name.hasPrefix("Văn phòng") }?.code ?? ""
    }
}
