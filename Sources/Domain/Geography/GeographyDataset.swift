/// The reference units and lineage, parsed from the CSV files of the national code list
/// (`units-2025.csv`, `units-legacy.csv`, `lineage.csv`; their README gives provenance and columns).
public struct GeographyDataset: Sendable {
    public var units: [AdministrativeUnit]
    public var lineage: [LineageEdge]

    public init(units: [AdministrativeUnit], lineage: [LineageEdge]) {
        self.units = units
        self.lineage = lineage
    }

    public init(currentCSV: String, legacyCSV: String, lineageCSV: String) throws(GeographyError) {
        var units = try Self.parseCurrent(currentCSV)
        units += try Self.parseLegacy(legacyCSV)
        self.init(units: units, lineage: try Self.parseLineage(lineageCSV))
    }

    private static func rows(_ text: String, file: String, header: [String]) throws(GeographyError) -> [(Int, [String: String])] {
        var records = CSV.parse(text)
        guard !records.isEmpty else { throw .malformedRow(file: file, line: 1, reason: "empty file") }
        let names = records.removeFirst()
        for column in header where !names.contains(column) {
            throw .malformedRow(file: file, line: 1, reason: "missing column \(column)")
        }
        var result: [(Int, [String: String])] = []
        for (offset, record) in records.enumerated() where !(record.count == 1 && record[0].isEmpty) {
            guard record.count == names.count else {
                throw .malformedRow(file: file, line: offset + 2, reason: "\(record.count) fields, expected \(names.count)")
            }
            result.append((offset + 2, Dictionary(uniqueKeysWithValues: zip(names, record))))
        }
        return result
    }

    private static func unitType(_ raw: String?, file: String, line: Int) throws(GeographyError) -> UnitType {
        guard let raw, let type = UnitType(rawValue: raw) else {
            throw .malformedRow(file: file, line: line, reason: "unknown type \(raw ?? "")")
        }
        return type
    }

    private static func code(_ raw: String?, level: AdministrativeLevel, file: String, line: Int) throws(GeographyError) -> String {
        guard let raw, AdministrativeLevel.forCode(raw) == level else {
            throw .malformedRow(file: file, line: line, reason: "bad \(level.rawValue) code \(raw ?? "")")
        }
        return raw
    }

    static func parseCurrent(_ text: String) throws(GeographyError) -> [AdministrativeUnit] {
        let file = "units-2025.csv"
        var units: [AdministrativeUnit] = []
        for (line, row) in try rows(text, file: file, header: ["code", "name", "type", "province_code"]) {
            let type = try unitType(row["type"], file: file, line: line)
            let code = try code(row["code"], level: type.level, file: file, line: line)
            let province = row["province_code"] ?? ""
            let parent: String? = type.level == .province ? nil : province
            if parent != nil, AdministrativeLevel.forCode(province) != .province {
                throw .malformedRow(file: file, line: line, reason: "bad province_code \(province)")
            }
            units.append(AdministrativeUnit(
                level: type.level, code: code, name: row["name"] ?? "", type: type, parentCode: parent,
                provinceCode: parent ?? code, validFrom: Reform.effectiveDate, validTo: .distantFuture
            ))
        }
        return units
    }

    static func parseLegacy(_ text: String) throws(GeographyError) -> [AdministrativeUnit] {
        let file = "units-legacy.csv"
        var units: [AdministrativeUnit] = []
        let header = ["level", "code", "name", "type", "parent_code", "province_code", "alt_name"]
        for (line, row) in try rows(text, file: file, header: header) {
            guard let level = AdministrativeLevel(rawValue: row["level"] ?? "") else {
                throw .malformedRow(file: file, line: line, reason: "unknown level \(row["level"] ?? "")")
            }
            let type = try unitType(row["type"], file: file, line: line)
            guard type.level == level else {
                throw .malformedRow(file: file, line: line, reason: "type \(type.rawValue) is not of level \(level.rawValue)")
            }
            let code = try code(row["code"], level: level, file: file, line: line)
            let parent = row["parent_code"].flatMap { $0.isEmpty ? nil : $0 }
            let alt = row["alt_name"].flatMap { $0.isEmpty ? nil : $0 }
            units.append(AdministrativeUnit(
                level: level, code: code, name: row["name"] ?? "", type: type, parentCode: parent,
                provinceCode: row["province_code"] ?? code, validFrom: .distantPast, validTo: Reform.lastLegacyDate,
                altName: alt
            ))
        }
        return units
    }

    static func parseLineage(_ text: String) throws(GeographyError) -> [LineageEdge] {
        let file = "lineage.csv"
        let header = ["level", "old_code", "old_name", "old_province_code", "new_code", "new_name",
                      "new_province_code", "split", "partial", "sources"]
        var edges: [LineageEdge] = []
        for (line, row) in try rows(text, file: file, header: header) {
            guard let level = AdministrativeLevel(rawValue: row["level"] ?? "") else {
                throw .malformedRow(file: file, line: line, reason: "unknown level \(row["level"] ?? "")")
            }
            let partial: Bool? = switch row["partial"] {
            case "1": true
            case "0": false
            default: nil
            }
            edges.append(LineageEdge(
                level: level, oldCode: try code(row["old_code"], level: level, file: file, line: line),
                oldName: row["old_name"] ?? "", oldProvinceCode: row["old_province_code"] ?? "",
                newCode: try code(row["new_code"], level: level == .province ? .province : .commune, file: file, line: line),
                newName: row["new_name"] ?? "", newProvinceCode: row["new_province_code"] ?? "",
                split: row["split"] == "1", partial: partial,
                sources: (row["sources"] ?? "").split(separator: ";").map(String.init)
            ))
        }
        return edges
    }
}
