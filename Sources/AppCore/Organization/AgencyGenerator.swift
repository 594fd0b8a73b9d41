import Domain
import Foundation
public import Storage

/// Adds the specialised agencies at the size Resolution 268 counts them (465 provincial departments,
/// 9,916 commune offices) to a synthetic data set, unless the store already has some of either kind:
/// a real register, once imported, is never padded with invented agencies.
public struct AgencyGenerator: Sendable {
    public let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// Returns how many agencies it wrote (none when the store already had specialised ones).
    public func run(provincial: Int = 465, commune: Int = 9_916) async throws -> Int {
        let existing = try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000)
        guard existing.allSatisfy({ $0.kind != .provincialDepartment && $0.kind != .communeOffice }) else { return 0 }
        let specialised = SpecialisedAgencies.make(units: try await store.geography.allUnits(), provincial: provincial, commune: commune)
        try await store.identity.saveAgencies(specialised)
        return specialised.count
    }
}
