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
        let prefix = typeWord + " "
        if fullName.hasPrefix(prefix) {
            return String(fullName.utf8.dropFirst(prefix.utf8.count)) ?? fullName
        }
        // Written with other capitals ("thành phố Huế"): rare, so the slower comparison is fine here.
        if fullName.lowercased().hasPrefix(prefix.lowercased()) {
            return String(fullName.dropFirst(prefix.count))
        }
        return fullName
    }
}
