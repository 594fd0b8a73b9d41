public import Domain
import Foundation
import Storage

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
            if !AgencyCode.isValid(record[code]) { issues.append(.init("\(line): code", "Mã cơ quan “\(record[code])” không đúng dạng 000.00.00.H00")) }
            guard let agencyKind = AgencyKind(rawValue: record[kind]) else {
                issues.append(.init("\(line): kind", "Loại cơ quan “\(record[kind])” không hợp lệ"))
                continue
            }
            let unitCode = record[unit]
            guard let level = AdministrativeLevel.forCode(unitCode), level != .district,
                  let found = try await storage({ try await store.geography.units(code: unitCode, level: level, at: today).first }) else {
                issues.append(.init("\(line): unit_code", "Không có đơn vị hiện hành mã “\(unitCode)”"))
                continue
            }
            if agencyKind.isProvincial != (level == .province) {
                issues.append(.init("\(line): kind", "Loại \(agencyKind.rawValue) không thuộc cấp của đơn vị \(unitCode)"))
            }
            agencies.append(Agency(
                code: record[code], name: record[name], kind: agencyKind, unitCode: unitCode, provinceCode: found.provinceCode,
                parentCode: parent.flatMap { record[$0].isEmpty ? nil : record[$0] },
                fields: fields.map { record[$0].split(separator: ";").map(String.init) } ?? []
            ))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        try await storage { try await seedAgencies() }
        try await storage { try await store.identity.saveAgencies(agencies) }
        return agencies.count
    }
}
