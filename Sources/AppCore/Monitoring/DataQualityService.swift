public import Domain
public import Foundation
public import Storage
import Crypto
import Synchronization

/// The data-quality report ("đúng - đủ - sạch - sống"): every dossier of the scope read page by page
/// through `DataQualityScan`, with the facilities of the bookkeeping registers, the last reconciliations'
/// mismatches and, nationwide, every stored document re-hashed. Counts by check and by province or unit, and the findings themselves for
/// those who may see the dossiers. A report is kept per scope for five minutes, or ten times as long as
/// it took to make (`lifetime(making:)`).
public struct DataQualityService: Sendable {
    public struct Row: Sendable, Codable, Equatable {
        public var provinceCode: String
        public var unitCode: String?
        public var name: String
        public var counts: [String: Int]
        public var total: Int
    }

    public struct Report: Sendable, Codable, Equatable {
        public var scope: String
        public var by: String
        public var generatedAt: Instant
        public var dossiersRead: Int
        public var documentsRead: Int
        public var notLiveWorkingDays: Int
        public var mandatoryFields: [String]
        /// Check → findings, every check named (zero included).
        public var totals: [String: Int]
        public var rows: [Row]
        public var findings: [QualityFinding]
        public var findingsTruncated: Bool
    }

    public let store: any Store
    let calendar: CalendarService
    let settings: QualitySettings
    let now: @Sendable () -> Date
    let cache = ExpiringCache<Report>(capacity: 64)
    /// Scopes whose report is being made in the background: one scan each, however many ask.
    let making = InFlight()

    public init(store: any Store, calendar: CalendarService, settings: QualitySettings = QualitySettings(), now: @escaping @Sendable () -> Date) {
        self.store = store
        self.calendar = calendar
        self.settings = settings
        self.now = now
    }

