import Domain
import Testing

/// A paged breakdown is right only if every code falls in exactly one page, and each group in one page.
struct ReportPageTests {
    static let july = (LocalDate(year: 2025, month: 7, day: 1)!, LocalDate(year: 2025, month: 7, day: 31)!)
    static let units = ["01": ["00004", "00001", "00008", "01", "00007"], "79": ["26734", "79"], "92": ["92"]]

    static func request(_ by: [ReportDimension], _ filters: [ReportFilter] = []) -> ReportRequest {
        ReportRequest(filters: filters, from: july.0, to: july.1, by: by)
    }

    /// Whether `code` of `province` is on `page`, as the store's conditions select it.
    static func holds(_ page: ReportPage, _ province: String, _ code: String) -> Bool {
        page.province == province && page.fromUnit.map { code >= $0 } ?? true && page.belowUnit.map { code < $0 } ?? true
    }

    @Test("a breakdown by unit: ranges of the province's units in code order, each code (known or not) on exactly one page")
    func unitRanges() throws {
        let pages = try #require(ReportPage.plan(Self.request([.procedure, .unit]), provinces: ["92", "79", "01"], units: Self.units, unitsPerPage: 2))
        #expect(pages == [
            ReportPage(province: "01", belowUnit: "00007"), ReportPage(province: "01", fromUnit: "00007", belowUnit: "01"),
            ReportPage(province: "01", fromUnit: "01"), ReportPage(province: "79"), ReportPage(province: "92"),
        ])
        // Codes the gazetteer does not list, before, between and after its own.
        for (province, code) in [("01", "00000"), ("01", "00004"), ("01", "00005"), ("01", "00999"), ("01", "01"), ("01", "02"), ("01", "zz"),
                                 ("79", "00001"), ("79", "26734"), ("92", "92")] {
            #expect(pages.count { Self.holds($0, province, code) } == 1, "\(province) \(code)")
        }
        #expect(ReportPage.plan(Self.request([.unit, .day]), provinces: ["01"], units: Self.units, unitsPerPage: 1)?.count == 5)
        // Listed twice, a unit is one code.
        #expect(ReportPage.plan(Self.request([.unit]), provinces: ["79"], units: ["79": ["79", "79"]], unitsPerPage: 1)?.count == 1)
    }

    @Test("by agency or province: whole provinces, those of the scope only; a breakdown whose groups span provinces or units is not cut")
    func wholeProvinces() {
        #expect(ReportPage.plan(Self.request([.channel, .agency]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)
            == [ReportPage(province: "01"), ReportPage(province: "79")])
        #expect(ReportPage.plan(Self.request([.province, .day]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)?.count == 2)
        #expect(ReportPage.plan(Self.request([.procedure, .unit], [ReportFilter(.province, "79")]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)
            == [ReportPage(province: "79", belowUnit: "79"), ReportPage(province: "79", fromUnit: "79")])
        for by: [ReportDimension] in [[.procedure, .day], [.unitClass, .procedure], [.field, .week], []] {
            #expect(ReportPage.plan(Self.request(by), provinces: ["01"], units: Self.units, unitsPerPage: 1) == nil, "\(by)")
        }
        #expect(ReportPage.plan(Self.request([.procedure, .unit], [ReportFilter(.unit, "00004")]), provinces: ["01"], units: Self.units, unitsPerPage: 1) == nil)
    }
}
