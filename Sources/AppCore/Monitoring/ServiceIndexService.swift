public import Domain
import Foundation
import ReferenceData
import Storage

/// The Decision 766 index per unit and period, and the ranking of provinces (nationwide) or of the
/// communes of a province.
extension ReportService {
    public struct IndexReport: Sendable, Encodable {
        public var version: String
        public var scope: String
        public var from: String
        public var to: String
        public var by: String
        public var rows: [IndexRow]
    }

    public struct IndexRow: Sendable, Encodable {
        /// 1 for the best; equal points share a rank.
        public var rank: Int
        public var group: [String: String]
        public var received: Int
        public var score: ServiceIndexScore
    }

    /// The shipped configurations, by version; the last is the default.
    public static let indexConfigurations: [ServiceIndexConfiguration] = {
        do {
            let list = try JSONDecoder().decode([ServiceIndexConfiguration].self, from: Data(try ReferenceFiles.serviceIndex().utf8))
            precondition(list.allSatisfy(\.problems.isEmpty), "the shipped service index configuration is inconsistent")
            return list
        } catch {
            preconditionFailure("the shipped service index configuration cannot be read: \(error)")
        }
    }()

    public func configuration(version: String?) throws(AppError) -> ServiceIndexConfiguration {
        guard let version else { return Self.indexConfigurations[Self.indexConfigurations.count - 1] }
        guard let found = Self.indexConfigurations.first(where: { $0.version == version }) else {
            throw AppError(ReportError.unknownIndexConfiguration(version))
        }
        return found
    }

    /// Ranks the units of a scope: provinces for the nation, communes for a province (commune-level
    /// procedures), or the one unit a scope names. `by` can force `province` or `commune`.
    public func serviceIndex(
        scope: String?, from: String?, to: String?, by: String?, perspective: String?, version: String?
    ) async throws(AppError) -> IndexReport {
        let configuration = try configuration(version: version)
        var request = try parse(scope: scope, from: from, to: to, by: nil, perspective: perspective)
        let names = request.filters.map(\.dimension)
        let dimension: ReportDimension
        switch by {
        case nil, "":
            dimension = names.contains(.unit) ? .unit : names.contains(.province) ? .unit : .province
        case "province": dimension = .province
        case "commune", "unit": dimension = .unit
        case .some(let other): throw AppError(ReportError.unknownDimension(other))
        }
        if dimension == .unit, !names.contains(.level), !names.contains(.unit) {
            request.filters.append(ReportFilter(.level, ProcedureVersion.Level.commune.rawValue))
        }
        request.by = [dimension]
        let rows = try await self.rows(request)
        let sync = try await portalSync(by: dimension)
        var ranked = rows.map { row -> IndexRow in
            let code = row.group[dimension.rawValue] ?? ""
            let score = ServiceIndexScore(configuration: configuration) { $0.ratio(row, portalSync: sync[code]) }
            return IndexRow(rank: 0, group: row.group, received: row.received, score: score)
        }
        ranked.sort { $0.score.points != $1.score.points ? $0.score.points > $1.score.points : ($0.group[dimension.rawValue] ?? "") < ($1.group[dimension.rawValue] ?? "") }
        for index in ranked.indices {
            ranked[index].rank = index > 0 && ranked[index].score.points == ranked[index - 1].score.points ? ranked[index - 1].rank : index + 1
        }
        return IndexReport(
            version: configuration.version, scope: Self.scopeText(request.filters), from: request.from.description,
            to: request.to.description, by: dimension.rawValue, rows: ranked
        )
    }

    /// Portal status deliveries per province or unit: delivered of all not discarded (the outbox as it
    /// stands, not only the period's).
    func portalSync(by dimension: ReportDimension) async throws(AppError) -> [String: Double] {
        let counts: [OutboxCount]
        do {
            counts = try await store.outbox.counts()
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .unavailable("\(error)")
        }
        var delivered: [String: Int] = [:], all: [String: Int] = [:]
        for count in counts where count.system == .portal && count.state != .discarded {
            let key = dimension == .province ? count.provinceCode : count.unitCode
            all[key, default: 0] += count.count
            if count.state == .delivered { delivered[key, default: 0] += count.count }
        }
        return all.reduce(into: [:]) { result, entry in result[entry.key] = Double(delivered[entry.key] ?? 0) / Double(entry.value) }
    }
}
