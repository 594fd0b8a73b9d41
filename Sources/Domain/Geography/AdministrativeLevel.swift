/// The tier of an administrative unit. Districts exist only before 1 July 2025.
public enum AdministrativeLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case province
    case district
    case commune

    public static func < (lhs: AdministrativeLevel, rhs: AdministrativeLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    public var rank: Int {
        switch self {
        case .province: 0
        case .district: 1
        case .commune: 2
        }
    }

    /// How many digits the national code list gives this level.
    public var codeLength: Int {
        switch self {
        case .province: 2
        case .district: 3
        case .commune: 5
        }
    }

    /// The level a code of this length names, if any.
    public static func forCode(_ code: String) -> AdministrativeLevel? {
        guard code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return allCases.first { $0.codeLength == code.utf8.count }
    }
}
