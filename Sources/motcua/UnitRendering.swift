import AppCore
import Domain
import Foundation

/// Units as a table, CSV or JSON on standard output.
enum UnitRendering {
    static let columns = ["level", "code", "name", "type", "parent_code", "province_code", "valid_from", "valid_to", "class"]

    static func fields(_ unit: AdministrativeUnit) -> [String] {
        [unit.level.rawValue, unit.code, unit.name, unit.type.rawValue, unit.parentCode ?? "", unit.provinceCode,
         unit.validFrom == .distantPast ? "" : unit.validFrom.description,
         unit.validTo == .distantFuture ? "" : unit.validTo.description, unit.unitClass?.rawValue ?? ""]
    }

    static func render(_ units: [AdministrativeUnit], format: Units.Format) -> String {
        switch format {
        case .csv:
            return CSV.line(columns) + units.map { CSV.line(fields($0)) }.joined()
        case .json:
            let objects = units.map { Dictionary(uniqueKeysWithValues: zip(columns, fields($0))) }
            return json(objects) + "\n"
        case .table:
            return table([columns] + units.map(fields)) + "\(units.count) units\n"
        }
    }

    static func render(unit: AdministrativeUnit?, lineage: GeographyService.Lineage, format: Units.Format) -> String {
        func edge(_ edge: LineageEdge) -> [String] {
            [edge.level.rawValue, edge.oldCode, edge.oldName, edge.newCode, edge.newName, edge.partial == true ? "partial" : ""]
        }
        if format == .json {
            let object: [String: [[String: String]]] = [
                "versions": lineage.versions.map { Dictionary(uniqueKeysWithValues: zip(columns, fields($0))) },
                "successors": lineage.successors.map { Dictionary(uniqueKeysWithValues: zip(["level", "old_code", "old_name", "new_code", "new_name", "partial"], edge($0))) },
                "predecessors": lineage.predecessors.map { Dictionary(uniqueKeysWithValues: zip(["level", "old_code", "old_name", "new_code", "new_name", "partial"], edge($0))) },
            ]
            return json(object) + "\n"
        }
        var out = ""
        if let unit { out += "\(unit.name) (\(unit.level.rawValue) \(unit.code))\n\n" }
        out += "Versions:\n" + table([columns] + lineage.versions.map(fields))
        if !lineage.successors.isEmpty {
            out += "\nWent into:\n" + table(lineage.successors.map(edge))
        }
        if !lineage.predecessors.isEmpty {
            out += "\nFormed from:\n" + table(lineage.predecessors.map(edge))
        }
        return out
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }.joined()
    }
}
