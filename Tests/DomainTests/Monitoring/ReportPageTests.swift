import Domain
import Testing

/// A paged breakdown is right only if every unit is on exactly one page, and each group on one page.
struct ReportPageTests {
    static let july = (LocalDate(year: 2025, month: 7, day: 1)!, LocalDate(year: 2025, month: 7, day: 31)!)
    /// Hà Nội's own code falls among its communes' codes, as in the gazetteer.
    static let units = ["01": ["00004", "00001", "01003", "00008", "01", "00007"], "79": ["26734", "79"], "92": ["92"]]

    static func request(_ by: [ReportDimension], _ filters: [ReportFilter] = []) -> ReportRequest {
        ReportRequest(filters: filters, from: july.0, to: july.1, by: by)
    }

    @Test("a breakdown by unit: the province's units in code order, so many a page, each on exactly one, the province's own alone")
    func unitPages() throws {
        let pages = try #require(ReportPage.plan(Self.request([.procedure, .unit]), provinces: ["92", "79", "01"], units: Self.units, unitsPerPage: 2))
        #expect(pages == [
            ReportPage(province: "01", units: ["00001", "00004"]), ReportPage(province: "01", units: ["00007", "00008"]),
            ReportPage(province: "01", units: ["01"]), ReportPage(province: "01", units: ["01003"]), ReportPage(province: "79"),
            ReportPage(province: "92"),
        ])
        for (province, codes) in Self.units {
            for code in codes {
                #expect(pages.count { $0.province == province && ($0.units?.contains(code) ?? true) } == 1, "\(province) \(code)")
            }
        }
        #expect(ReportPage.plan(Self.request([.unit, .day]), provinces: ["01"], units: Self.units, unitsPerPage: 1)?.count == 6)
        #expect(ReportPage.plan(Self.request([.unit, .day]), provinces: ["01"], units: Self.units, unitsPerPage: 5)
            == [ReportPage(province: "01", units: ["00001", "00004", "00007", "00008"]), ReportPage(province: "01", units: ["01"]),
                ReportPage(province: "01", units: ["01003"])])
        // Listed twice, a unit is one code.
        #expect(ReportPage.plan(Self.request([.unit]), provinces: ["79"], units: ["79": ["79", "79"]], unitsPerPage: 1)?.count == 1)
    }

    @Test("by agency: the competent units' pages, as a competent agency is one of its unit's; from the receiving units', whole provinces")
    func agencyPages() {
        #expect(ReportPage.plan(Self.request([.channel, .agency]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 3) == [
            ReportPage(province: "01", units: ["00001", "00004", "00007"]), ReportPage(province: "01", units: ["00008"]),
            ReportPage(province: "01", units: ["01"]), ReportPage(province: "01", units: ["01003"]), ReportPage(province: "79"),
        ])
        var receiving = Self.request([.channel, .agency])
        receiving.perspective = .receiving
        #expect(ReportPage.plan(receiving, provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)
            == [ReportPage(province: "01"), ReportPage(province: "79")])
        receiving.by = [.agency, .unit]
        #expect(ReportPage.plan(receiving, provinces: ["79"], units: Self.units, unitsPerPage: 1)
            == [ReportPage(province: "79", units: ["26734"]), ReportPage(province: "79", units: ["79"])])
    }

    @Test("a scope of one agency: its unit's one page from the competent unit's perspective, its province's pages from the receiving one's")
    func agencyScope() {
        let scope = [ReportFilter(.agency, "001.05.01.H01")], agency = (unit: "00004", province: "01")
        for by: [ReportDimension] in [[.procedure, .unit], [.channel, .agency], [.province, .field]] {
            #expect(ReportPage.plan(Self.request(by, scope), provinces: ["79", "01"], units: Self.units, unitsPerPage: 2, agency: agency)
                == [ReportPage(province: "01", units: ["00004"])], "\(by)")
        }
        var receiving = Self.request([.procedure, .unit], scope)
        receiving.perspective = .receiving
        #expect(ReportPage.plan(receiving, provinces: ["79", "01"], units: Self.units, unitsPerPage: 4, agency: agency)
            == [ReportPage(province: "01", units: ["00001", "00004", "00007", "00008"]), ReportPage(province: "01", units: ["01"]),
                ReportPage(province: "01", units: ["01003"])])
        receiving.by = [.channel, .agency]
        #expect(ReportPage.plan(receiving, provinces: ["79", "01"], units: Self.units, unitsPerPage: 4, agency: agency) == [ReportPage(province: "01")])
        // An agency not known, or outside the scope's province: every page of the scope, as before.
        #expect(ReportPage.plan(Self.request([.procedure, .unit], scope), provinces: ["79", "01"], units: Self.units, unitsPerPage: 10)?.count == 2)
        let elsewhere = Self.request([.procedure, .unit], scope + [ReportFilter(.province, "79")])
        #expect(ReportPage.plan(elsewhere, provinces: ["79", "01"], units: Self.units, unitsPerPage: 10, agency: agency) == [ReportPage(province: "79")])
    }

    @Test("by province: whole provinces, those of the scope only; a breakdown whose groups span provinces or units is not cut")
    func wholeProvinces() {
        #expect(ReportPage.plan(Self.request([.province, .day]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)?.count == 2)
        #expect(ReportPage.plan(Self.request([.procedure, .unit], [ReportFilter(.province, "79")]), provinces: ["79", "01"], units: Self.units, unitsPerPage: 1)
            == [ReportPage(province: "79", units: ["26734"]), ReportPage(province: "79", units: ["79"])])
        for by: [ReportDimension] in [[.procedure, .day], [.unitClass, .procedure], [.field, .week], []] {
            #expect(ReportPage.plan(Self.request(by), provinces: ["01"], units: Self.units, unitsPerPage: 1) == nil, "\(by)")
        }
        #expect(ReportPage.plan(Self.request([.procedure, .unit], [ReportFilter(.unit, "00004")]), provinces: ["01"], units: Self.units, unitsPerPage: 1) == nil)
    }
}
