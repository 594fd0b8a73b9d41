import Domain
import Foundation
import Storage

/// A bookkeeping use case: a store and a clock, from which today and the checks of the units follow.
protocol BookkeepingUseCase {
    var store: any Store { get }
    var now: @Sendable () -> Date { get }
}

extension BookkeepingUseCase {
    var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }
    var today: LocalDate { LocalDate(vietnamTimeOf: now().timeIntervalSince1970) }
    var units: BookkeepingUnits { BookkeepingUnits(store: store, today: today) }
}

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

    /// The names of current provinces and communes by code, for a report's rows: a few read one by one,
    /// many (a nationwide report by commune) with one read of every unit instead of thousands of look-ups.
    func names(_ codes: [String]) async throws(AppError) -> [String: String] {
        let date = max(today, Reform.effectiveDate)
        var names: [String: String] = [:]
        if codes.count <= 64 {
            for code in codes {
                let level: AdministrativeLevel = code.count == 2 ? .province : .commune
                names[code] = try await storage { try await store.geography.units(code: code, level: level, at: date).first?.name }
            }
            return names
        }
        let all = try await storage { try await store.geography.allUnits() }
        for unit in all where unit.level != .district && unit.isValid(at: date) { names[unit.code] = unit.name }
        return names
    }

    /// The current agencies of the rows' provinces, by unit: what a register's `agency_code` is checked
    /// against (a dissolved office takes no new positions).
    func agencies(of rows: [BookkeepingRow]) async throws(AppError) -> [String: Set<String>] {
        let date = max(today, Reform.effectiveDate)
        var agencies: [String: Set<String>] = [:]
        for province in Set(rows.compactMap(\.province)).sorted() {
            let listed = try await storage { try await store.identity.agencies(provinceCode: province, unitCode: nil, offset: 0, limit: 1_000_000) }
            for agency in listed where agency.validFrom <= date && date <= agency.validTo { agencies[agency.unitCode, default: []].insert(agency.code) }
        }
        return agencies
    }

    /// Rows that would move a stored record (same id) from a unit the actor may not manage: refused as
    /// that unit's, so that nobody takes over another unit's records by naming their id.
    func moves(_ rows: [BookkeepingRow], stored: [String: (province: String, unit: String)], actor: UserRecord?) -> [AppError.FieldIssue] {
        guard let actor else { return [] }
        return rows.compactMap { row in
            guard let old = stored[row.value("id")], old.unit != row.unitCode,
                  let denial = denial(actor, .manageBookkeeping, unitCode: old.unit, province: old.province) else { return nil }
            return row.issue("unit_code", denial)
        }
    }

    /// Why the actor may not act on a unit, or nil when they may.
    func denial(_ actor: UserRecord, _ action: Action, unitCode: String?, province: String?) -> String? {
        let place: Place = if let unitCode, unitCode.count == 5, let province { .commune(code: unitCode, province: province) }
            else if let province { .province(province) } else { .nation }
        if case .deny(let reason, _) = AccessPolicy.decide(actor.officer, action, Resource(place: place)) { return reason }
        return nil
    }
}

/// What importing a register changed: rows new, replaced, and the same as stored.
public struct RegisterImportSummary: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}

/// One row of a bookkeeping CSV file, with its unit resolved and checked.
struct BookkeepingRow {
    var number: Int
    var values: [String: String]
    var unitCode: String
    /// The unit's province; nil when no current unit has the code.
    var province: String?
    /// The unit missing, not current, or outside the importer's scope.
    var issues: [AppError.FieldIssue]

    var line: String { "line \(number)" }
    func value(_ name: String) -> String { values[name] ?? "" }
    func issue(_ field: String, _ message: String) -> AppError.FieldIssue { .init("\(line): \(field)", message) }

