import Domain
import Foundation
public import Storage

/// Writes plausible public service units for every current commune with a People's Committee in the
/// organisation register: a preschool, a primary and a lower-secondary school, a health station and a
/// general services centre under that committee, their functions under review by the end of 2025 — most
/// decided (kept, adjusted, a few preschools merged into the primary school), some still open and so overdue. Not figures
/// of the resolution (it gives none). Deterministic for a seed.
public struct PublicServiceUnitGenerator: Sendable {
    public let store: any Store
    let seed: UInt64

    public init(store: any Store, seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    static let kinds: [(suffix: String, name: String, sector: PublicServiceUnit.Sector, functions: String, staff: ClosedRange<Int>)] = [
        ("MN", "Trường Mầm non", .education, "Nuôi dưỡng, chăm sóc, giáo dục trẻ em từ 3 tháng tuổi đến 6 tuổi", 15...40),
        ("TH", "Trường Tiểu học", .education, "Giáo dục tiểu học theo chương trình giáo dục phổ thông", 20...50),
        ("THCS", "Trường Trung học cơ sở", .education, "Giáo dục trung học cơ sở theo chương trình giáo dục phổ thông", 20...50),
        ("YT", "Trạm Y tế", .health, "Chăm sóc sức khỏe ban đầu, y tế dự phòng, dân số trên địa bàn", 5...12),
        ("DVTH", "Trung tâm Dịch vụ tổng hợp", .publicUtilities, "Dịch vụ công ích, nông nghiệp, văn hóa, thể thao trên địa bàn", 5...20),
    ]

    /// Writes the units; returns how many.
    public func run() async throws -> Int {
        let committees = try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000)
            .filter { $0.kind == .communePeoplesCommittee }
        let byCommune = Dictionary(committees.map { ($0.unitCode, $0.code) }, uniquingKeysWith: min)
        let communes = try await store.geography.allUnits().filter { $0.isValid(at: Reform.effectiveDate) && $0.level == .commune }
            .sorted { $0.code < $1.code }
        var random = SplitMix(seed: seed &* 0x94D0_49BB &+ 14)
        let deadline = LocalDate(year: 2025, month: 12, day: 31)!
        var units: [PublicServiceUnit] = []
        for commune in communes {
            guard let agency = byCommune[commune.code] else { continue }
            for kind in Self.kinds {
                let id = "\(commune.code)-\(kind.suffix)"
                var unit = PublicServiceUnit(
                    id: id, provinceCode: commune.provinceCode, unitCode: commune.code, agencyCode: agency,
                    name: "\(kind.name) \(commune.shortName)", sector: kind.sector, functions: kind.functions,
                    staff: Int.random(in: kind.staff, using: &random), autonomyGroup: kind.sector == .education ? 4 : 3,
                    reviewDeadline: deadline
                )
                let draw = Int.random(in: 0..<100, using: &random)
                let review: PublicServiceUnit.Review = switch draw {
                case 0..<12: .pending
                case 12..<25: .inReview
                case 25..<70: .kept
                case 70..<94: .adjusted
                default: kind.suffix == "MN" ? .merged : .adjusted
                }
                unit.review = review
                if review.isDecided {
                    unit.decidedOn = LocalDate(year: 2025, month: 8, day: 1)!.adding(days: Int.random(in: 0...140, using: &random))
                    unit.decision = "\(Int.random(in: 1...999, using: &random))/QĐ-UBND"
                    // A preschool merged into the primary school as a multi-level school.
                    if review == .merged { unit.mergedInto = "\(commune.code)-TH" }
                }
                units.append(unit)
            }
        }
        let at = Instant(vietnam: LocalDate(year: 2025, month: 12, day: 31)!, minuteOfDay: 17 * 60)
        for start in stride(from: 0, to: units.count, by: 5_000) {
            try await store.bookkeeping.savePublicServiceUnits(Array(units[start..<min(units.count, start + 5_000)]), at: at)
        }
        return units.count
    }
}
