public import Domain
public import Foundation
public import Storage

/// The agencies of a scope counted by kind, per province or unit: the resolution's 465 provincial
/// departments and 9,916 commune offices, and the service centres and People's Committees beside them.
public struct AgencyReport: Sendable, BookkeepingUseCase {
    public struct Row: Sendable, Equatable {
        public var code: String
        public var name: String
        public var counts: [AgencyKind: Int]
    }

    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    public func counts(scope: String?, byUnit: Bool) async throws(AppError) -> (total: [AgencyKind: Int], rows: [Row]) {
        let units = self.units
        let (province, unit) = try await units.parse(scope: scope)
        let agencies = try await storage { try await store.identity.agencies(provinceCode: province, unitCode: unit, offset: 0, limit: 1_000_000) }
        var total: [AgencyKind: Int] = [:]
        var groups: [String: [AgencyKind: Int]] = [:]
        for agency in agencies where agency.validFrom <= units.today && units.today <= agency.validTo {
            total[agency.kind, default: 0] += 1
            groups[byUnit ? agency.unitCode : agency.provinceCode, default: [:]][agency.kind, default: 0] += 1
        }
        let names = try await units.names(Array(groups.keys))
        let rows = groups.keys.sorted().map { Row(code: $0, name: names[$0] ?? $0, counts: groups[$0] ?? [:]) }
        return (total, rows)
    }
}