    /// A field naming one case of an enumeration (nil and no issue when `optional` and empty).
    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ field: String, optional: Bool = false,
                                                    into issues: inout [AppError.FieldIssue]) -> T? where T.RawValue == String {
        let text = value(field)
        if optional, text.isEmpty { return nil }
        guard let choice = T(rawValue: text) else {
            issues.append(issue(field, "“\(text)” không hợp lệ; dùng " + T.allCases.map(\.rawValue).joined(separator: ", ")))
            return nil
        }
        return choice
    }

    /// A field holding a whole number of at least 0 (nil and no issue when `optional` and empty).
    func count(_ field: String, optional: Bool = false, into issues: inout [AppError.FieldIssue]) -> Int? {
        if optional, value(field).isEmpty { return nil }
        guard let count = Int(value(field)), count >= 0 else {
            issues.append(issue(field, "“\(value(field))” không phải số nguyên không âm"))
            return nil
        }
        return count
    }

    /// An optional day, YYYY-MM-DD.
    func day(_ field: String, into issues: inout [AppError.FieldIssue]) -> LocalDate? {
        guard !value(field).isEmpty else { return nil }
        guard let day = LocalDate(iso: value(field)) else {
            issues.append(issue(field, "Ngày “\(value(field))” không hợp lệ; dùng dạng YYYY-MM-DD"))
            return nil
        }
        return day
    }

    /// An agency of the row's unit, from `agencies` (`BookkeepingUnits.agencies(of:)`); "" when the field
    /// is empty and not `required`.
    func agency(_ field: String, required: Bool, in agencies: [String: Set<String>], into issues: inout [AppError.FieldIssue]) -> String {
        let code = value(field)
        guard province != nil, !code.isEmpty || required else { return code }
        if !(agencies[unitCode] ?? []).contains(code) {
            issues.append(issue(field, "Đơn vị “\(unitCode)” không có cơ quan mã “\(code)”"))
        }
        return code
    }

    /// An optional text field: nil when empty.
    func text(_ field: String) -> String? { value(field).isEmpty ? nil : value(field) }
}

extension BookkeepingUnits {
    /// The records of a CSV text, a leading byte order mark ignored.
    static func records(_ text: String) -> [[String]] {
        CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    }

    /// The rows after the header, trimmed, each with its `unit_code` resolved and checked against the
    /// actor's right to manage bookkeeping there (none for the command line); rows of the wrong width
    /// and blank lines are not rows: the first are reported, the second skipped.
    func rows(of records: [[String]], actor: UserRecord?) async throws(AppError) -> (rows: [BookkeepingRow], issues: [AppError.FieldIssue]) {
        guard let header = records.first else { return ([], []) }
        var rows: [BookkeepingRow] = [], issues: [AppError.FieldIssue] = []
        var provinces: [String: String?] = [:]
        for (offset, record) in records.dropFirst().enumerated() where !(record.count == 1 && record[0].isEmpty) {
            guard record.count == header.count else {
                issues.append(.init("line \(offset + 2)", "Dòng có \(record.count) cột, cần \(header.count)"))
                continue
            }
            let values = Dictionary(zip(header, record.map { $0.trimmingCharacters(in: .whitespaces) }), uniquingKeysWith: { first, _ in first })
            var row = BookkeepingRow(number: offset + 2, values: values, unitCode: values["unit_code"] ?? "", province: nil, issues: [])
            if provinces[row.unitCode] == nil { provinces[row.unitCode] = try await province(ofUnit: row.unitCode) }
            row.province = provinces[row.unitCode] ?? nil
            if row.unitCode.isEmpty {
                row.issues.append(row.issue("unit_code", "Cần mã đơn vị"))
            } else if let province = row.province {
                if let actor, let denial = denial(actor, .manageBookkeeping, unitCode: row.unitCode, province: province) {
                    row.issues.append(row.issue("unit_code", denial))
                }
            } else {
                row.issues.append(row.issue("unit_code", "Không có đơn vị hiện hành mã “\(row.unitCode)”"))
            }
            rows.append(row)
        }
        return (rows, issues)
    }
}

extension AppError {
    /// A file's issues in line order (each line's in the order found), for a reader going down the file.
    static func invalidRows(_ issues: [FieldIssue]) -> AppError {
        func line(_ issue: FieldIssue) -> Int {
            Int(issue.field.dropFirst("line ".count).prefix { $0.isNumber }) ?? 0
        }
        return .invalid(issues.enumerated().sorted { (line($0.element), $0.offset) < (line($1.element), $1.offset) }.map(\.element))
    }
}
