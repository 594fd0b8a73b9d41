import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

/// The bookkeeping reports as tables: every kind in every format, the groupings each offers, and the
/// redundancy register's rights and masking.
struct BookkeepingExportTests {
    @Test("every report renders as JSON with all its tables, CSV of one table and a workbook; bad groupings and tables are refused")
    func everyKind() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        _ = try await identity.seedAgencies()
        _ = try await AgencyGenerator(store: store).run()
        _ = try await PublicServiceUnitGenerator(store: store, seed: 1).run()
        let padmin = try #require(users["padmin"])
        _ = try await RedundancyService(store: store, now: { clock.now }).importCases(
            csv: RedundancyServiceTests.header + "\n01-A1,00004,Nguyễn Văn An,civilServant,1/QĐ-UBND,2025-07-01,300000000,2025-07-05,,,,\n", by: padmin
        )
        let export = BookkeepingExport(store: store, now: { clock.now })
        for kind in BookkeepingExport.Kind.allCases where kind != .redundancyCases {
            let sheets = try await export.sheets(kind, scope: "province:01", reader: .commandLine)
            #expect(!sheets.isEmpty)
            for sheet in sheets { #expect(sheet.table.rows.allSatisfy { $0.count == sheet.table.headers.count }, "\(kind) \(sheet.name)") }
            let json = try JSONSerialization.jsonObject(with: try export.render(sheets, kind: kind, scope: "province:01", format: .json)) as? [String: Any]
            let names = (json?["sheets"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(json?["kind"] as? String == kind.rawValue && names == sheets.map(\.name))
            let csv = String(decoding: try export.render(sheets, kind: kind, scope: "province:01", format: .csv, bom: true), as: UTF8.self)
            #expect(csv.hasPrefix("\u{FEFF}" + sheets[0].table.headers[0]))
            let workbook = try export.render(sheets, kind: kind, scope: "province:01", format: .xlsx)
            #expect(Array(workbook.prefix(2)) == [0x50, 0x4B])
            for grouping in kind.groupings { _ = try await export.sheets(kind, scope: "commune:00004", by: grouping, reader: .commandLine) }
        }
        let agencies = try await export.sheets(.agencies, scope: "nation", reader: .commandLine)[0].table
        #expect(agencies.rows.last?[0] == .text("Tổng cộng") && agencies.rows.last?[2] == .integer(465) && agencies.rows.last?[3] == .integer(9_916))
        let units = try await export.sheets(.publicServiceUnits, scope: "nation", by: "sector", reader: .commandLine)[0].table
        #expect(units.rows.last?[2] == .integer(3_321 * 5))
        let staffing = try await export.sheets(.staffing, scope: "commune:00004", reader: .commandLine)
        #expect(staffing.map(\.name) == ["Thừa thiếu"], "no rotations within one commune")
        await #expect(throws: AppError.invalid("by", "Nhóm theo “district” không hợp lệ; dùng province, unit")) {
            _ = try await export.sheets(.agencies, scope: "nation", by: "district", reader: .commandLine)
        }
        await #expect(throws: AppError.invalid("by", "Báo cáo này không nhóm theo chiều nào")) {
            _ = try await export.sheets(.obstacles, scope: "nation", by: "unit", reader: .commandLine)
        }
        let sheets = try await export.sheets(.facilities, scope: "nation", reader: .commandLine)
        #expect(throws: AppError.self) { _ = try export.render(sheets, kind: .facilities, scope: "nation", format: .csv, sheet: 4) }
        #expect(try export.render(sheets, kind: .facilities, scope: "nation", format: .csv, sheet: 3) == sheets[2].table.csv(bom: false))
        try await store.close()
    }

    @Test("the redundancy register: signed-in readers with bookkeeping rights only, names masked without the right to personal data")
    func register() async throws {
        let (identity, clock, users) = try await GrantWorkflowTests.setUp()
        let store = identity.store
        let padmin = try #require(users["padmin"])
        _ = try await RedundancyService(store: store, now: { clock.now }).importCases(
            csv: RedundancyServiceTests.header + "\n01-A1,00004,Nguyễn Văn An,civilServant,1/QĐ-UBND,2025-07-01,300000000,2025-07-05,290000000,2025-07-20,,\n",
            by: padmin
        )
        let monitor = try await identity.addUser(.init(
            username: "monitor", fullName: "monitor", password: "Đủ-Mạnh-2026-x", roles: ["nationalMonitor"], unitCode: "01"
        ), by: nil)
        let export = BookkeepingExport(store: store, now: { clock.now })
        func names(_ reader: BookkeepingExport.Reader) async throws -> [ReportTable.Cell] {
            try await export.sheets(.redundancyCases, scope: "province:01", reader: reader)[0].table.rows.map { $0[3] }
        }
        #expect(try await names(.commandLine) == [.text("Nguyễn Văn An")])
        #expect(try await names(.caller(padmin)) == [.text("Nguyễn Văn An")])
        #expect(try await names(.caller(monitor)) == [.text("Nguyễn V. A.")])
        await #expect(throws: AppError.self, "not signed in") { _ = try await names(.caller(nil)) }
        await #expect(throws: AppError.self, "a clerk has no bookkeeping rights") { _ = try await names(.caller(users["clerk"])) }
        let row = try await export.sheets(.redundancyCases, scope: "commune:00004", reader: .commandLine)[0].table.rows[0]
        #expect(row[7] == .text("Đã duyệt kinh phí") && row[8] == .integer(300_000_000) && row[10] == .integer(290_000_000) && row[12] == .text(""))
        try await store.close()
    }
}
