import Domain
import Storage

/// Where the time went: the steps of the process control slip that ended in a period, by agency, unit
/// and kind of step, with how many overran their allotted time and by how many working days.
extension ReportService {
    public struct LateStepRow: Sendable, Encodable {
        public var agency: String
        public var agencyName: String?
        public var unit: String
        public var unitName: String?
        public var step: String
        public var steps: Int
        public var timedSteps: Int
        public var lateSteps: Int
        /// Late steps of the steps that had an allotted time.
        public var lateShare: Double?
        /// Working days (8 h) by which the late steps overran, summed.
        public var overrunDays: Double
    }

    public struct LateStepReport: Sendable, Encodable {
        public var scope: String
        public var from: String
        public var to: String
        public var rows: [LateStepRow]
    }

    public func lateSteps(scope: String?, from: String?, to: String?) async throws(AppError) -> LateStepReport {
        let request = try parse(scope: scope, from: from, to: to, by: nil, perspective: nil)
        let sums: [[String]: StepValues]
        let names: [String: String]
        do {
            sums = try await store.monitoring.stepSums(request)
            names = try await agencyNames(Set(sums.keys.map { $0[0] }))
        } catch let error as UnsupportedDimension {
            throw .invalid("scope", "Không lọc được các bước xử lý theo “\(error.dimension.rawValue)”")
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .unavailable("\(error)")
        }
        let rows = sums.map { key, values in
            LateStepRow(
                agency: key[0], agencyName: names[key[0]], unit: key[1],
                unitName: (gazetteer.currentCommunes[key[1]] ?? gazetteer.currentProvinces[key[1]])?.name, step: key[2],
                steps: values["steps"], timedSteps: values["timed_steps"], lateSteps: values["late_steps"],
                lateShare: IndicatorRow.share(values["late_steps"], values["timed_steps"]),
                overrunDays: Double(values["overrun_minutes"]) / 480
            )
        }
        .sorted { ($0.overrunDays, $0.lateSteps, $1.agency) > ($1.overrunDays, $1.lateSteps, $0.agency) }
        return LateStepReport(scope: Self.scopeText(request.filters), from: request.from.description, to: request.to.description, rows: rows)
    }

    func agencyNames(_ codes: Set<String>) async throws -> [String: String] {
        var names: [String: String] = [:]
        for province in Set(codes.compactMap { code in code.split(separator: ".").last.map { String($0.suffix(2)) } }) {
            for agency in try await store.identity.agencies(provinceCode: province, unitCode: nil, offset: 0, limit: 100_000)
            where codes.contains(agency.code) {
                names[agency.code] = agency.name
            }
        }
        return names
    }
}
