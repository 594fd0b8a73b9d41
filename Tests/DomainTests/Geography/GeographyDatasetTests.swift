import Domain
import Testing

struct GeographyDatasetTests {
    /// The counts of `shared/data/README.md`, the data's own documentation.
    @Test("the shipped files hold the documented units per level and type")
    func counts() {
        var counts: [String: Int] = [:]
        for unit in ReferenceGeography.dataset.units {
            let era = unit.isValid(at: Reform.effectiveDate) ? "current" : "legacy"
            counts["\(era) \(unit.level.rawValue) \(unit.type.rawValue)", default: 0] += 1
        }
        #expect(counts == [
            "current province tinh": 28, "current province thanh_pho_truc_thuoc_trung_uong": 6,
            "current commune xa": 2621, "current commune phuong": 687, "current commune dac_khu": 13,
            "legacy province tinh": 57, "legacy province thanh_pho_truc_thuoc_trung_uong": 6,
            "legacy district huyen": 508, "legacy district thanh_pho": 87, "legacy district thi_xa": 52,
            "legacy district quan": 49,
            "legacy commune xa": 7692, "legacy commune phuong": 1726, "legacy commune thi_tran": 617,
        ])
        #expect(ReferenceGeography.dataset.lineage.count == 10_633)
    }

    @Test("a code names different units before and after 1 July 2025")
    func carriedCodes() {
        let versions = ReferenceGeography.dataset.units.filter { $0.code == "00004" }
        #expect(versions.count == 2)
        #expect(versions.first { $0.isValid(at: Reform.lastLegacyDate) }?.name == "Phường Trúc Bạch")
        #expect(versions.first { $0.isValid(at: Reform.effectiveDate) }?.name == "Phường Ba Đình")
    }

    @Test("malformed files are refused with the file and line")
    func malformed() {
        let header = "code,name,type,province_code\n"
        #expect(throws: GeographyError.malformedRow(file: "units-2025.csv", line: 2, reason: "unknown type xyz")) {
            _ = try GeographyDataset(currentCSV: header + "01,Hà Nội,xyz,\n", legacyCSV: Self.legacyHeader, lineageCSV: Self.lineageHeader)
        }
        #expect(throws: GeographyError.malformedRow(file: "units-2025.csv", line: 2, reason: "bad commune code 123")) {
            _ = try GeographyDataset(currentCSV: header + "123,Xã A,xa,01\n", legacyCSV: Self.legacyHeader, lineageCSV: Self.lineageHeader)
        }
        #expect(throws: GeographyError.malformedRow(file: "units-2025.csv", line: 1, reason: "missing column province_code")) {
            _ = try GeographyDataset(currentCSV: "code,name,type\n", legacyCSV: Self.legacyHeader, lineageCSV: Self.lineageHeader)
        }
    }

    static let legacyHeader = "level,code,name,type,parent_code,province_code,alt_name\n"
    static let lineageHeader = "level,old_code,old_name,old_province_code,new_code,new_name,new_province_code,split,partial,sources\n"

    @Test("default classes follow the unit type")
    func defaultClasses() {
        #expect(UnitClass.defaultClass(for: .phuong) == .urban)
        #expect(UnitClass.defaultClass(for: .dacKhu) == .island)
        #expect(UnitClass.defaultClass(for: .xa) == .rural)
        #expect(UnitClass.defaultClass(for: .tinh) == nil)
    }
}
