/// A part of a breakdown that no rollup holds, so that it can be answered a part at a time: one
/// province's rows, or those of some of its units. Nationwide, such a breakdown (`by=procedure,commune`)
/// has ~134,000 rows at full scale and reads the detailed counters for seconds; a page reads only its
/// units' rows.
public struct ReportPage: Hashable, Sendable {
    public var province: String
    /// The page's units (nil: all of the province's). A list rather than a range of codes: a province
    /// made of several pre-reform ones has its communes' codes in several runs, with other provinces'
    /// between them, and its own code apart.
    public var units: [String]?

    public init(province: String, units: [String]? = nil) {
        self.province = province
        self.units = units
    }

    /// The pages of a breakdown, in the order of their groups' provinces and units, or nil when its
    /// groups do not each lie in one page: only a breakdown by unit, agency or province keeps a group
    /// within one province (every unit and agency belongs to one), and only one by unit, or by agency
    /// from the competent unit's perspective, within one unit: a dossier's competent agency is one of
    /// its competent unit's (filings, imports and the generator all take it there), where its receiving
    /// unit may be another. Such a breakdown is cut into `unitsPerPage` of the province's `units` at a
    /// time (its communes and the province itself, which is the unit of its provincial procedures: every
    /// counter's unit is one of them, as filings and imports check); the others into whole provinces —
    /// Hồ Chí Minh City's agencies by channel as one page took ~1 s at full scale (BENCHMARKS.md). A
    /// scope of one unit is not cut: its rows are few. The province's own unit, whose provincial
    /// procedures made it the slowest page, is a page of its own, so that no commune's rows wait for it
    /// and the store may answer it as the province's provincial level, which its rollups hold.
    ///
    /// `provinces` are the current provinces' codes; `units` the codes of each one's units. `agency` is
    /// the unit and province of the agency the request is scoped to, when it is scoped to a known one:
    /// its dossiers lie in its province, and from the competent unit's perspective in its unit, so its
    /// breakdown is that province's pages, or that unit's one page, not every province's.
    public static func plan(
        _ request: ReportRequest, provinces: [String], units: [String: [String]], unitsPerPage: Int,
        agency: (unit: String, province: String)? = nil
    ) -> [ReportPage]? {
        let byAgency = request.by.contains(.agency)
        let byUnit = request.by.contains(.unit) || (byAgency && request.perspective == .competent)
        guard byUnit || byAgency || request.by.contains(.province),
              !request.filters.contains(where: { $0.dimension == .unit }) else { return nil }
        var scoped = request.filters.first { $0.dimension == .province }.map { [$0.value] } ?? provinces.sorted()
        if let agency, scoped.contains(agency.province) {
            if request.perspective == .competent { return [ReportPage(province: agency.province, units: [agency.unit])] }
            scoped = [agency.province]
        }
        var pages: [ReportPage] = []
        for province in scoped {
            let codes = Set(units[province] ?? []).sorted()
            guard byUnit, codes.count > unitsPerPage else {
                pages.append(ReportPage(province: province))
                continue
            }
            // Runs of communes between which the province's own code falls, each cut into pages.
            var run: [String] = []
            func flush() {
                for start in stride(from: 0, to: run.count, by: max(1, unitsPerPage)) {
                    pages.append(ReportPage(province: province, units: Array(run[start..<min(start + unitsPerPage, run.count)])))
                }
                run = []
            }
            for code in codes {
                if code == province {
                    flush()
                    pages.append(ReportPage(province: province, units: [code]))
                } else {
                    run.append(code)
                }
            }
            flush()
        }
        return pages
    }
}
