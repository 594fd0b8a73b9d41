public import Domain
import Foundation
public import Storage

extension IdentityService {
    /// Imports agencies from CSV text with the columns `code,name,kind,unit_code[,parent_code][,fields]`;
    /// every row is checked before any is written. Returns how many were written.
    public func importAgencies(csv text: String) async throws(AppError) -> Int {
        var records = CSV.parse(text)
        guard let header = records.first, let code = header.firstIndex(of: "code"), let name = header.firstIndex(of: "name"),
              let kind = header.firstIndex(of: "kind"), let unit = header.firstIndex(of: "unit_code") else {
            throw .invalid("header", "Tệp CSV cần các cột code, name, kind, unit_code (tuỳ chọn parent_code, fields)")
        }
        let parent = header.firstIndex(of: "parent_code")
        let fields = header.firstIndex(of: "fields")
        records.removeFirst()
        let today = max(LocalDate(vietnamTimeOf: now().timeIntervalSince1970), Reform.effectiveDate)
        var agencies: [Agency] = []
        var issues: [AppError.FieldIssue] = []
        for (offset, record) in records.enumerated() where !(record.count == 1 && record[0].isEmpty) {
            let line = "line \(offset + 2)"
            guard record.count == header.count else {
                issues.append(.init(line, "Dòng có \(record.count) cột, cần \(header.count)"))
                continue
            }
            do throws(AppError) {
                agencies.append(try await agency(
                    code: record[code], name: record[name], kind: record[kind], unitCode: record[unit],
                    parentCode: parent.flatMap { record[$0].isEmpty ? nil : record[$0] },
                    fields: fields.map { record[$0].split(separator: ";").map(String.init) } ?? [], today: today
                ))
            } catch {
                if case .invalid(let found) = error { issues += found.map { .init("\(line): \($0.field)", $0.message) } } else { throw error }
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        _ = try await storage { try await seedAgencies() }
        try await storage { try await store.identity.saveAgencies(agencies) }
        return agencies.count
    }

    /// Creates or replaces one agency; province admins within their province, system administrators anywhere.
    public func saveAgency(
        code: String, name: String, kind: String, unitCode: String, parentCode: String?, fields: [String], by actor: UserRecord
    ) async throws(AppError) -> Agency {
        let today = max(LocalDate(vietnamTimeOf: now().timeIntervalSince1970), Reform.effectiveDate)
        let agency = try await agency(code: code, name: name, kind: kind, unitCode: unitCode, parentCode: parentCode, fields: fields, today: today)
        if case .deny(let reason, let hidden) = AccessPolicy.decide(actor.officer, .manageAgencies, Resource(place: agency.place)) {
            throw hidden ? .notFound(what: "đơn vị", code: unitCode) : .forbidden(reason)
        }
        try await storage { try await store.identity.saveAgencies([agency]) }
        return agency
    }

    /// One agency checked: code shape, kind, a current unit of the kind's level, a name.
    private func agency(
        code: String, name: String, kind kindText: String, unitCode: String, parentCode: String?, fields: [String], today: LocalDate
    ) async throws(AppError) -> Agency {
        var issues: [AppError.FieldIssue] = []
        if !AgencyCode.isValid(code) { issues.append(.init("code", "Mã cơ quan “\(code)” không đúng dạng 000.00.00.H00")) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init("name", "Cần tên cơ quan")) }
        let kind = AgencyKind(rawValue: kindText)
        if kind == nil { issues.append(.init("kind", "Loại cơ quan “\(kindText)” không hợp lệ")) }
        var unit: AdministrativeUnit?
        if let level = AdministrativeLevel.forCode(unitCode), level != .district {
            unit = try await storage { try await store.geography.units(code: unitCode, level: level, at: today).first }
        }
        if unit == nil { issues.append(.init("unit_code", "Không có đơn vị hiện hành mã “\(unitCode)”")) }
        if let kind, let unit, kind.isProvincial != (unit.level == .province) {
            issues.append(.init("kind", "Loại \(kind.rawValue) không thuộc cấp của đơn vị \(unitCode)"))
        }
        guard issues.isEmpty, let kind, let unit else { throw .invalid(issues) }
        return Agency(code: code, name: name, kind: kind, unitCode: unitCode, provinceCode: unit.provinceCode, parentCode: parentCode, fields: fields)
    }
}
