public import Domain

/// The geography statements, the same text on both SQL engines (their dialects agree here), and the
/// one place that turns rows into domain values.
public enum GeographySQL {
    static let unitColumns = """
        u.level, u.code, u.valid_from, u.valid_to, u.name, u.type, u.parent_code, u.province_code, u.alt_name
        """
    static let lineageColumns = """
        level, old_code, old_name, old_province_code, new_code, new_name, new_province_code, split, partial, sources
        """

    /// The class recorded for the unit version, the latest on or before the date `date` evaluates to.
    static func classAt(_ date: String = "?") -> String {
        """
        (SELECT c.class FROM unit_class_history c WHERE c.level = u.level AND c.code = u.code
         AND c.unit_valid_from = u.valid_from AND c.valid_from <= \(date) ORDER BY c.valid_from DESC LIMIT 1)
        """
    }

    public static func units(_ query: UnitQuery) -> SQLStatement {
        let at = SQLValue.text(query.at.description)
        var conditions = ["u.valid_from <= ?", "u.valid_to >= ?"]
        var arguments: [SQLValue] = [at, at, at]
        if let level = query.level {
            conditions.append("u.level = ?")
            arguments.append(.text(level.rawValue))
        }
        if let province = query.provinceCode {
            conditions.append("u.province_code = ?")
            arguments.append(.text(province))
        }
        var rank = ""
        if let text = query.foldedText, !text.isEmpty {
            conditions.append("""
                (u.name_fold LIKE ? OR u.full_fold LIKE ? OR u.alt_fold LIKE ? OR u.name_fold LIKE ?)
                """)
            arguments += [.text(text + "%"), .text(text + "%"), .text(text + "%"), .text("% " + text + "%")]
            rank = """
                CASE WHEN u.name_fold = ? OR u.full_fold = ? THEN 0
                WHEN u.name_fold LIKE ? OR u.full_fold LIKE ? THEN 1 ELSE 2 END,
                """
            arguments += [.text(text), .text(text), .text(text + "%"), .text(text + "%")]
        }
        arguments += [.integer(query.limit), .integer(query.offset)]
        return SQLStatement("""
            SELECT \(unitColumns), \(classAt()) AS class FROM admin_units u
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(rank) u.level_rank, u.name_fold, u.code LIMIT ? OFFSET ?
            """, arguments)
    }

    public static func units(code: String, level: AdministrativeLevel?, at date: LocalDate) -> SQLStatement {
        var arguments: [SQLValue] = [.text(date.description), .text(code), .text(date.description), .text(date.description)]
        var levelCondition = ""
        if let level {
            levelCondition = " AND u.level = ?"
            arguments.append(.text(level.rawValue))
        }
        return SQLStatement("""
            SELECT \(unitColumns), \(classAt()) AS class FROM admin_units u
            WHERE u.code = ? AND u.valid_from <= ? AND u.valid_to >= ?\(levelCondition) ORDER BY u.level_rank
            """, arguments)
    }

    public static func versions(code: String, level: AdministrativeLevel?) -> SQLStatement {
        var arguments: [SQLValue] = [.text(code)]
        var levelCondition = ""
        if let level {
            levelCondition = " AND u.level = ?"
            arguments.append(.text(level.rawValue))
        }
        return SQLStatement("""
            SELECT \(unitColumns), \(classAt("u.valid_to")) AS class FROM admin_units u
            WHERE u.code = ?\(levelCondition) ORDER BY u.valid_from, u.level_rank
            """, arguments)
    }

    public static let allUnits = SQLStatement("""
        SELECT \(unitColumns), NULL AS class FROM admin_units u ORDER BY u.level_rank, u.code, u.valid_from
        """)

    public static func successors(oldCode: String) -> SQLStatement {
        SQLStatement("SELECT \(lineageColumns) FROM unit_lineage WHERE old_code = ? ORDER BY level, new_code", [.text(oldCode)])
    }

