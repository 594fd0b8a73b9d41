public import Domain
import Foundation

/// The bookkeeping tables on both SQL engines.
public struct SQLBookkeepingRepository: BookkeepingRepository {
    let executor: any SQLScriptRunner

    public init(executor: any SQLScriptRunner) {
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
        try await select("state", from: "redundancy_cases", ids: ids).map(Self.decode)
    }

    /// Columns of a table's rows with these ids, by id; in chunks, as both engines limit the parameters of
    /// one statement.
    func select(_ columns: String, from table: String, ids: [String]) async throws -> [[SQLValue]] {
        var found: [[SQLValue]] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            found += try await executor.query(SQLStatement(
                "SELECT \(columns) FROM \(table) WHERE id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", "))) ORDER BY id",
                chunk.map(SQLValue.text)
            ))
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

    public func saveStaffing(positions: [Position], staff: [StaffCount], at: Instant) async throws {
        var statements: [SQLStatement] = []
        for position in positions.sorted(by: { $0.id < $1.id }) {
            statements.append(SQLStatement("""
                INSERT INTO positions (id, province_code, unit_code, agency_code, title, skill, quota, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code, unit_code = excluded.unit_code,
                    agency_code = excluded.agency_code, title = excluded.title, skill = excluded.skill, quota = excluded.quota,
                    updated_at = excluded.updated_at
                """, [
                    .text(position.id), .text(position.provinceCode), .text(position.unitCode), .text(position.agencyCode), .text(position.title),
                    .text(position.skill.rawValue), .integer(position.quota), .integer(at.minutes),
                ]))
        }
        let groups = Set(staff.map { [$0.unitCode, $0.skill.rawValue, $0.category.rawValue] }).sorted { $0.lexicographicallyPrecedes($1) }
        for group in groups {
            statements.append(SQLStatement("DELETE FROM staff_counts WHERE unit_code = ? AND skill = ? AND category = ?", group.map(SQLValue.text)))
        }
        for count in staff.sorted(by: {
            ($0.unitCode, $0.agencyCode, $0.skill, $0.category.rawValue) < ($1.unitCode, $1.agencyCode, $1.skill, $1.category.rawValue)
        }) {
            statements.append(SQLStatement("""
                INSERT INTO staff_counts (province_code, unit_code, agency_code, skill, category, people, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, agency_code, skill, category) DO UPDATE SET people = excluded.people, updated_at = excluded.updated_at
                """, [
                    .text(count.provinceCode), .text(count.unitCode), .text(count.agencyCode), .text(count.skill.rawValue), .text(count.category.rawValue),
                    .integer(count.people), .integer(at.minutes),
                ]))
        }
        guard !statements.isEmpty else { return }
        try await executor.transaction(statements)
    }

    public func places(in register: BookkeepingRegister, ids: [String]) async throws -> [String: (province: String, unit: String)] {
        var places: [String: (province: String, unit: String)] = [:]
        for row in try await select("id, province_code, unit_code", from: register.rawValue, ids: ids) {
            places[row[0].text ?? ""] = (row[1].text ?? "", row[2].text ?? "")
        }
        return places
    }

    public func staffing(provinceCode: String?, unitCode: String?) async throws -> (positions: [Position], staff: [StaffCount]) {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: nil)
        let positions = try await executor.query(SQLStatement(
            "SELECT id, province_code, unit_code, agency_code, title, skill, quota FROM positions WHERE \(filter.sql) ORDER BY id", filter.arguments
        )).map { row in
            guard let skill = SkillField(rawValue: row[5].text ?? "") else { throw StorageError.corrupt("position \(row)") }
            return Position(
                id: row[0].text ?? "", provinceCode: row[1].text ?? "", unitCode: row[2].text ?? "", agencyCode: row[3].text ?? "",
                title: row[4].text ?? "", skill: skill, quota: row[6].integer ?? 0
            )
        }
        let staff = try await executor.query(SQLStatement("""
            SELECT province_code, unit_code, agency_code, skill, category, people FROM staff_counts WHERE \(filter.sql)
            ORDER BY unit_code, agency_code, skill, category
            """, filter.arguments
        )).map { row in
            guard let skill = SkillField(rawValue: row[3].text ?? ""), let category = StaffCategory(rawValue: row[4].text ?? "") else {
                throw StorageError.corrupt("staff count \(row)")
            }
            return StaffCount(
                provinceCode: row[0].text ?? "", unitCode: row[1].text ?? "", agencyCode: row[2].text ?? "", skill: skill, category: category,
                people: row[5].integer ?? 0
            )
        }
        return (positions, staff)
    }

