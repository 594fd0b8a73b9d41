/// A part of a breakdown that no rollup holds, so that it can be answered a part at a time: one
/// province's rows, or those of a range of its units' codes. Nationwide, such a breakdown
/// (`by=procedure,commune`) has ~134,000 rows at full scale and reads the detailed counters for seconds;
/// a page reads only its units' rows.
public struct ReportPage: Hashable, Sendable {
    public var province: String
    /// The units whose codes are at least `fromUnit` (nil: from the first) and below `belowUnit` (nil:
    /// to the last), in the order the engines compare text. Ranges rather than lists of codes, so that
    /// a unit the gazetteer does not know is still on a page.
    public var fromUnit: String?
    public var belowUnit: String?

    public init(province: String, fromUnit: String? = nil, belowUnit: String? = nil) {
        self.province = province
        self.fromUnit = fromUnit
        self.belowUnit = belowUnit
    }

    /// The pages of a breakdown, in the order of their groups' provinces and units, or nil when its
    /// groups do not each lie in one page: only a breakdown by unit, agency or province keeps a group
    /// within one province (every unit and agency belongs to one), and only one by unit within one
    /// unit. A breakdown by unit is cut into ranges of `unitsPerPage` of the province's `units` (its
    /// communes and the province itself, which is the unit of its provincial procedures); the others
    /// into whole provinces. A scope of one unit is not cut: its rows are few.
    ///
    /// `provinces` are the current provinces' codes; `units` the codes of each one's units.
    public static func plan(
        _ request: ReportRequest, provinces: [String], units: [String: [String]], unitsPerPage: Int
    ) -> [ReportPage]? {
        let byUnit = request.by.contains(.unit)
        guard byUnit || request.by.contains(.agency) || request.by.contains(.province),
              !request.filters.contains(where: { $0.dimension == .unit }) else { return nil }
        let scoped = request.filters.first { $0.dimension == .province }.map { [$0.value] } ?? provinces.sorted()
        var pages: [ReportPage] = []
        for province in scoped {
            let codes = Set(units[province] ?? []).sorted()
            guard byUnit, codes.count > unitsPerPage else {
                pages.append(ReportPage(province: province))
                continue
            }
            let starts = stride(from: 0, to: codes.count, by: max(1, unitsPerPage)).map { codes[$0] }
            for (index, start) in starts.enumerated() {
                pages.append(ReportPage(
                    province: province, fromUnit: index == 0 ? nil : start, belowUnit: index + 1 < starts.count ? starts[index + 1] : nil
                ))
            }
        }
        return pages
    }
}