    /// The report of the nation (`provinceCode` nil) or a province, rows by province or by unit.
    public func report(provinceCode: String?, by: String = "province", findingsLimit: Int = 1_000) async throws(AppError) -> Report {
        guard ["province", "unit"].contains(by) else { throw .invalid("by", "Nhóm theo phải là province hoặc unit") }
        let key = "\(provinceCode ?? "nation")|\(by)|\(findingsLimit)"
        let seconds = now().timeIntervalSince1970
        if let cached = cache.value(key, now: seconds) { return cached }
        let instant = Instant(secondsSince1970: seconds)
        let started = ContinuousClock.now
        let (units, versions) = try await storage { (try await store.geography.allUnits(), try await store.catalog.all()) }
        if let provinceCode, !units.contains(where: { $0.level == .province && $0.code == provinceCode && $0.isValid(at: instant.vietnamDate) }) {
            throw .notFound(what: "tỉnh, thành phố", code: provinceCode)
        }
        let current = units.filter { $0.level != .district && $0.isValid(at: instant.vietnamDate) }
        var scan = DataQualityScan(
            settings: settings, currentUnits: Set(current.map(\.code)), catalogued: Set(versions.map(\.code)),
            calendar: calendar.defaultClock.calendar, now: instant, keep: findingsLimit
        )
        var dossiersRead = 0, documentsRead = 0
        var after: (province: String, code: String)?
        while true {
            let page = try await storage { try await store.dossiers.subjects(provinceCode: provinceCode, after: after, limit: 2_000) }
            for subject in page { scan.add(subject) }
            dossiersRead += page.count
            guard page.count == 2_000, let last = page.last else { break }
            after = (last.provinceCode, last.code)
        }
        let facilities = try await storage { try await store.bookkeeping.facilities(provinceCode: provinceCode, unitCode: nil).facilities }
        for facility in facilities { scan.addFacility(id: facility.id, provinceCode: facility.provinceCode, unitCode: facility.unitCode) }
        // Documents belong to no province of their own: they are checked in the national report.
        if provinceCode == nil {
            var position: String?
            while true {
                let digests = try await storage { try await store.documents.digests(after: position, limit: 500) }
                for digest in digests {
                    let content = try await storage { try await store.documents.content(sha256: digest) }
                    let actual = content.map { Hex.string(SHA256.hash(data: Data($0))) }
                    if actual != digest { scan.addDocumentMismatch(sha256: digest, actual: actual) }
                }
                documentsRead += digests.count
                guard digests.count == 500 else { break }
                position = digests.last
            }
        }
        let provinceOf = Dictionary(current.map { ($0.code, $0.provinceCode) }, uniquingKeysWith: { first, _ in first })
        for mismatch in try await storage({ try await store.outbox.mismatchCounts() }) {
            let province = provinceOf[mismatch.unitCode] ?? String(mismatch.unitCode.prefix(2))
            guard provinceCode == nil || province == provinceCode else { continue }
            scan.addRegisterMismatches(system: mismatch.system.rawValue, provinceCode: province, unitCode: mismatch.unitCode, count: mismatch.mismatches)
        }
        let result = scan.result()
        let names = Dictionary(current.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        var grouped: [String: Row] = [:]
        var totals = Dictionary(uniqueKeysWithValues: QualityCheck.allCases.map { ($0.rawValue, 0) })
        for (group, count) in result.counts {
            let unit = by == "unit" ? group.unitCode : nil
            let key = "\(group.provinceCode)|\(unit ?? "")"
            var row = grouped[key] ?? Row(
                provinceCode: group.provinceCode, unitCode: unit, name: names[unit ?? group.provinceCode] ?? "", counts: [:], total: 0
            )
            row.counts[group.check.rawValue, default: 0] += count
            row.total += count
            grouped[key] = row
            totals[group.check.rawValue, default: 0] += count
        }
        let report = Report(
            scope: provinceCode.map { "province:\($0)" } ?? "nation", by: by, generatedAt: instant, dossiersRead: dossiersRead,
            documentsRead: documentsRead, notLiveWorkingDays: settings.notLiveWorkingDays,
            mandatoryFields: settings.mandatory.map(\.rawValue).sorted(), totals: totals,
            rows: grouped.values.sorted { ($0.provinceCode, $0.unitCode ?? "") < ($1.provinceCode, $1.unitCode ?? "") },
            findings: result.findings, findingsTruncated: result.findingCount > result.findings.count
        )
        let took = (ContinuousClock.now - started).components.seconds
        cache.store(key, report, now: seconds, lifetime: Self.lifetime(making: Double(took)))
        return report
    }

    /// How long a report stays in the cache, in seconds, when it took `seconds` to make. The dashboard
    /// makes one again in the background when it has expired, as long as someone looks: a national scan
    /// reads every dossier (~190 s of a core at scale 0.1, so about half an hour at scale 1.0), which
    /// every five minutes would keep a core busy for good. Ten times its making keeps the scans to a
    /// tenth of a core; the report says when it was made.
    public static func lifetime(making seconds: Double) -> Double {
        max(300, 10 * seconds)
    }

    /// The report of a scope if one was made in the last five minutes (rows by province, the API's
    /// default); else nil, and one is made in the background for the next asker.
    public func ready(provinceCode: String?) -> Report? {
        let key = "\(provinceCode ?? "nation")|province|1000"
        if let cached = cache.value(key, now: now().timeIntervalSince1970) { return cached }
        guard making.start(key) else { return nil }
        let service = self
        Task {
            _ = try? await service.report(provinceCode: provinceCode)
            service.making.finish(key)
        }
        return nil
    }

    /// The counts as a table (one column per check), for the terminal, CSV and XLSX.
    public static func table(_ report: Report) -> ReportTable {
        let unitColumns = report.by == "unit" ? ["Tỉnh", "Đơn vị", "Tên"] : ["Tỉnh", "Tên"]
        func cells(_ row: Row) -> [ReportTable.Cell] {
            let labels: [ReportTable.Cell] = report.by == "unit"
                ? [.text(row.provinceCode), .text(row.unitCode ?? ""), .text(row.name)] : [.text(row.provinceCode), .text(row.name)]
            return labels + QualityCheck.allCases.map { .integer(row.counts[$0.rawValue] ?? 0) } + [.integer(row.total)]
        }
        let total = Row(provinceCode: "Tổng cộng", unitCode: "", name: "", counts: report.totals, total: report.totals.values.reduce(0, +))
        return ReportTable(
            headers: unitColumns + QualityCheck.allCases.map(\.vietnameseName) + ["Tổng số lỗi"],
            rows: report.rows.map(cells) + [cells(total)], labelColumns: unitColumns.count
        )
    }

    /// The findings as a table, for the workbook's second sheet.
    public static func findingsTable(_ report: Report) -> ReportTable {
        ReportTable(
            headers: ["Kiểm tra", "Tỉnh", "Đơn vị", "Đối tượng", "Chi tiết"],
            rows: report.findings.map { [.text($0.check.vietnameseName), .text($0.provinceCode), .text($0.unitCode), .text($0.subject), .text($0.detail)] },
            labelColumns: 5
        )
    }

    public static func workbook(_ report: Report) throws(AppError) -> Data {
        do {
            return try ReportWorkbook(
                sheets: [("Tổng hợp", table(report)), ("Chi tiết", findingsTable(report))],
                information: [("Báo cáo", "Chất lượng dữ liệu"), ("Phạm vi", report.scope), ("Thời điểm", report.generatedAt.description),
                              ("Số hồ sơ đã đọc", String(report.dossiersRead)), ("Ngưỡng không cập nhật (ngày làm việc)", String(report.notLiveWorkingDays))]
            ).data()
        } catch {
            throw .unavailable("\(error)")
        }
    }
}

/// Keys of work in progress, so that work asked for again while it runs is not started twice.
final class InFlight: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Whether the caller should start the work for `key` (false: it is running already).
    func start(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }

    func finish(_ key: String) { _ = keys.withLock { $0.remove(key) } }
}
