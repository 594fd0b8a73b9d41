/// The class of a unit that reports and finance rules split by. A setting: the defaults follow the unit
/// type, and each unit's class can be changed from a date on, keeping the earlier versions.
public enum UnitClass: String, Sendable, CaseIterable, Codable {
    case urban
    case rural
    case mountainous
    case island

    public var vietnamese: String {
        switch self {
        case .urban: "Đô thị"
        case .rural: "Nông thôn"
        case .mountainous: "Miền núi"
        case .island: "Hải đảo"
        }
    }

    /// The class a unit has until someone records another: phường and thị trấn urban, đặc khu island,
    /// xã rural. Provinces and districts have no default.
    public static func defaultClass(for type: UnitType) -> UnitClass? {
        switch type {
        case .phuong, .thiTran: .urban
        case .dacKhu: .island
        case .xa: .rural
        default: nil
        }
    }
}

/// One recorded change of a unit's class, effective from a date on.
public struct UnitClassAssignment: Sendable, Equatable {
    public var unit: UnitKey
    public var unitClass: UnitClass
    public var validFrom: LocalDate
    public var source: String

    public init(unit: UnitKey, unitClass: UnitClass, validFrom: LocalDate, source: String) {
        self.unit = unit
        self.unitClass = unitClass
        self.validFrom = validFrom
        self.source = source
    }
}
