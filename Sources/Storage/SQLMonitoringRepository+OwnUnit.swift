import Domain

/// A province's own unit's page of a breakdown by unit, answered from the rollups. From the competent
/// unit's perspective that unit's dossiers are those of the provincial level: a filing gives a provincial
/// procedure the province as its competent unit and a commune's procedure a commune
/// (`DossierService.reception`), and the generator does the same. The rollups hold the level, not the
/// unit, so the page is the request without the unit, of the provincial level, with the province put
/// back as each row's unit. The page read the detail before: the province's provincial procedures,
/// nearly a detail row each, 308–374 ms at scale 1.0 where the communes' pages took ~50 (BENCHMARKS.md).
extension SQLMonitoringRepository {
    /// The request that answers `request`'s own-unit page from a rollup, or nil when it is not such a
    /// page or no rollup holds the rest of its dimensions.
    static func ownUnitRequest(_ request: ReportRequest) -> ReportRequest? {
        guard request.perspective == .competent, let page = request.page, page.units == [page.province],
              request.by.contains(.unit), !request.filters.contains(where: { $0.dimension == .unit }),
              request.filters.allSatisfy({ $0.dimension != .province || $0.value == page.province }) else { return nil }
        var whole = request
        whole.page = nil
        whole.by.removeAll { $0 == .unit }
        // A level filter of the commune's stays beside this one, and the answer is empty, as it is.
        whole.filters = request.filters.filter { $0.dimension != .province }
            + [ReportFilter(.province, page.province), ReportFilter(.level, ProcedureVersion.Level.province.rawValue)]
        return readsDetail(whole, useGranuleRollups: true) ? nil : whole
    }

    /// `sums` of the own-unit request, keyed as `request`'s rows: the province where the unit goes.
    static func withOwnUnit<Value>(_ sums: [[String]: Value], _ request: ReportRequest) -> [[String]: Value] {
        guard let position = request.by.firstIndex(of: .unit), let province = request.page?.province else { return sums }
        var keyed: [[String]: Value] = Dictionary(minimumCapacity: sums.count)
        for (key, value) in sums {
            var full = key
            full.insert(province, at: position)
            keyed[full] = value
        }
        return keyed
    }

    /// Whether every dossier of `province` counted in the months of `from`…`to` is the province's own
    /// unit's exactly when its procedure is of the provincial level. An import takes the level from the
    /// catalogue and the unit from the old system's record, which may disagree; then the page reads the
    /// detail. The unit rollup's month rows hold every dossier counted in the month (its receipt or
    /// submission is counted there), a few hundred rows of a province.
    func levelsFollowUnits(province: String, from: LocalDate, to: LocalDate) async throws -> Bool {
        var months: [String] = []
        var month = LocalDate(year: from.year, month: from.month, day: 1)!
        while month <= to {
            months.append("m\(DayGranules.monthText(month))")
            month = month.adding(months: 1)
        }
        let own = province + GranuleRollups.separator
        let rows = try await executor.readQuery(SQLStatement(
            """
            SELECT 1 FROM daily_granules WHERE rollup = ? AND \(Self.granuleCondition(months.count)) AND province_code = ?
            AND (CASE WHEN substr(member, 1, \(own.unicodeScalars.count)) = ? THEN 1 ELSE 0 END) <> (CASE WHEN level = ? THEN 1 ELSE 0 END) LIMIT 1
            """,
            [.text(GranuleRollups.Rollup.unit.rawValue)] + months.map(SQLValue.text)
                + [.text(province), .text(own), .text(ProcedureVersion.Level.province.rawValue)]
        ))
        return rows.isEmpty
    }

    /// The own-unit request of `request`, when the rollups may answer it.
    func ownUnit(_ request: ReportRequest) async throws -> ReportRequest? {
        guard useGranuleRollups, let whole = Self.ownUnitRequest(request),
              try await levelsFollowUnits(province: request.page?.province ?? "", from: request.from, to: request.to) else { return nil }
        return whole
    }
}