    public static func predecessors(newCode: String) -> SQLStatement {
        SQLStatement("SELECT \(lineageColumns) FROM unit_lineage WHERE new_code = ? ORDER BY level, old_code", [.text(newCode)])
    }

    public static let allLineage = SQLStatement("SELECT \(lineageColumns) FROM unit_lineage ORDER BY level, old_code, new_code")

    public static func unitCounts(at date: LocalDate) -> SQLStatement {
        SQLStatement("""
            SELECT level, type, COUNT(*) FROM admin_units WHERE valid_from <= ? AND valid_to >= ?
            GROUP BY level, type ORDER BY level, type
            """, [.text(date.description), .text(date.description)])
    }

    public static func referenceChecksum(name: String) -> SQLStatement {
        SQLStatement("SELECT checksum FROM reference_datasets WHERE name = ?", [.text(name)])
    }

    /// Every loaded data set with its checksum and time: unchanged, so are the units and the lineage.
    static let referenceStamp = SQLStatement("SELECT name, checksum, loaded_at FROM reference_datasets ORDER BY name")

    public static func recordReference(name: String, checksum: String, at instant: String) -> SQLStatement {
        SQLStatement("""
            INSERT INTO reference_datasets (name, checksum, loaded_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, loaded_at = excluded.loaded_at
            """, [.text(name), .text(checksum), .text(instant)])
    }

    /// Upserts of the data set in batches small enough for both engines' parameter limits.
    public static func upserts(_ dataset: GeographyDataset, batch: Int = 400) -> [SQLStatement] {
        var statements: [SQLStatement] = []
        for start in stride(from: 0, to: dataset.units.count, by: batch) {
            let rows = dataset.units[start..<min(start + batch, dataset.units.count)]
            var arguments: [SQLValue] = []
            for unit in rows {
                arguments += [
                    .text(unit.level.rawValue), .text(unit.code), .text(unit.validFrom.description),
                    .text(unit.validTo.description), .text(unit.name), .text(unit.type.rawValue),
                    unit.parentCode.map(SQLValue.text) ?? .null, .text(unit.provinceCode),
                    unit.altName.map(SQLValue.text) ?? .null, .text(unit.nameFold), .text(unit.fullFold),
                    unit.altName.map { .text(FoldKey.fold(unit.type.shortName(of: $0))) } ?? .null,
                    .integer(unit.level.rank),
                ]
            }
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            statements.append(SQLStatement("""
                INSERT INTO admin_units (level, code, valid_from, valid_to, name, type, parent_code, province_code,
                    alt_name, name_fold, full_fold, alt_fold, level_rank) VALUES \(values)
                ON CONFLICT (level, code, valid_from) DO UPDATE SET valid_to = excluded.valid_to, name = excluded.name,
                    type = excluded.type, parent_code = excluded.parent_code, province_code = excluded.province_code,
                    alt_name = excluded.alt_name, name_fold = excluded.name_fold, full_fold = excluded.full_fold,
                    alt_fold = excluded.alt_fold, level_rank = excluded.level_rank
                """, arguments))
        }
        for start in stride(from: 0, to: dataset.lineage.count, by: batch) {
            let rows = dataset.lineage[start..<min(start + batch, dataset.lineage.count)]
            var arguments: [SQLValue] = []
            for edge in rows {
                arguments += [
                    .text(edge.level.rawValue), .text(edge.oldCode), .text(edge.oldName), .text(edge.oldProvinceCode),
                    .text(edge.newCode), .text(edge.newName), .text(edge.newProvinceCode), .integer(edge.split ? 1 : 0),
                    edge.partial.map { .integer($0 ? 1 : 0) } ?? .null, .text(edge.sources.joined(separator: ";")),
                ]
            }
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            statements.append(SQLStatement("""
                INSERT INTO unit_lineage (\(lineageColumns)) VALUES \(values)
                ON CONFLICT (level, old_code, new_code) DO UPDATE SET old_name = excluded.old_name,
                    old_province_code = excluded.old_province_code, new_name = excluded.new_name,
                    new_province_code = excluded.new_province_code, split = excluded.split,
                    partial = excluded.partial, sources = excluded.sources
                """, arguments))
        }
        return statements
    }

