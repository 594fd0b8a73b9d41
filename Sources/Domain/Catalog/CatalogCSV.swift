public import Foundation

/// The catalogue as CSV, one row per procedure version, for spreadsheets. Lists (legal basis, sources,
/// unconfirmed fields) are one item per line inside the cell; documents and steps, which have fields of
/// their own, are JSON inside their cell, so a round trip loses nothing.
public enum CatalogCSV {
    public static let header = [
        "code", "nationalCode", "name", "field", "level", "agencyKind", "agencyName", "legalBasis", "timeLimitValue",
        "timeLimitUnit", "onlineTimeLimitValue", "onlineTimeLimitUnit", "cutoff", "fee", "feeNote", "documents", "onlineLevel",
        "steps", "resultIsDocument", "register", "validFrom", "validTo", "sources", "unconfirmed", "notes",
    ]

    public static func export(_ versions: [ProcedureVersion]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var out = CSV.line(header)
        for version in versions {
            let cutoff = version.cutoff.map { "\(Instant.two($0 / 60)):\(Instant.two($0 % 60))" }
            let cells: [String: String?] = [
                "code": version.code, "nationalCode": version.nationalCode, "name": version.name, "field": version.field,
                "level": version.level.rawValue, "agencyKind": version.agencyKind.rawValue, "agencyName": version.agencyName,
                "legalBasis": version.legalBasis.joined(separator: "\n"), "timeLimitValue": String(version.limit.value),
                "timeLimitUnit": version.limit.unit.rawValue, "onlineTimeLimitValue": version.onlineLimit.map { String($0.value) },
                "onlineTimeLimitUnit": version.onlineLimit?.unit.rawValue, "cutoff": cutoff, "fee": version.fee.map(String.init),
                "feeNote": version.feeNote, "documents": try json(version.documents), "onlineLevel": version.onlineLevel.rawValue,
                "steps": try json(version.steps), "resultIsDocument": version.resultIsDocument ? "true" : "false",
                "register": version.register?.rawValue, "validFrom": version.validFrom.description,
                "validTo": version.validTo == .distantFuture ? nil : version.validTo.description,
                "sources": version.sources.joined(separator: "\n"), "unconfirmed": version.unconfirmed.joined(separator: "\n"),
                "notes": version.notes,
            ]
            out += CSV.line(header.map { (cells[$0] ?? nil) ?? "" })
        }
        return out
    }

    /// Reads rows written by `export` (or by hand in the same columns); the error names the line.
    public static func read(_ text: String) throws(CatalogError) -> [ProcedureVersion] {
        let rows = CSV.parse(text)
        guard let head = rows.first else { throw .invalidFile("tệp rỗng") }
        let index = Dictionary(head.enumerated().map { ($1.trimmingCharacters(in: .whitespaces), $0) }, uniquingKeysWith: { first, _ in first })
        let missing = ["code", "name", "field", "level", "agencyKind", "timeLimitValue", "timeLimitUnit"].filter { index[$0] == nil }
        guard missing.isEmpty else { throw .invalidFile("thiếu cột \(missing.joined(separator: ", "))") }
        var versions: [ProcedureVersion] = []
        for (offset, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            let line = offset + 2
            func cell(_ name: String) -> String? {
                guard let column = index[name], column < row.count else { return nil }
                let value = row[column]
                return value.isEmpty ? nil : value
            }
            var object: [String: Any] = [:]
            for name in ["code", "nationalCode", "name", "field", "level", "agencyKind", "agencyName", "cutoff", "feeNote",
                         "onlineLevel", "register", "validFrom", "validTo", "notes"] {
                if let value = cell(name) { object[name] = value }
            }
            for name in ["legalBasis", "sources", "unconfirmed"] {
                object[name] = cell(name).map { $0.split(separator: "\n").map(String.init) } ?? []
            }
            for name in ["documents", "steps"] {
                guard let text = cell(name) else { continue }
                guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
                    throw .invalidFile("dòng \(line), cột \(name): không phải JSON")
                }
                object[name] = value
            }
            if let fee = cell("fee") {
                guard let number = Int(fee) else { throw .invalidFile("dòng \(line), cột fee: “\(fee)” không phải số đồng") }
                object["fee"] = number
            }
            if let flag = cell("resultIsDocument") { object["resultIsDocument"] = flag == "true" }
            func limit(_ prefix: String) throws(CatalogError) -> [String: Any]? {
                guard let text = cell(prefix + "Value") else { return nil }
                guard let value = Int(text) else { throw .invalidFile("dòng \(line), cột \(prefix)Value: “\(text)” không phải số") }
                return ["value": value, "unit": cell(prefix + "Unit") ?? ""]
            }
            object["timeLimit"] = try limit("timeLimit")
            object["onlineTimeLimit"] = try limit("onlineTimeLimit")
            do {
                let data = try JSONSerialization.data(withJSONObject: object)
                versions.append(try JSONDecoder().decode(ProcedureVersion.self, from: data))
            } catch {
                throw .invalidFile("dòng \(line): \(CatalogFileReader.describe(error))")
            }
        }
        return versions
    }
}

/// Reads the JSON catalogue file, naming the procedure and field that is wrong.
public enum CatalogFileReader {
    public static func read(_ data: Data) throws(CatalogError) -> CatalogFile {
        do {
            return try JSONDecoder().decode(CatalogFile.self, from: data)
        } catch {
            throw .invalidFile(describe(error))
        }
    }

    /// A decoding error as a path and a reason, e.g. `procedures[3].timeLimit.unit: …`.
    public static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): thiếu trường bắt buộc"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(path(context.codingPath)): sai kiểu dữ liệu"
        case DecodingError.dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "không đọc được JSON"
        }
    }
}
