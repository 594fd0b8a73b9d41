import Domain
public import Foundation
public import Logging
public import ServiceLifecycle
import Storage

/// The monthly report Resolution 268 §III.11 asks for: after each month closes, the nation's figures
/// by province and each province's by commune, stored as they were then and downloadable later.
public struct MonthlyReports: Sendable {
    let reports: ReportService

    public init(reports: ReportService) {
        self.reports = reports
    }

    /// The first month the two-tier system reported.
    public static let firstMonth = "2025-07"

    public struct Entry: Sendable, Encodable {
        public var month: String
        public var scope: String
        public var generatedAt: String
    }

    /// The scopes of one month: the nation (by province) and each province (by commune).
    func scopes() -> [(scope: String, by: String)] {
        [("nation", "province")] + reports.gazetteer.currentProvinces.keys.sorted().map { ("province:\($0)", "commune") }
    }

    static func bounds(_ month: String) -> (LocalDate, LocalDate)? {
        guard month.count == 7, let first = LocalDate(iso: month + "-01") else { return nil }
        let last = LocalDate(year: first.year, month: first.month, day: LocalDate.daysIn(month: first.month, year: first.year))!
        return (first, last)
    }

    /// Months closed before `today`, from the first one on.
    static func closedMonths(before today: LocalDate) -> [String] {
        var months: [String] = []
        guard var (first, _) = bounds(firstMonth) else { return [] }
        while let (_, last) = bounds(String(first.description.prefix(7))), last < today {
            months.append(String(first.description.prefix(7)))
            first = last.adding(days: 1)
        }
        return months
    }

    /// Computes and stores one month's reports (again, if they exist); returns how many were stored.
    @discardableResult
    public func generate(month: String) async throws(AppError) -> Int {
        guard let (from, to) = Self.bounds(month) else { throw .invalid("month", "Tháng “\(month)” không đúng dạng YYYY-MM") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var stored = 0
        for (scope, by) in scopes() {
            let request = try reports.parse(scope: scope, from: from.description, to: to.description, by: by, perspective: nil)
            let report = try await reports.indicators(request)
            do {
                let body = String(decoding: try encoder.encode(report), as: UTF8.self)
                try await reports.store.monitoring.saveMonthlyReport(
                    month: month, scope: scope, body: body, at: Instant(secondsSince1970: reports.now().timeIntervalSince1970)
                )
            } catch let error as StorageError {
                throw .storage(error)
            } catch {
                throw .unavailable("\(error)")
            }
            stored += 1
        }
        return stored
    }

    /// Generates the closed months that have no stored nation report yet; returns them.
    public func catchUp() async throws(AppError) -> [String] {
        let today = LocalDate(vietnamTimeOf: reports.now().timeIntervalSince1970)
        var done: [String] = []
        let existing: Set<String>
        do {
            existing = Set(try await reports.store.monitoring.monthlyReports().filter { $0.scope == "nation" }.map(\.month))
        } catch {
            throw .unavailable("\(error)")
        }
        for month in Self.closedMonths(before: today) where !existing.contains(month) {
            try await generate(month: month)
            done.append(month)
        }
        return done
    }

    /// Folds the rollups' slots of the months before this one (`MonitoringRepository.foldSlots`): no filing
    /// adds to them any more, and their reports then read one row per key.
    public func foldClosedMonths() async throws(AppError) {
        let today = LocalDate(vietnamTimeOf: reports.now().timeIntervalSince1970)
        do {
            try await reports.store.monitoring.foldSlots(before: String(today.description.prefix(7)))
        } catch {
            throw .unavailable("\(error)")
        }
    }

    public func list() async throws(AppError) -> [Entry] {
        do {
            return try await reports.store.monitoring.monthlyReports().map {
                Entry(month: $0.month, scope: $0.scope, generatedAt: $0.generatedAt.description)
            }
        } catch {
            throw .unavailable("\(error)")
        }
    }

    /// A stored report as the API's JSON, or a table for CSV.
    public func report(month: String, scope: String) async throws(AppError) -> ReportService.StoredReport {
        guard Self.bounds(month) != nil else {
            throw .invalid("month", "Tháng “\(month)” không hợp lệ: dùng YYYY-MM")
        }
        // Monthly reports are kept for the nation and for each province (scopes()).
        guard scope == "nation" || (scope.hasPrefix("province:") && AdministrativeLevel.forCode(String(scope.dropFirst(9))) == .province) else {
            throw .invalid("scope", "Phạm vi “\(scope)” không hợp lệ: báo cáo tháng có cho nation hoặc province:MÃ")
        }
        let body: String?
        do {
            body = try await reports.store.monitoring.monthlyReport(month: month, scope: scope)
        } catch {
            throw .unavailable("\(error)")
        }
        guard let body else { throw .notFound(what: "báo cáo tháng \(month)", code: scope) }
        return ReportService.StoredReport(json: Data(body.utf8))
    }
}

extension ReportService {
    /// A report kept as JSON: served as it was stored, or read back for CSV.
    public struct StoredReport: Sendable {
        public var json: Data

        public func table() throws(AppError) -> ReportTable {
            do {
                return ReportTable(try JSONDecoder().decode(ReportService.Report.self, from: json))
            } catch {
                throw .storage(.corrupt("stored monthly report: \(error)"))
            }
        }
    }
}

/// Generates the monthly reports of closed months and folds their rollups' slots, at start and then every
/// few hours.
public struct MonthlyReportService: Service {
    let reports: MonthlyReports
    let intervalSeconds: Double
    let logger: Logger

    public init(reports: MonthlyReports, intervalSeconds: Double = 3 * 3600, logger: Logger) {
        self.reports = reports
        self.intervalSeconds = intervalSeconds
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do throws(AppError) {
                    let months = try await reports.catchUp()
                    if !months.isEmpty { logger.info("monthly reports stored", metadata: ["months": "\(months)"]) }
                    try await reports.foldClosedMonths()
                } catch {
                    logger.warning("monthly reports not generated; next try later", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(intervalSeconds))
            }
        }
    }
}
