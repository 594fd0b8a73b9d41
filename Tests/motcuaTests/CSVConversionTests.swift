@testable import motcua
import Domain
import Foundation
import Testing

struct CSVConversionTests {
    static let converter: AddressConverter = {
        let units = [
            AdministrativeUnit(level: .province, code: "01", name: "Thành phố Hà Nội", type: .thanhPhoTrucThuocTrungUong,
                               parentCode: nil, provinceCode: "01", validFrom: .distantPast, validTo: Reform.lastLegacyDate),
            AdministrativeUnit(level: .district, code: "001", name: "Quận Ba Đình", type: .quan,
                               parentCode: "01", provinceCode: "01", validFrom: .distantPast, validTo: Reform.lastLegacyDate),
            AdministrativeUnit(level: .commune, code: "00004", name: "Phường Trúc Bạch", type: .phuong,
                               parentCode: "001", provinceCode: "01", validFrom: .distantPast, validTo: Reform.lastLegacyDate),
            AdministrativeUnit(level: .province, code: "01", name: "Thành phố Hà Nội", type: .thanhPhoTrucThuocTrungUong,
                               parentCode: nil, provinceCode: "01", validFrom: Reform.effectiveDate, validTo: .distantFuture),
            AdministrativeUnit(level: .commune, code: "00004", name: "Phường Ba Đình", type: .phuong,
                               parentCode: "01", provinceCode: "01", validFrom: Reform.effectiveDate, validTo: .distantFuture),
        ]
        let lineage = [
            LineageEdge(level: .commune, oldCode: "00004", oldName: "Phường Trúc Bạch", oldProvinceCode: "01", newCode: "00004",
                        newName: "Phường Ba Đình", newProvinceCode: "01", split: false, partial: false, sources: ["test"]),
        ]
        return AddressConverter(gazetteer: Gazetteer(units: units, lineage: lineage))
    }()

    @Test("every row keeps its columns and gets its answer, in order, whatever the chunking")
    func convertsInOrder() throws {
        var lines = "id,address\n"
        for index in 0..<5_000 {
            lines += index % 2 == 0 ? "\(index),\"P. Trúc Bạch, Q. Ba Đình, Hà Nội\"\n" : "\(index),nowhere\n"
        }
        var job = try CSVConversion(data: Array(lines.utf8), column: "address", hasHeader: true)
        let output = String(decoding: job.run(converter: Self.converter, progress: ProgressBar("convert", total: 5_000, enabled: false)), as: UTF8.self)
        let rows = CSV.parse(output)
        #expect(rows.count == 5_001)
        #expect(rows[0] == ["id", "address"] + CSVConversion.added)
        for (index, row) in rows.dropFirst().enumerated() {
            #expect(row[0] == String(index))
            #expect(row[2] == (index % 2 == 0 ? "converted" : "notFound"))
        }
        #expect(job.summary == "5000 rows: 2500 converted, 0 ambiguous, 2500 not found\n")
    }

    @Test("a column is named by number or header, and a wrong one is refused")
    func columns() throws {
        let data = Array("a,b\n1,2\n".utf8)
        #expect(try CSVConversion(data: data, column: "2", hasHeader: true).column == 1)
        #expect(try CSVConversion(data: data, column: "b", hasHeader: true).column == 1)
        #expect(throws: CommandFailure.self) { try CSVConversion(data: data, column: "c", hasHeader: true) }
        #expect(throws: CommandFailure.self) { try CSVConversion(data: data, column: "0", hasHeader: true) }
    }
}
