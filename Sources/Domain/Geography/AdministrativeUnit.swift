/// The identity of one version of a unit. Codes were carried over by merged units, so the code alone
/// names different units before and after 1 July 2025.
public struct UnitKey: Hashable, Sendable {
    public var level: AdministrativeLevel
    public var code: String
    public var validFrom: LocalDate

    public init(level: AdministrativeLevel, code: String, validFrom: LocalDate) {
        self.level = level
        self.code = code
        self.validFrom = validFrom
    }
}

/// One version of a province, district or commune, valid over a closed range of dates.
public struct AdministrativeUnit: Hashable, Sendable {
    public var level: AdministrativeLevel
    public var code: String
    /// Full name with its type word, NFC: `Phường Ba Đình`.
    public var name: String
    public var type: UnitType
    /// District of a pre-reform commune, province of a district or of a current commune; nil for provinces.
    public var parentCode: String?
    /// The unit's province (a province's own code).
    public var provinceCode: String
    public var validFrom: LocalDate
    public var validTo: LocalDate
    /// Another official spelling or an earlier name in the same period.
    public var altName: String?
    /// Class at the date the unit was looked up at.
    public var unitClass: UnitClass?

    public init(
        level: AdministrativeLevel, code: String, name: String, type: UnitType, parentCode: String?,
        provinceCode: String, validFrom: LocalDate, validTo: LocalDate, altName: String? = nil,
        unitClass: UnitClass? = nil
    ) {
        self.level = level
        self.code = code
        self.name = name
        self.type = type
        self.parentCode = parentCode
        self.provinceCode = provinceCode
        self.validFrom = validFrom
        self.validTo = validTo
        self.altName = altName
        self.unitClass = unitClass
    }

    public var key: UnitKey { UnitKey(level: level, code: code, validFrom: validFrom) }
    public var shortName: String { type.shortName(of: name) }
    /// Fold key of the name without its type word, the one name searches match.
    public var nameFold: String { FoldKey.fold(shortName) }
    /// Fold key of the full name.
    public var fullFold: String { FoldKey.fold(name) }

    public func isValid(at date: LocalDate) -> Bool { validFrom <= date && date <= validTo }
}

/// The dates the two-tier reform put in force.
public enum Reform {
    /// The first day of the two-tier system.
    public static let effectiveDate = LocalDate(year: 2025, month: 7, day: 1)!
    /// The last day of the province–district–commune system.
    public static let lastLegacyDate = LocalDate(year: 2025, month: 6, day: 30)!
}
