import Domain
import Foundation
public import Storage

/// Writes the redundancy pipeline of a profile at full size: as many cases as the resolution counts,
/// spread over the provinces by their number of communes and within a province over its communes and
/// itself, each case built by `RedundancyRules` so that every stage obeys the pipeline's rules. The
/// split of the 5,700 requested-but-unpaid cases between "requested" and "approved" is not in the
/// resolution: here a little over half are approved.
public struct RedundancyGenerator: Sendable {
    public let store: any Store
    let seed: UInt64

    public init(store: any Store, seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    /// The day the resolution's figures were taken: every generated step is on or before it.
    static let asOf = LocalDate(year: 2025, month: 8, day: 31)!

    /// Writes the cases and returns how many.
    public func run(_ sizes: (decisions: Int, fundingRequested: Int, paid: Int)) async throws -> Int {
        let units = try await store.geography.allUnits().filter { $0.isValid(at: Reform.effectiveDate) }
        var communes: [String: [String]] = [:]
        for unit in units where unit.level == .commune { communes[unit.provinceCode, default: []].append(unit.code) }
        let provinces = units.filter { $0.level == .province }.map(\.code).sorted()
        guard !provinces.isEmpty else { throw AppError.invalid("geography", "Chưa nạp danh mục đơn vị hành chính") }
        for key in communes.keys { communes[key]?.sort() }
        // Each province's share of the cases in proportion to its communes (at least one place per province).
        let weights = provinces.map { (communes[$0]?.count ?? 0) + 1 }
        let totalWeight = weights.reduce(0, +)
        var random = SplitMix(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 268)
        let approvedUnpaid = (sizes.fundingRequested - sizes.paid + 1) / 2 + (sizes.fundingRequested - sizes.paid) / 10
        var cases: [RedundancyCase] = []
        cases.reserveCapacity(sizes.decisions)
        var index = 0
        for (position, province) in provinces.enumerated() {
            let share = position == provinces.count - 1
                ? sizes.decisions - index
                : sizes.decisions * weights[position] / totalWeight
            let places = (communes[province] ?? []) + [province]
            for number in 0..<share {
                let stage: RedundancyCase.Stage = index < sizes.paid ? .paid
                    : index < sizes.paid + approvedUnpaid ? .approved : index < sizes.fundingRequested ? .requested : .decided
                cases.append(try Self.make(
                    id: "\(province)-NV-" + String(format: "%06d", number + 1), province: province,
                    unit: places[Int.random(in: 0..<places.count, using: &random)], stage: stage, random: &random
                ))
                index += 1
            }
        }
        let now = Instant(vietnam: Self.asOf, minuteOfDay: 17 * 60)
        for start in stride(from: 0, to: cases.count, by: 5_000) {
            try await store.bookkeeping.saveRedundancyCases(Array(cases[start..<min(cases.count, start + 5_000)]), source: "synthetic", at: now)
        }
        return cases.count
    }

    static func make(id: String, province: String, unit: String, stage: RedundancyCase.Stage, random: inout SplitMix) throws -> RedundancyCase {
        // Decisions from mid-June (the first leave decisions before the reform) to late August.
        let decided = LocalDate(year: 2025, month: 6, day: 15)!.adding(days: Int.random(in: 0..<60, using: &random))
        var day = decided
        var steps: [RedundancyCase.Stage: RedundancyCase.Amount] = [:]
        // Amounts from 150 million to 1.5 billion đồng, in thousands.
        var dong = Int.random(in: 150_000...1_500_000, using: &random) * 1_000
        for next in RedundancyCase.Stage.allCases.dropFirst() where next <= stage {
            let room = asOf.daysSinceEpoch - day.daysSinceEpoch
            day = day.adding(days: Int.random(in: 0...max(0, min(room, 10)), using: &random))
            if next == .approved, Int.random(in: 0..<5, using: &random) == 0 { dong = dong / 1_000 * 950 }
            steps[next] = RedundancyCase.Amount(dong: dong, on: day)
        }
        let names = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đặng Văn", "Bùi Thị"]
        let given = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Minh", "Ngọc", "Phương", "Quân", "Thảo"]
        let name = names[Int.random(in: 0..<names.count, using: &random)] + " " + given[Int.random(in: 0..<given.count, using: &random)]
        let categories: [StaffCategory] = unit.count == 5 ? [.civilServant, .partTime, .partTime, .official, .contractWorker]
            : [.civilServant, .publicEmployee, .publicEmployee, .official, .contractWorker]
        do {
            return try RedundancyRules.build(
                id: id, provinceCode: province, unitCode: unit, personName: name,
                category: categories[Int.random(in: 0..<categories.count, using: &random)],
                decisionNumber: "\(Int.random(in: 1...999, using: &random))/QĐ-UBND", decisionDate: decided, steps: steps, today: asOf
            )
        } catch {
            throw AppError.invalid("redundancy", "\(id): \(error.all.map(\.message).joined(separator: "; "))")
        }
    }
}
