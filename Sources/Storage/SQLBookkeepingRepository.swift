public import Domain
import Foundation

/// The bookkeeping tables on both SQL engines.
public struct SQLBookkeepingRepository: BookkeepingRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    public func saveRedundancyCases(_ cases: [RedundancyCase], source: String, at: Instant) async throws {
        var statements: [SQLStatement] = []
        for item in cases.sorted(by: { $0.id < $1.id }) {
            statements.append(SQLStatement("""
                INSERT INTO redundancy_cases (id, province_code, unit_code, category, decision_date, stage, stage_since, requested_dong,
                    approved_dong, paid_dong, state, source, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code, unit_code = excluded.unit_code,
                    category = excluded.category, decision_date = excluded.decision_date, stage = excluded.stage,
                    stage_since = excluded.stage_since, requested_dong = excluded.requested_dong, approved_dong = excluded.approved_dong,
                    paid_dong = excluded.paid_dong, state = excluded.state, source = excluded.source, updated_at = excluded.updated_at
                """, [
                    .text(item.id), .text(item.provinceCode), .text(item.unitCode), .text(item.category.rawValue),
                    .text(item.decisionDate.description), .text(item.stage.rawValue), .text(item.stageSince.description),
                    .integer(item.requested?.dong ?? 0), .integer(item.approved?.dong ?? 0), .integer(item.paid?.dong ?? 0),
                    .text(try SQLDossierRepository.json(item)), .text(source), .integer(at.minutes),
                ]))
        }
        guard !statements.isEmpty else { return }
        try await executor.transaction(statements)
    }

    public func redundancyCases(ids: [String]) async throws -> [RedundancyCase] {
        var found: [RedundancyCase] = []
        // In chunks: both engines limit the parameters of one statement.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            found += try await executor.query(SQLStatement(
                "SELECT state FROM redundancy_cases WHERE id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", ")))",
                chunk.map(SQLValue.text)
            )).map(Self.decode)
        }
        return found
    }

    public func redundancyCases(provinceCode: String?, unitCode: String?, stage: RedundancyCase.Stage?, offset: Int, limit: Int)
        async throws -> [RedundancyCase] {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: stage)
        return try await executor.query(SQLStatement(
            "SELECT state FROM redundancy_cases WHERE \(filter.sql) ORDER BY province_code, unit_code, id LIMIT ? OFFSET ?",
            filter.arguments + [.integer(limit), .integer(offset)]
        )).map(Self.decode)
    }

    public func redundancyCounts(provinceCode: String?, unitCode: String?, groupBy: RedundancyGrouping) async throws -> [RedundancyCount] {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: nil)
        let group = switch groupBy {
        case .none: "''"
        case .province: "province_code"
        case .unit: "unit_code"
        }
        let rows = try await executor.query(SQLStatement("""
            SELECT \(group), stage, stage_since, COUNT(*), CAST(SUM(requested_dong) AS BIGINT), CAST(SUM(approved_dong) AS BIGINT),
                CAST(SUM(paid_dong) AS BIGINT)
            FROM redundancy_cases WHERE \(filter.sql) GROUP BY \(group == "''" ? "" : group + ", ")stage, stage_since
            """, filter.arguments))
        return try rows.map { row in
            guard let stage = RedundancyCase.Stage(rawValue: row[1].text ?? ""), let since = LocalDate(iso: row[2].text ?? "") else {
                throw StorageError.corrupt("redundancy_cases group \(row)")
            }
            return RedundancyCount(
                group: row[0].text ?? "", stage: stage, since: since, cases: row[3].integer ?? 0, requestedDong: row[4].integer ?? 0,
                approvedDong: row[5].integer ?? 0, paidDong: row[6].integer ?? 0
            )
        }
    }

    static func filter(provinceCode: String?, unitCode: String?, stage: RedundancyCase.Stage?) -> (sql: String, arguments: [SQLValue]) {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        for (column, value) in [("province_code", provinceCode), ("unit_code", unitCode), ("stage", stage?.rawValue)] {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(.text(value))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    static func decode(_ row: [SQLValue]) throws -> RedundancyCase {
        do {
            return try JSONDecoder().decode(RedundancyCase.self, from: Data((row.first?.text ?? "").utf8))
        } catch {
            throw StorageError.corrupt("redundancy case: \(error)")
        }
    }
}