    public func saveSecondments(requests: [SupportRequest], offers: [StaffOffer], assignments: [Assignment], at: Instant) async throws {
        var statements: [SQLStatement] = []
        for request in requests.sorted(by: { $0.id < $1.id }) {
            statements.append(SQLStatement("""
                INSERT INTO support_requests (id, province_code, unit_code, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code, unit_code = excluded.unit_code, state = excluded.state
                """, [.text(request.id), .text(request.provinceCode), .text(request.unitCode), .text(try SQLDossierRepository.json(request))]))
        }
        for offer in offers.sorted(by: { $0.id < $1.id }) {
            statements.append(SQLStatement("""
                INSERT INTO staff_offers (id, body, province_code, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET body = excluded.body, province_code = excluded.province_code, state = excluded.state
                """, [.text(offer.id), .text(offer.body), offer.provinceCode.map(SQLValue.text) ?? .null, .text(try SQLDossierRepository.json(offer))]))
        }
        for assignment in assignments.sorted(by: { ($0.requestID, $0.offerID) < ($1.requestID, $1.offerID) }) {
            statements.append(SQLStatement("""
                INSERT INTO assignments (request_id, offer_id, body, people, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (request_id, offer_id) DO UPDATE SET people = assignments.people + excluded.people
                """, [.text(assignment.requestID), .text(assignment.offerID), .text(assignment.body), .integer(assignment.people), .integer(at.minutes)]))
        }
        guard !statements.isEmpty else { return }
        try await executor.transaction(statements)
    }

