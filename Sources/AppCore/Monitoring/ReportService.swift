public import Domain
public import Storage
public import Foundation

/// The indicators of DOMAIN.md §7 for any scope, period and breakdown, from the counter tables only.
/// The store sums by the dimensions it has columns for; a unit's class and weeks and months are folded
/// here from units and days.
public struct ReportService: Sendable {
    public let store: any Store
    public let gazetteer: Gazetteer
    let now: @Sendable () -> Date

    public init(store: any Store, gazetteer: Gazetteer, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.gazetteer = gazetteer
        self.now = now
    }

    /// A report as the API answers it.
    public struct Report: Sendable, Codable {
        public var scope: String
        public var from: String
        public var to: String
        public var perspective: String
        public var by: [String]
        public var generatedAt: String
        public var definitions: String
        public var total: IndicatorRow
        /// Of a breakdown answered a part at a time (`ReportPage`): which part `rows` are, of how many.
        /// `total` is the whole breakdown's.
        public var page: Int?
        public var pages: Int?
        public var rows: [IndicatorRow]

        public init(
            scope: String, from: String, to: String, perspective: String, by: [String], generatedAt: String, total: IndicatorRow,
            rows: [IndicatorRow]
        ) {
            self.scope = scope
            self.from = from
            self.to = to
            self.perspective = perspective
            self.by = by
            self.generatedAt = generatedAt
            definitions = "DOMAIN.md §7: cohort figures of the dossiers received in the period, observed at its end"
            self.total = total
            self.rows = rows
        }
    }

    public func parse(scope: String?, from: String?, to: String?, by: String?, perspective: String?) throws(AppError) -> ReportRequest {
        do {
            return try ReportRequest.parse(scope: scope, from: from, to: to, by: by, perspective: perspective)
        } catch {
            throw AppError(error)
        }
    }

    public func indicators(_ request: ReportRequest) async throws(AppError) -> Report {
        let rows = try await rows(request)
        // In place: a new row for each one added copied the flow's values thousands of times.
        let total = rows.reduce(into: IndicatorRow(cohort: CohortSums(), flow: CounterValues())) {
            $0.cohort = $0.cohort + $1.cohort
            $0.flow += $1.flow
        }
        return Report(
            scope: Self.scopeText(request.filters), from: request.from.description, to: request.to.description,
            perspective: request.perspective.rawValue, by: request.by.map(\.rawValue),
            generatedAt: Instant(secondsSince1970: now().timeIntervalSince1970).description,
            total: request.by.isEmpty ? (rows.first ?? total) : total, rows: request.by.isEmpty ? [] : rows
        )
    }

    /// Units per page of a breakdown by unit (or by competent agency) that the rollups do not hold, unless the caller says.
    public static let unitsPerPage = 10
    public static let maximumUnitsPerPage = 500

    /// The parts a breakdown is answered in, or nil when it is answered whole: what the rollups hold is
    /// read whole in milliseconds; a breakdown reading the detailed counters is cut where its groups
    /// allow (`ReportPage.plan`).
    public func pages(_ request: ReportRequest, unitsPerPage: Int = unitsPerPage) async throws(AppError) -> [ReportPage]? {
        guard store.monitoring.readsDetail(Self.storeRequest(request)) else { return nil }
        var units: [String: [String]] = [:]
        for (code, commune) in gazetteer.currentCommunes { units[commune.provinceCode, default: []].append(code) }
        for code in gazetteer.currentProvinces.keys { units[code, default: []].append(code) }
        var agency: (unit: String, province: String)?
        if let code = request.filters.first(where: { $0.dimension == .agency })?.value {
            do {
                agency = try await store.identity.agency(code: code).map { ($0.unitCode, $0.provinceCode) }
            } catch let error as StorageError {
                throw .storage(error)
            } catch {
                throw .unavailable("\(error)")
            }
        }
        return ReportPage.plan(
            request, provinces: Array(gazetteer.currentProvinces.keys), units: units, unitsPerPage: unitsPerPage, agency: agency
        )
    }

    /// The report's `number`th part of `pages` (from 1), with the whole breakdown's total.
    public func indicators(_ request: ReportRequest, page number: Int, of pages: [ReportPage]) async throws(AppError) -> Report {
        guard pages.indices.contains(number - 1) else {
            throw .invalid("page", "Trang \(number) không có: báo cáo này có \(pages.count) trang")
        }
        var part = request
        part.page = pages[number - 1]
        var whole = request
        whole.by = []
        var report = try await indicators(part)
        report.total = try await indicators(whole).total
        report.page = number
        report.pages = pages.count
        return report
    }

    /// The request as the store takes it: class needs the unit, weeks the day.
    static func storeRequest(_ request: ReportRequest) -> ReportRequest {
        var stored: [ReportDimension] = []
        for dimension in request.by {
            let column: ReportDimension = switch dimension {
            case .unitClass: .unit
            case .week: .day
            default: dimension
            }
            if !stored.contains(column) { stored.append(column) }
        }
        if request.filters.contains(where: { $0.dimension == .unitClass }), !stored.contains(.unit) { stored.append(.unit) }
        var storeRequest = request
        storeRequest.by = stored
        storeRequest.filters = request.filters.filter { $0.dimension != .unitClass }
        return storeRequest
    }

