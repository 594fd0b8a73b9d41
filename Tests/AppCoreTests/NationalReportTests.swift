import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

/// The synthetic Resolution 268 data set, written through the real store path on each engine: the
/// national report reproduces the resolution's figures at the scale, equals a tally written apart from
/// the counters (plain SQL over the dossier and event tables), and `verify` finds nothing.
/// `MOTCUA_MONITORING_TEST_SCALE` sets the scale (default 0.001: 6,500 dossiers per engine);
/// `scripts/monitoring-acceptance` runs 0.01 through the binary.
@Suite("national report from synthetic data")
struct NationalReportTests {
    static let scale = ProcessInfo.processInfo.environment["MOTCUA_MONITORING_TEST_SCALE"].flatMap(Double.init) ?? 0.001
    static let profile = SyntheticProfile.resolution268

    static func generated(_ engine: TestStores.Engine) async throws -> (any Store, ReportService) {
        let store = try await TestStores.make(engine)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        _ = try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
        _ = try await IdentityService(store: store, now: { Date() }).seedAgencies()
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        let summary = try await SyntheticGenerator(store: store, clock: calendar.defaultClock, profile: profile, scale: scale, seed: 11).run()
        #expect(summary.received == Int((Double(profile.received) * scale).rounded()))
        let geography = try await GeographyService.load(store: store, now: { Date() })
        return (store, ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { Date() }))
    }

    static func request(by: String? = nil) throws -> ReportRequest {
        try ReportRequest.parse(scope: "nation", from: "2025-07-01", to: "2025-08-23", by: by, perspective: nil)
    }

    /// One data set per engine (generating is the slow part), three checks on it.
    @Test("Resolution 268 reproduced at the scale; the report equals a plain SQL tally; verify finds nothing", arguments: TestStores.engines)
    func nationalReport(engine: TestStores.Engine) async throws {
        let (store, reports) = try await Self.generated(engine)
        try await Self.reproduces(reports)
        try await Self.independentTally(store, reports)
        try await Self.monthly(store, reports)
        let verification = try await DossierVerification.run(store, provinceCode: nil)
        #expect(verification.problems.isEmpty, "\(verification.problems.prefix(5))")
        try await Self.verifyByProvince(store, clean: verification)
        try await store.close()
    }

    /// The nationwide `verify` goes one province at a time (its memory is one province's counters): it
    /// still sees a counter changed in the first province and in the last, and a dossier moved to a
    /// province the geography does not hold; a province's own `verify` sees only its own. One nationwide
    /// run sees all three (each run replays every dossier, the slow part of this test): what the move
    /// does to its old province's counters is what that province's own run says.
    static func verifyByProvince(_ store: any Store, clean: DossierVerification.Report) async throws {
        #expect(clean.dossiers == (try await store.dossiers.count(provinceCode: nil)))
        let sql = try #require(store as? any SQLExecutor)
        let key = ["province_code", "day", "competent_unit", "receiving_unit", "agency_code", "field", "procedure_code",
                   "procedure_valid_from", "level", "channel"]
        var tampered: [[SQLValue]] = []
        for province in ["01", "96"] {
            let first = SQLStatement(
                "SELECT \(key.joined(separator: ", ")) FROM daily_counters WHERE province_code = ? ORDER BY \(key.joined(separator: ", ")) LIMIT 1",
                [.text(province)])
            tampered.append(try #require(try await sql.query(first).first))
        }
        try await sql.transaction(tampered.map { row in
            SQLStatement("UPDATE daily_counters SET received = received + 1 WHERE \(key.map { "\($0) = ?" }.joined(separator: " AND "))", row)
        })
        let prefixes = tampered.map { "counters \($0[1].text ?? "") \($0[2].text ?? "") " }
        let moved = try #require(try await sql.query(SQLStatement("SELECT MAX(code) FROM dossiers WHERE province_code = '79'")).first?.first?.text)
        try await sql.transaction([SQLStatement("UPDATE dossiers SET province_code = '99' WHERE province_code = '79' AND code = ?", [.text(moved)])])
        // A citizen's look-up view that says another version than its events: still valid JSON.
        let viewed = try #require(try await sql.query(SQLStatement("SELECT MIN(code) FROM dossiers WHERE province_code = '01'")).first?.first?.text)
        try await sql.transaction([SQLStatement(
            "UPDATE dossiers SET public_view = REPLACE(public_view, '\"version\":', '\"version\":9') WHERE province_code = '01' AND code = ?",
            [.text(viewed)])])
        let view = "\(viewed): the look-up view differs from the replay of its "

        let nation = try await DossierVerification.run(store, provinceCode: nil)
        let hanoi = try await DossierVerification.run(store, provinceCode: "01")
        #expect(hanoi.problems.count == 2 && hanoi.problems[0].hasPrefix(view) && hanoi.problems[1].hasPrefix(prefixes[0]),
                "\(hanoi.problems.prefix(5))")
        let hcmc = try await DossierVerification.run(store, provinceCode: "79")
        let left = hcmc.problems.filter { $0.hasPrefix("counters ") }
        #expect(!left.isEmpty, "the moved dossier's counts are still in province 79's counters")
        // (The rollups, compared with the detail, differ too: the nationwide run says so after the provinces.)
        let counters = nation.problems.filter { $0.hasPrefix("counters ") }
        #expect(counters.count == 2 + left.count, "\(nation.problems.prefix(5))")
        for prefix in prefixes { #expect(counters.contains { $0.hasPrefix(prefix) }, "\(prefix) in \(nation.problems.prefix(5))") }
        #expect(Set(left).isSubset(of: Set(counters)))
        #expect(nation.dossiers == clean.dossiers - 1)
        #expect(nation.problems.contains("dossiers in provinces the geography does not hold: 1"), "\(nation.problems.prefix(5))")
        #expect(nation.problems.filter { $0.contains("look-up view") }.count == 1 && nation.problems.contains { $0.hasPrefix(view) })
    }

    static func reproduces(_ reports: ReportService) async throws {
        let total = try await reports.indicators(Self.request()).total
        let received = Double(Self.profile.received) * Self.scale
        #expect(abs(Double(total.received) - received) <= received * 0.005)
        #expect(abs(try #require(total.onlineShare) - 0.738) <= 0.005)
        #expect(abs(try #require(total.resolvedShare) - 0.80) <= 0.005)
        #expect(abs(try #require(total.onTimeShare) - 0.72) <= 0.005)

        let levels = try await reports.indicators(Self.request(by: "level")).rows
        let communeLevel = try #require(levels.first { $0.group["level"] == "commune" }).received
        let expectedCommune = Double(Self.profile.communeLevel) * Self.scale
        #expect(abs(Double(communeLevel) - expectedCommune) <= expectedCommune * 0.005)

        let provinces = try await reports.indicators(Self.request(by: "province")).rows
        #expect(provinces.count == 34)
        for (code, figure) in Self.profile.provinces {
            let row = try #require(provinces.first { $0.group["province"] == code })
            let expected = Double(figure) * Self.scale
            #expect(abs(Double(row.received) - expected) <= max(1, expected * 0.01), "province \(code)")
        }
        #expect(provinces.first { $0.group["province"] == "79" }?.group["provinceName"] == "Thành phố Hồ Chí Minh")

        // By month (the granule rollups: cohorts by month of receipt, flows by their granule's month)
        // equals the days (the province rollup) added by month.
        let months = try await reports.rows(Self.request(by: "month"))
        let days = try await reports.rows(Self.request(by: "day"))
        #expect(months.map { $0.group["month"] } == ["2025-07", "2025-08"])
        for month in months {
            let inMonth = days.filter { $0.group["day"]?.hasPrefix(month.group["month"] ?? "-") == true }
            #expect(inMonth.count == (month.group["month"] == "2025-07" ? 31 : 23))
            #expect(month.cohort == inMonth.map(\.cohort).reduce(CohortSums(), +))
            #expect(month.flow == inMonth.map(\.flow).reduce(CounterValues(), +))
        }
    }

    /// Monthly reports: stored for the nation and each province, read back equal, and caught up once.
    static func monthly(_ store: any Store, _ reports: ReportService) async throws {
        let geography = try await GeographyService.load(store: store, now: { Date() })
        let september = Date(timeIntervalSince1970: 1_757_900_000)  // 15 September 2025
        let monthly = MonthlyReports(reports: ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { september }))
        #expect(try await monthly.generate(month: "2025-07") == 35)
        #expect(try await monthly.catchUp() == ["2025-08"], "July is stored; September has not closed")
        #expect(try await monthly.catchUp().isEmpty)
        let stored = try await monthly.report(month: "2025-07", scope: "nation")
        let decoded = try JSONDecoder().decode(ReportService.Report.self, from: stored.json)
        let live = try await reports.indicators(try ReportRequest.parse(scope: nil, from: "2025-07-01", to: "2025-07-31", by: "province", perspective: nil))
        #expect(decoded.total == live.total)
        #expect(decoded.rows == live.rows)
        #expect(try stored.table().rows.count == 35, "34 provinces and the total")
        let hanoi = try JSONDecoder().decode(ReportService.Report.self, from: try await monthly.report(month: "2025-08", scope: "province:01").json)
        #expect(hanoi.by == ["unit"])
        #expect(hanoi.rows.allSatisfy { $0.group["unit"]?.count == 5 || $0.group["unit"] == "01" })
        await #expect(throws: AppError.self) { try await monthly.report(month: "2025-06", scope: "nation") }
        await #expect(throws: AppError.self) { try await monthly.generate(month: "2025-13") }
    }

    /// The report against a tally written from DOMAIN.md §7 apart from the counter code.
    static func independentTally(_ store: any Store, _ reports: ReportService) async throws {
        let sql = try #require(store as? any SQLExecutor)
        let start = Instant(vietnam: Self.profile.from, minuteOfDay: 0).minutes
        let end = Instant(vietnam: Self.profile.to.adding(days: 1), minuteOfDay: 0).minutes
        // Written from DOMAIN.md §7 directly: first receipt, first finish and first withdrawal before the end.
        func first(_ kinds: String, before: Bool) -> String {
            """
            (SELECT province_code, dossier_code, MIN(at) AS at FROM dossier_events WHERE kind IN (\(kinds))\(before ? " AND at < \(end)" : "")
             GROUP BY province_code, dossier_code)
            """
        }
        let rows = try await sql.query(SQLStatement("""
            SELECT d.province_code, p.level, COUNT(*),
                SUM(CASE WHEN d.channel IN ('online', 'online-portal') THEN 1 ELSE 0 END),
                SUM(CASE WHEN w.at IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.at IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.at IS NOT NULL AND f.at <= d.due_at AND COALESCE(s.n, 0) <= 1 THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.at IS NULL AND w.at IS NULL AND d.due_at < \(end)
                         AND d.status NOT IN ('awaitingSupplement', 'awaitingPayment') THEN 1 ELSE 0 END)
            FROM dossiers d
            JOIN procedures p ON p.code = d.procedure_code AND p.valid_from = d.procedure_valid_from
            JOIN \(first("'receive'", before: false)) r ON r.province_code = d.province_code AND r.dossier_code = d.code
            LEFT JOIN \(first("'resolve', 'stop'", before: true)) f ON f.province_code = d.province_code AND f.dossier_code = d.code
            LEFT JOIN \(first("'withdraw'", before: true)) w ON w.province_code = d.province_code AND w.dossier_code = d.code
            LEFT JOIN (SELECT province_code, dossier_code, COUNT(*) AS n FROM dossier_events WHERE kind = 'requestSupplement'
                       GROUP BY province_code, dossier_code) s ON s.province_code = d.province_code AND s.dossier_code = d.code
            WHERE r.at >= \(start) AND r.at < \(end)
            GROUP BY d.province_code, p.level
            """))
        #expect(!rows.isEmpty)
        let report = try await reports.indicators(Self.request(by: "province,level"))
        #expect(report.rows.count == rows.count)
        for row in rows {
            let province = row[0].text ?? "", level = row[1].text ?? ""
            let figures = row.dropFirst(2).map { $0.integer ?? 0 }
            let reported = try #require(report.rows.first { $0.group["province"] == province && $0.group["level"] == level })
            #expect(
                [reported.received, reported.receivedOnline, reported.cohort.withdrawn, reported.resolved, reported.onTime, reported.pendingOverdue]
                    == figures,
                "province \(province), \(level)"
            )
        }
    }
}
