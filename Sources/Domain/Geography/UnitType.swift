/// The type of an administrative unit, spelled as in the national code list's data.
public enum UnitType: String, Sendable, CaseIterable, Codable {
    case tinh
    case thanhPhoTrucThuocTrungUong = "thanh_pho_truc_thuoc_trung_uong"
    case huyen
    case thanhPho = "thanh_pho"
    case thiXa = "thi_xa"
    case quan
    case xa
    case phuong
    case thiTran = "thi_tran"
    case dacKhu = "dac_khu"

    public var level: AdministrativeLevel {
        switch self {
        case .tinh, .thanhPhoTrucThuocTrungUong: .province
        case .huyen, .thanhPho, .thiXa, .quan: .district
        case .xa, .phuong, .thiTran, .dacKhu: .commune
        }
    }

    /// The type word that starts the unit's full name (`Phường Ba Đình`).
    public var typeWord: String {
        switch self {
        case .tinh: "Tỉnh"
        case .thanhPhoTrucThuocTrungUong, .thanhPho: "Thành phố"
        case .huyen: "Huyện"
        case .thiXa: "Thị xã"
        case .quan: "Quận"
        case .xa: "Xã"
        case .phuong: "Phường"
        case .thiTran: "Thị trấn"
        case .dacKhu: "Đặc khu"
        }
    }

    /// The name without its type word: `Phường Ba Đình` → `Ba Đình`.
    public func shortName(of fullName: String) -> String {
        let word = typeWord
        if fullName.count > word.count, fullName.lowercased().hasPrefix(word.lowercased() + " ") {
            return String(fullName.dropFirst(word.count + 1))
        }
        return fullName
    }
}
