/// Where an officer's authority reaches: a commune, a province with all its communes, or the nation.
public enum Scope: Hashable, Sendable {
    case commune(code: String, province: String)
    case province(String)
    case nation

    /// Whether a place lies inside the scope.
    public func contains(_ place: Place) -> Bool {
        switch (self, place) {
        case (.nation, _): true
        case (.province(let code), _): place.provinceCode == code
        case (.commune(let code, _), .commune(let placeCode, _)): code == placeCode
        case (.commune, .province), (.commune, .nation): false
        }
    }
}

/// Where a resource sits: a commune, a province (its provincial agencies, province-level dossiers),
/// or nowhere in particular (national figures).
public enum Place: Hashable, Sendable {
    case commune(code: String, province: String)
    case province(String)
    case nation

    public var provinceCode: String? {
        switch self {
        case .commune(_, let province): province
        case .province(let code): code
        case .nation: nil
        }
    }
}
