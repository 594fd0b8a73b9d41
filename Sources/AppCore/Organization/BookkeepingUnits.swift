import Domain
import Storage

/// The units a bookkeeping request names: scopes parsed and checked against the current units, unit
/// names, and the access policy's answer for a unit. Shared by every bookkeeping service.
struct BookkeepingUnits {
    let store: any Store
    let today: LocalDate

    /// The province and unit codes a scope names, checked against the current units.
    func parse(scope: String?) async throws(AppError) -> (province: String?, unit: String?) {
        let text = scope ?? "nation"
        if text == "nation" { return (nil, nil) }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["province", "commune"].contains(parts[0]),
              parts[1].count == (parts[0] == "province" ? 2 : 5), parts[1].allSatisfy(\.isNumber) else {
            throw .invalid("scope", "Phạm vi “\(text)” không hợp lệ; dùng nation, province:MÃ hoặc commune:MÃ")
        }
        guard let province = try await province(ofUnit: parts[1]) else {
            throw .notFound(what: parts[0] == "province" ? "tỉnh" : "xã", code: parts[1])
        }
        return parts[0] == "province" ? (province, nil) : (province, parts[1])
    }

    /// The province of a current unit (itself for a province), or nil when no current unit has the code.
    func province(ofUnit code: String) async throws(AppError) -> String? {
        guard code.count == 2 || code.count == 5, code.allSatisfy(\.isNumber) else { return nil }
        let level: AdministrativeLevel = code.count == 2 ? .province : .commune
        let date = max(today, Reform.effectiveDate)
        return try await storage { try await store.geography.units(code: code, level: level, at: date).first?.provinceCode }
    }

    func name(_ code: String) async throws(AppError) -> String {
        let level: AdministrativeLevel = code.count == 2 ? .province : .commune
        let date = max(today, Reform.effectiveDate)
        return try await storage { try await store.geography.units(code: code, level: level, at: date).first?.name } ?? code
    }

    /// Why the actor may not act on a unit, or nil when they may.
    func denial(_ actor: UserRecord, _ action: Action, unitCode: String?, province: String?) -> String? {
        let place: Place = if let unitCode, unitCode.count == 5, let province { .commune(code: unitCode, province: province) }
            else if let province { .province(province) } else { .nation }
        if case .deny(let reason, _) = AccessPolicy.decide(actor.officer, action, Resource(place: place)) { return reason }
        return nil
    }
}