    /// `body` (a report of `request` and its answer written) through `DetailReportGate.shared` when the
    /// store reads the detailed counters for it, at once otherwise.
    public func gated<T>(_ request: ReportRequest, _ body: () async throws -> T) async throws -> T {
        guard store.monitoring.readsDetail(Self.storeRequest(request)) else { return try await body() }
        return try await DetailReportGate.shared.run(body)
    }

    static func scopeText(_ filters: [ReportFilter]) -> String {
        filters.isEmpty ? "nation" : filters.map { "\($0.dimension.rawValue):\($0.value)" }.joined(separator: ",")
    }

    /// The rows of a breakdown, sorted by their group values. Without `cohorts`, only the flow figures
    /// (what happened in the period: a time series' received and finished) are read.
    public func rows(_ request: ReportRequest, cohorts readingCohorts: Bool = true) async throws(AppError) -> [IndicatorRow] {
        let classFilter = request.filters.first { $0.dimension == .unitClass }.flatMap { UnitClass(rawValue: $0.value) }
        let storeRequest = Self.storeRequest(request)
        let stored = storeRequest.by
        let cohorts: [[String]: CohortSums], flows: [[String]: CounterValues]
        do {
            async let cohortSums = readingCohorts ? store.monitoring.cohortSums(storeRequest) : [:]
            async let flowSums = store.monitoring.flowSums(storeRequest)
            (cohorts, flows) = try await (cohortSums, flowSums)
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .unavailable("\(error)")
        }
        var groups: [[String]: IndicatorRow] = [:]
        groups.reserveCapacity(max(cohorts.count, flows.count))
        // Where each dimension's value is in a stored key, found once (a nationwide breakdown folds
        // thousands of keys).
        let unitPosition = stored.firstIndex(of: .unit), dayPosition = stored.firstIndex(of: .day)
        let positions = request.by.map { dimension in stored.firstIndex(of: dimension) }
        let needsClass = classFilter != nil || request.by.contains(.unitClass)
        func fold(_ key: [String], cohort: CohortSums?, flow: CounterValues?) {
            let unitClass = needsClass ? unitPosition.flatMap { self.unitClass(of: key[$0]) } : nil
            if let classFilter, unitClass != classFilter { return }
            let group = zip(request.by, positions).map { dimension, position -> String in
                switch dimension {
                case .unitClass: unitClass?.rawValue ?? "unknown"
                case .week: dayPosition.flatMap { LocalDate(iso: key[$0]) }.map(dimension.bucket(of:)) ?? ""
                default: position.map { key[$0] } ?? ""
                }
            }
            if let index = groups.index(forKey: group) {
                if let cohort { groups.values[index].cohort = groups.values[index].cohort + cohort }
                if let flow { groups.values[index].flow += flow }
            } else {
                groups[group] = IndicatorRow(group: labels(request.by, group), cohort: cohort ?? CohortSums(), flow: flow ?? CounterValues())
            }
        }
        for (key, cohort) in cohorts { fold(key, cohort: cohort, flow: nil) }
        for (key, flow) in flows { fold(key, cohort: nil, flow: flow) }
        return groups.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map(\.value)
    }

    /// The group's values, with the names of units and provinces beside their codes.
    func labels(_ dimensions: [ReportDimension], _ values: [String]) -> [String: String] {
        var labels: [String: String] = [:]
        for (dimension, value) in zip(dimensions, values) {
            labels[dimension.rawValue] = value
            switch dimension {
            case .province: labels["provinceName"] = gazetteer.currentProvinces[value]?.name
            case .unit: labels["unitName"] = (gazetteer.currentCommunes[value] ?? gazetteer.currentProvinces[value])?.name
            default: break
            }
        }
        return labels
    }

    func unitClass(of code: String) -> UnitClass? {
        guard let unit = gazetteer.currentCommunes[code] else { return nil }
        return unit.unitClass ?? UnitClass.defaultClass(for: unit.type)
    }
}

extension AppError {
    public init(_ error: ReportError) {
        self = .invalid(error.parameter, error.message)
    }
}

extension ReportService {
    public struct AlertReport: Sendable, Encodable {
        public var scope: String
        public var from: String
        public var to: String
        public var by: String
        public var thresholds: AlertThresholds
        public var alerts: [Alert]
    }

    /// Units of a scope whose overdue share or backlog at the period end crosses a threshold: communes
    /// of a province (or provinces, for the nation).
    public func alerts(
        scope: String?, from: String?, to: String?, thresholds: AlertThresholds
    ) async throws(AppError) -> AlertReport {
        var request = try parse(scope: scope, from: from, to: to, by: nil, perspective: nil)
        let dimension: ReportDimension = request.filters.contains { $0.dimension == .province || $0.dimension == .unit } ? .unit : .province
        request.by = [dimension]
        guard (0...1).contains(thresholds.overdueShare) else { throw .invalid("overdueShare", "Ngưỡng tỷ lệ quá hạn phải từ 0 đến 1") }
        guard thresholds.backlog >= 0 else { throw .invalid("backlog", "Ngưỡng tồn đọng không được âm") }
        return AlertReport(
            scope: Self.scopeText(request.filters), from: request.from.description, to: request.to.description, by: dimension.rawValue,
            thresholds: thresholds, alerts: Alert.evaluate(try await rows(request), thresholds: thresholds)
        )
    }
}
