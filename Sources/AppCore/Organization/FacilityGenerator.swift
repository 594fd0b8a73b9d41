import Domain
import Foundation
public import Storage

/// Writes plausible facilities and equipment for every current commune: its office in use and one to
/// three former offices of the communes merged into it, surplus, most with a plan (a clinic, a school,
/// public works, an auction) due by the end of 2025 and some of them behind; computers, connections and
/// vehicles with gaps both ways. Not figures of the resolution (it gives none per unit). Deterministic.
public struct FacilityGenerator: Sendable {
    public let store: any Store
    let seed: UInt64

    public init(store: any Store, seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    /// Writes the facilities and equipment counts; returns how many facilities.
    public func run() async throws -> Int {
        let communes = try await store.geography.allUnits().filter { $0.isValid(at: Reform.effectiveDate) && $0.level == .commune }
            .sorted { $0.code < $1.code }
        var random = SplitMix(seed: seed &* 0xD1B5_4A32 &+ 12)
        var facilities: [Facility] = [], equipment: [EquipmentCount] = []
        let uses = Facility.PlannedUse.allCases
        for commune in communes {
            facilities.append(Facility(
                id: "\(commune.code)-TS", provinceCode: commune.provinceCode, unitCode: commune.code, name: "Trụ sở \(commune.name)",
                kind: .office, areaSquareMetres: Int.random(in: 800...3_000, using: &random), condition: .good, status: .inUse
            ))
            for index in 1...Int.random(in: 1...3, using: &random) {
                let planned = Int.random(in: 0..<10, using: &random) < 7
                let deadline = LocalDate(year: 2025, month: 9, day: 1)!.adding(days: Int.random(in: 0...120, using: &random))
                let progress: Facility.Progress = planned ? [.notStarted, .inProgress, .inProgress, .done][Int.random(in: 0..<4, using: &random)] : .notStarted
                facilities.append(Facility(
                    id: "\(commune.code)-CU\(index)", provinceCode: commune.provinceCode, unitCode: commune.code,
                    name: "Trụ sở cũ số \(index) của \(commune.name)", kind: index == 3 ? .land : .office,
                    areaSquareMetres: Int.random(in: 300...2_500, using: &random),
                    condition: [.good, .fair, .poor][Int.random(in: 0..<3, using: &random)], status: .surplus,
                    plannedUse: planned ? uses[Int.random(in: 0..<uses.count, using: &random)] : nil,
                    responsible: planned ? "UBND \(commune.name)" : nil, deadline: planned ? deadline : nil, progress: progress
                ))
            }
            for kind in EquipmentCount.Kind.allCases where kind != .other {
                let needed = kind == .computer ? Int.random(in: 30...80, using: &random) : Int.random(in: 1...4, using: &random)
                let have = max(0, needed + Int.random(in: -(needed / 3)...(needed / 4), using: &random))
                equipment.append(EquipmentCount(provinceCode: commune.provinceCode, unitCode: commune.code, kind: kind, have: have, needed: needed))
            }
        }
        let at = Instant(vietnam: LocalDate(year: 2025, month: 8, day: 31)!, minuteOfDay: 17 * 60)
        for start in stride(from: 0, to: facilities.count, by: 5_000) {
            try await store.bookkeeping.saveFacilities(Array(facilities[start..<min(facilities.count, start + 5_000)]), equipment: [], at: at)
        }
        for start in stride(from: 0, to: equipment.count, by: 5_000) {
            try await store.bookkeeping.saveFacilities([], equipment: Array(equipment[start..<min(equipment.count, start + 5_000)]), at: at)
        }
        return facilities.count
    }
}