    public static func recordClass(_ assignment: UnitClassAssignment, recordedAt instant: String) -> SQLStatement {
        SQLStatement("""
            INSERT INTO unit_class_history (level, code, unit_valid_from, valid_from, class, source, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (level, code, unit_valid_from, valid_from) DO UPDATE SET class = excluded.class,
                source = excluded.source, recorded_at = excluded.recorded_at
            """, [
                .text(assignment.unit.level.rawValue), .text(assignment.unit.code),
                .text(assignment.unit.validFrom.description), .text(assignment.validFrom.description),
                .text(assignment.unitClass.rawValue), .text(assignment.source), .text(instant),
            ])
    }

    public static func classHistory(_ unit: UnitKey) -> SQLStatement {
        SQLStatement("""
            SELECT class, valid_from, source FROM unit_class_history
            WHERE level = ? AND code = ? AND unit_valid_from = ? ORDER BY valid_from
            """, [.text(unit.level.rawValue), .text(unit.code), .text(unit.validFrom.description)])
    }

    // MARK: Rows

    /// A unit from the columns of `unitColumns` followed by its class.
    public static func unit(_ row: [SQLValue]) throws(StorageError) -> AdministrativeUnit {
        guard row.count >= 10,
              let level = row[0].text.flatMap(AdministrativeLevel.init(rawValue:)),
              let code = row[1].text,
              let validFrom = row[2].text.flatMap({ LocalDate(iso: $0) }),
              let validTo = row[3].text.flatMap({ LocalDate(iso: $0) }),
              let name = row[4].text,
              let type = row[5].text.flatMap(UnitType.init(rawValue:)),
              let province = row[7].text else {
            throw .corrupt("admin_units row \(row)")
        }
        let recorded = row[9].text.flatMap(UnitClass.init(rawValue:))
        return AdministrativeUnit(
            level: level, code: code, name: name, type: type, parentCode: row[6].text, provinceCode: province,
            validFrom: validFrom, validTo: validTo, altName: row[8].text,
            unitClass: recorded ?? UnitClass.defaultClass(for: type)
        )
    }

    public static func edge(_ row: [SQLValue]) throws(StorageError) -> LineageEdge {
        guard row.count == 10, let level = row[0].text.flatMap(AdministrativeLevel.init(rawValue:)),
              let oldCode = row[1].text, let oldName = row[2].text, let oldProvince = row[3].text,
              let newCode = row[4].text, let newName = row[5].text, let newProvince = row[6].text,
              let split = row[7].integer, let sources = row[9].text else {
            throw .corrupt("unit_lineage row \(row)")
        }
        return LineageEdge(
            level: level, oldCode: oldCode, oldName: oldName, oldProvinceCode: oldProvince, newCode: newCode,
            newName: newName, newProvinceCode: newProvince, split: split != 0, partial: row[8].integer.map { $0 != 0 },
            sources: sources.split(separator: ";").map(String.init)
        )
    }

    public static func count(_ row: [SQLValue]) throws(StorageError) -> UnitCount {
        guard row.count == 3, let level = row[0].text.flatMap(AdministrativeLevel.init(rawValue:)),
              let type = row[1].text.flatMap(UnitType.init(rawValue:)), let count = row[2].integer else {
            throw .corrupt("count row \(row)")
        }
        return UnitCount(level: level, type: type, count: count)
    }

    public static func classAssignment(_ row: [SQLValue], unit: UnitKey) throws(StorageError) -> UnitClassAssignment {
        guard row.count == 3, let unitClass = row[0].text.flatMap(UnitClass.init(rawValue:)),
              let from = row[1].text.flatMap({ LocalDate(iso: $0) }), let source = row[2].text else {
            throw .corrupt("unit_class_history row \(row)")
        }
        return UnitClassAssignment(unit: unit, unitClass: unitClass, validFrom: from, source: source)
    }
}