    public func secondments(provinceCode: String?) async throws -> (requests: [SupportRequest], offers: [StaffOffer], assignments: [Assignment]) {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: nil, stage: nil)
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ row: [SQLValue]) throws -> T {
            do { return try decoder.decode(type, from: Data((row.first?.text ?? "").utf8)) } catch { throw StorageError.corrupt("\(type): \(error)") }
        }
        let requests = try await executor.query(SQLStatement("SELECT state FROM support_requests WHERE \(filter.sql) ORDER BY id", filter.arguments))
            .map { try decode(SupportRequest.self, $0) }
        let offers = try await executor.query(SQLStatement("SELECT state FROM staff_offers ORDER BY id")).map { try decode(StaffOffer.self, $0) }
        let assignments = try await executor.query(SQLStatement("""
            SELECT a.request_id, a.offer_id, a.body, a.people FROM assignments a JOIN support_requests r ON r.id = a.request_id
            WHERE \(filter.sql.replacingOccurrences(of: "province_code", with: "r.province_code")) ORDER BY a.request_id, a.offer_id
            """, filter.arguments)).map {
            Assignment(requestID: $0[0].text ?? "", offerID: $0[1].text ?? "", body: $0[2].text ?? "", people: $0[3].integer ?? 0)
        }
        return (requests, offers, assignments)
    }

    public func saveFacilities(_ facilities: [Facility], equipment: [EquipmentCount], at: Instant) async throws {
        var statements: [SQLStatement] = []
        for facility in facilities.sorted(by: { $0.id < $1.id }) {
            statements.append(SQLStatement("""
                INSERT INTO facilities (id, province_code, unit_code, status, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code, unit_code = excluded.unit_code,
                    status = excluded.status, state = excluded.state, updated_at = excluded.updated_at
                """, [
                    .text(facility.id), .text(facility.provinceCode), .text(facility.unitCode), .text(facility.status.rawValue),
                    .text(try SQLDossierRepository.json(facility)), .integer(at.minutes),
                ]))
        }
        for count in equipment.sorted(by: { ($0.unitCode, $0.kind.rawValue) < ($1.unitCode, $1.kind.rawValue) }) {
            statements.append(SQLStatement("""
                INSERT INTO equipment_counts (province_code, unit_code, kind, have, needed, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_code, kind) DO UPDATE SET have = excluded.have, needed = excluded.needed, updated_at = excluded.updated_at
                """, [
                    .text(count.provinceCode), .text(count.unitCode), .text(count.kind.rawValue), .integer(count.have), .integer(count.needed),
                    .integer(at.minutes),
                ]))
        }
        guard !statements.isEmpty else { return }
        try await executor.transaction(statements)
    }

    public func facilities(provinceCode: String?, unitCode: String?) async throws -> (facilities: [Facility], equipment: [EquipmentCount]) {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: nil)
        let decoder = JSONDecoder()
        let facilities = try await executor.query(SQLStatement("SELECT state FROM facilities WHERE \(filter.sql) ORDER BY id", filter.arguments))
            .map { row in
                do { return try decoder.decode(Facility.self, from: Data((row.first?.text ?? "").utf8)) }
                catch { throw StorageError.corrupt("facility: \(error)") }
            }
        let equipment = try await executor.query(SQLStatement(
            "SELECT province_code, unit_code, kind, have, needed FROM equipment_counts WHERE \(filter.sql) ORDER BY unit_code, kind", filter.arguments
        )).map { row in
            guard let kind = EquipmentCount.Kind(rawValue: row[2].text ?? "") else { throw StorageError.corrupt("equipment count \(row)") }
            return EquipmentCount(provinceCode: row[0].text ?? "", unitCode: row[1].text ?? "", kind: kind, have: row[3].integer ?? 0,
                                  needed: row[4].integer ?? 0)
        }
        return (facilities, equipment)
    }

    public func saveObstacle(_ obstacle: Obstacle, replacing expected: Obstacle?, at: Instant) async throws {
        let state = try Self.canonical(obstacle)
        guard let expected else {
            try await executor.transaction([SQLStatement("""
                INSERT INTO obstacles (id, province_code, unit_code, status, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(obstacle.id), .text(obstacle.provinceCode), .text(obstacle.unitCode), .text(obstacle.status.rawValue),
                      .text(state), .integer(at.minutes)])])
            return
        }
        // Compare-and-set on the canonical JSON (sorted keys): of two officers acting at once, one wins.
        let id = obstacle.id
        try await executor.run(SQLScript([SQLStep(SQLStatement(
            "UPDATE obstacles SET status = ?, state = ?, updated_at = ? WHERE id = ? AND state = ? RETURNING id",
            [.text(obstacle.status.rawValue), .text(state), .integer(at.minutes), .text(id), .text(try Self.canonical(expected))]
        )) { rows in
            if rows.isEmpty { throw BookkeepingWriteError.changedMeanwhile(id) }
        }]))
    }

    /// An obstacle's JSON with sorted keys: the same text for the same value in every process.
    static func canonical(_ obstacle: Obstacle) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(obstacle), as: UTF8.self)
    }

    public func obstacles(provinceCode: String?, unitCode: String?) async throws -> [Obstacle] {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: nil)
        return try await executor.query(SQLStatement("SELECT state FROM obstacles WHERE \(filter.sql) ORDER BY id", filter.arguments))
            .map(Self.decodeObstacle)
    }

    public func obstacle(id: String) async throws -> Obstacle? {
        try await executor.query(SQLStatement("SELECT state FROM obstacles WHERE id = ?", [.text(id)])).first.map(Self.decodeObstacle)
    }

    static func decodeObstacle(_ row: [SQLValue]) throws -> Obstacle {
        do { return try JSONDecoder().decode(Obstacle.self, from: Data((row.first?.text ?? "").utf8)) }
        catch { throw StorageError.corrupt("obstacle: \(error)") }
    }

    public func savePublicServiceUnits(_ units: [PublicServiceUnit], at: Instant) async throws {
        let statements = try units.sorted(by: { $0.id < $1.id }).map { unit in
            SQLStatement("""
                INSERT INTO public_service_units (id, province_code, unit_code, agency_code, review, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET province_code = excluded.province_code, unit_code = excluded.unit_code,
                    agency_code = excluded.agency_code, review = excluded.review, state = excluded.state, updated_at = excluded.updated_at
                """, [
                    .text(unit.id), .text(unit.provinceCode), .text(unit.unitCode), .text(unit.agencyCode), .text(unit.review.rawValue),
                    .text(try SQLDossierRepository.json(unit)), .integer(at.minutes),
                ])
        }
        guard !statements.isEmpty else { return }
        try await executor.transaction(statements)
    }

    public func publicServiceUnits(provinceCode: String?, unitCode: String?) async throws -> [PublicServiceUnit] {
        let filter = Self.filter(provinceCode: provinceCode, unitCode: unitCode, stage: nil)
        return try await executor.query(SQLStatement("SELECT state FROM public_service_units WHERE \(filter.sql) ORDER BY id", filter.arguments))
            .map(Self.decodePublicServiceUnit)
    }

    public func publicServiceUnits(ids: [String]) async throws -> [PublicServiceUnit] {
        try await select("state", from: "public_service_units", ids: ids).map(Self.decodePublicServiceUnit)
    }

    static func decodePublicServiceUnit(_ row: [SQLValue]) throws -> PublicServiceUnit {
        do { return try JSONDecoder().decode(PublicServiceUnit.self, from: Data((row.first?.text ?? "").utf8)) }
        catch { throw StorageError.corrupt("public service unit: \(error)") }
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
