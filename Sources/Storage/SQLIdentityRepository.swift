public import Domain

/// The identity repository of both SQL engines.
public struct SQLIdentityRepository: IdentityRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    /// `column = ?` conditions for the values given (always at least a true condition).
    static func equalities(_ pairs: [(String, String?)]) -> ([String], [SQLValue]) {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        for (column, value) in pairs {
            guard let value else { continue }
            conditions.append("\(column) = ?")
            arguments.append(.text(value))
        }
        return (conditions, arguments)
    }

    // MARK: Agencies

    static let agencyColumns = "code, name, kind, unit_code, province_code, parent_code, fields, valid_from, valid_to"

    public func saveAgencies(_ agencies: [Agency]) async throws {
        var statements: [SQLStatement] = []
        for start in stride(from: 0, to: agencies.count, by: 500) {
            let rows = agencies[start..<min(start + 500, agencies.count)]
            var arguments: [SQLValue] = []
            for agency in rows {
                arguments += [
                    .text(agency.code), .text(agency.name), .text(agency.kind.rawValue), .text(agency.unitCode),
                    .text(agency.provinceCode), agency.parentCode.map(SQLValue.text) ?? .null,
                    .text(agency.fields.joined(separator: ";")), .text(agency.validFrom.description), .text(agency.validTo.description),
                ]
            }
            let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
            statements.append(SQLStatement("""
                INSERT INTO agencies (\(Self.agencyColumns)) VALUES \(values)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, unit_code = excluded.unit_code,
                    province_code = excluded.province_code, parent_code = excluded.parent_code, fields = excluded.fields,
                    valid_from = excluded.valid_from, valid_to = excluded.valid_to
                """, arguments))
        }
        try await executor.transaction(statements)
    }

    public func agencies(provinceCode: String?, unitCode: String?, offset: Int, limit: Int) async throws -> [Agency] {
        var (conditions, arguments) = Self.equalities([("province_code", provinceCode), ("unit_code", unitCode)])
        arguments += [.integer(limit), .integer(offset)]
        return try await executor.query(SQLStatement("""
            SELECT \(Self.agencyColumns) FROM agencies WHERE \(conditions.joined(separator: " AND "))
            ORDER BY province_code, code LIMIT ? OFFSET ?
            """, arguments)).map(Self.agency)
    }

    public func agency(code: String) async throws -> Agency? {
        try await executor.keyedQuery(SQLStatement("SELECT \(Self.agencyColumns) FROM agencies WHERE code = ?", [.text(code)]))
            .first.map(Self.agency)
    }

    public func agencyCount() async throws -> Int {
        try await executor.query(SQLStatement("SELECT COUNT(*) FROM agencies")).first?.first?.integer ?? 0
    }

    static func agency(_ row: [SQLValue]) throws(StorageError) -> Agency {
        guard row.count == 9, let code = row[0].text, let name = row[1].text,
              let kind = row[2].text.flatMap(AgencyKind.init(rawValue:)), let unit = row[3].text, let province = row[4].text,
              let fields = row[6].text, let from = row[7].text.flatMap({ LocalDate(iso: $0) }),
              let to = row[8].text.flatMap({ LocalDate(iso: $0) }) else {
            throw .corrupt("agencies row \(row)")
        }
        return Agency(
            code: code, name: name, kind: kind, unitCode: unit, provinceCode: province, parentCode: row[5].text,
            fields: fields.split(separator: ";").map(String.init), validFrom: from, validTo: to
        )
    }

    // MARK: Users

    static let userColumns = "id, username, full_name, agency_code, unit_code, province_code, roles, password_hash, active, created_at"

    public func addUser(_ user: UserRecord) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO users (\(Self.userColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(user.id), .text(user.username), .text(user.fullName), .text(user.agencyCode), .text(user.unitCode),
                .text(user.provinceCode), .text(user.roles.map(\.rawValue).sorted().joined(separator: ",")),
                .text(user.passwordHash), .integer(user.active ? 1 : 0), .text(user.createdAt),
            ])])
    }

    public func user(username: String) async throws -> UserRecord? {
        try await executor.keyedQuery(SQLStatement("SELECT \(Self.userColumns) FROM users WHERE username = ?", [.text(username)]))
            .first.map(Self.user)
    }

    public func user(id: String) async throws -> UserRecord? {
        try await executor.keyedQuery(SQLStatement("SELECT \(Self.userColumns) FROM users WHERE id = ?", [.text(id)])).first.map(Self.user)
    }

    public func users(provinceCode: String?, unitCode: String?, offset: Int, limit: Int) async throws -> [UserRecord] {
        var (conditions, arguments) = Self.equalities([("province_code", provinceCode), ("unit_code", unitCode)])
        arguments += [.integer(limit), .integer(offset)]
        return try await executor.query(SQLStatement("""
            SELECT \(Self.userColumns) FROM users WHERE \(conditions.joined(separator: " AND ")) ORDER BY username LIMIT ? OFFSET ?
            """, arguments)).map(Self.user)
    }

    public func setPassword(userID: String, hash: String) async throws {
        try await executor.transaction([
            SQLStatement("UPDATE users SET password_hash = ? WHERE id = ?", [.text(hash), .text(userID)]),
            SQLStatement("UPDATE auth_tokens SET revoked = 1 WHERE user_id = ?", [.text(userID)]),
        ])
    }

    static func user(_ row: [SQLValue]) throws(StorageError) -> UserRecord {
        guard row.count == 10, let id = row[0].text, let username = row[1].text, let name = row[2].text,
              let agency = row[3].text, let unit = row[4].text, let province = row[5].text, let roles = row[6].text,
              let hash = row[7].text, let active = row[8].integer, let created = row[9].text else {
            throw .corrupt("users row")
        }
        return UserRecord(
            id: id, username: username, fullName: name, agencyCode: agency, unitCode: unit, provinceCode: province,
            roles: Set(roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }), passwordHash: hash,
            active: active != 0, createdAt: created
        )
    }

    // MARK: Tokens

    public func addToken(_ token: TokenRecord) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO auth_tokens (token_hash, user_id, kind, created_at, last_used_at, expires_at, revoked)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(token.tokenHash), .text(token.userID), .text(token.kind.rawValue), .integer(token.createdAt),
                .integer(token.lastUsedAt), .integer(token.expiresAt), .integer(token.revoked ? 1 : 0),
            ])])
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await session(tokenHash: hash)?.token
    }

    /// The token and its account in one read: every authenticated request asks it, and on PostgreSQL a
    /// statement costs the server process more than the rows it returns.
    public func session(tokenHash hash: String) async throws -> (token: TokenRecord, user: UserRecord?)? {
        let columns = Self.userColumns.split(separator: ", ").map { "u.\($0)" }.joined(separator: ", ")
        guard let row = try await executor.keyedQuery(SQLStatement("""
            SELECT t.token_hash, t.user_id, t.kind, t.created_at, t.last_used_at, t.expires_at, t.revoked, \(columns)
            FROM auth_tokens t LEFT JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?
            """, [.text(hash)])).first else { return nil }
        guard row.count == 17, let hash = row[0].text, let user = row[1].text, let kind = row[2].text.flatMap(TokenRecord.Kind.init(rawValue:)),
              let created = row[3].integer, let used = row[4].integer, let expires = row[5].integer, let revoked = row[6].integer else {
            throw StorageError.corrupt("auth_tokens row")
        }
        let token = TokenRecord(tokenHash: hash, userID: user, kind: kind, createdAt: created, lastUsedAt: used, expiresAt: expires, revoked: revoked != 0)
        return (token, row[7] == .null ? nil : try Self.user(Array(row[7...])))
    }

    public func touchToken(hash: String, at: Int) async throws {
        try await executor.transaction([SQLStatement("UPDATE auth_tokens SET last_used_at = ? WHERE token_hash = ?", [.integer(at), .text(hash)])])
    }

    public func revokeToken(hash: String) async throws {
        try await executor.transaction([SQLStatement("UPDATE auth_tokens SET revoked = 1 WHERE token_hash = ?", [.text(hash)])])
    }

    public func revokeTokens(userID: String) async throws {
        try await executor.transaction([SQLStatement("UPDATE auth_tokens SET revoked = 1 WHERE user_id = ?", [.text(userID)])])
    }

    // MARK: Failed logins

    public func recordLoginFailure(username: String, client: String, at: Int) async throws {
        try await executor.transaction([SQLStatement(
            "INSERT INTO login_failures (username, client, at) VALUES (?, ?, ?)", [.text(username), .text(client), .integer(at)]
        )])
    }

    public func loginFailures(username: String, client: String, since: Int) async throws -> [Int] {
        try await executor.query(SQLStatement("""
            SELECT at FROM login_failures WHERE username = ? AND client = ? AND at >= ? ORDER BY at
            """, [.text(username), .text(client), .integer(since)])).compactMap { $0.first?.integer }
    }

    public func loginFailureCount(client: String, since: Int) async throws -> Int {
        try await executor.query(SQLStatement(
            "SELECT COUNT(*) FROM login_failures WHERE client = ? AND at >= ?", [.text(client), .integer(since)]
        )).first?.first?.integer ?? 0
    }

    public func clearLoginFailures(username: String, client: String) async throws {
        try await executor.transaction([SQLStatement(
            "DELETE FROM login_failures WHERE username = ? AND client = ?", [.text(username), .text(client)]
        )])
    }

    // MARK: Access log

    static let logColumns = "id, at, officer_id, unit_code, province_code, roles, purpose, action, resource, subject, fields, client"

    public func appendAccessLog(_ entry: AccessLogEntry) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO access_log (at, officer_id, unit_code, province_code, roles, purpose, action, resource, subject, fields, client)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(entry.at), .text(entry.officerID), .text(entry.unitCode), .text(entry.provinceCode),
                .text(entry.roles.map(\.rawValue).joined(separator: ",")),
                .text(entry.purpose), .text(entry.action), .text(entry.resource), .text(entry.subject),
                .text(entry.fields.joined(separator: ",")), .text(entry.client),
            ])])
    }

    public func accessLog(_ query: AccessLogQuery) async throws -> [AccessLogEntry] {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        func add(_ condition: String, _ value: String?) {
            guard let value else { return }
            conditions.append(condition)
            arguments.append(.text(value))
        }
        add("subject = ?", query.subject)
        add("officer_id = ?", query.officerID)
        add(query.unitCode?.count == 2 ? "province_code = ?" : "unit_code = ?", query.unitCode)
        add("at >= ?", query.from)
        add("at <= ?", query.to)
        arguments += [.integer(query.limit), .integer(query.offset)]
        return try await executor.query(SQLStatement("""
            SELECT \(Self.logColumns) FROM access_log WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ? OFFSET ?
            """, arguments)).map { row throws(StorageError) in
            guard row.count == 12, let id = row[0].integer, let at = row[1].text, let officer = row[2].text, let unit = row[3].text,
                  let province = row[4].text, let roles = row[5].text, let purpose = row[6].text, let action = row[7].text,
                  let resource = row[8].text, let subject = row[9].text, let fields = row[10].text, let client = row[11].text else {
                throw .corrupt("access_log row")
            }
            return AccessLogEntry(
                id: id, at: at, officerID: officer, unitCode: unit, provinceCode: province, roles: roles.split(separator: ",").compactMap { Role(rawValue: String($0)) },
                purpose: purpose, action: action, resource: resource, subject: subject,
                fields: fields.split(separator: ",").map(String.init), client: client
            )
        }
    }

    // MARK: Register grants

    static let grantColumns = "id, user_id, unit_code, province_code, reason, days, status, requested_at, decided_by, decided_at, expires_at"

    public func saveGrant(_ grant: RegisterGrant, event: GrantEvent) async throws {
        let (unit, province): (String, String) = switch grant.unit {
        case .commune(let code, let province): (code, province)
        case .province(let code): (code, code)
        case .nation: ("", "")
        }
        try await executor.transaction([
            SQLStatement("""
                INSERT INTO register_grants (\(Self.grantColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by,
                    decided_at = excluded.decided_at, expires_at = excluded.expires_at
                """, [
                    .text(grant.id), .text(grant.userID), .text(unit), .text(province), .text(grant.reason), .integer(grant.days),
                    .text(grant.status.rawValue), .integer(grant.requestedAt.minutes), grant.decidedBy.map(SQLValue.text) ?? .null,
                    grant.decidedAt.map { .integer($0.minutes) } ?? .null, grant.expiresAt.map { .integer($0.minutes) } ?? .null,
                ]),
            SQLStatement("""
                INSERT INTO register_grant_events (grant_id, at, actor_id, event, note) VALUES (?, ?, ?, ?, ?)
                """, [.text(grant.id), .integer(event.at.minutes), .text(event.actorID), .text(event.event), .text(event.note)]),
        ])
    }

    public func grant(id: String) async throws -> RegisterGrant? {
        try await executor.query(SQLStatement("SELECT \(Self.grantColumns) FROM register_grants WHERE id = ?", [.text(id)]))
            .first.map(Self.grant)
    }

    public func grants(provinceCode: String?, unitCode: String?, userID: String?) async throws -> [RegisterGrant] {
        let (conditions, arguments) = Self.equalities([("province_code", provinceCode), ("unit_code", unitCode), ("user_id", userID)])
        return try await executor.query(SQLStatement("""
            SELECT \(Self.grantColumns) FROM register_grants WHERE \(conditions.joined(separator: " AND ")) ORDER BY requested_at, id
            """, arguments)).map(Self.grant)
    }

    public func grantEvents(grantID: String) async throws -> [GrantEvent] {
        try await executor.query(SQLStatement(
            "SELECT at, actor_id, event, note FROM register_grant_events WHERE grant_id = ? ORDER BY id", [.text(grantID)]
        )).map { row throws(StorageError) in
            guard row.count == 4, let at = row[0].integer, let actor = row[1].text, let event = row[2].text, let note = row[3].text else {
                throw .corrupt("register_grant_events row")
            }
            return GrantEvent(at: Instant(minutes: at), actorID: actor, event: event, note: note)
        }
    }

    static func grant(_ row: [SQLValue]) throws(StorageError) -> RegisterGrant {
        guard row.count == 11, let id = row[0].text, let user = row[1].text, let unit = row[2].text, let province = row[3].text,
              let reason = row[4].text, let days = row[5].integer, let status = row[6].text.flatMap(RegisterGrant.Status.init(rawValue:)),
              let requested = row[7].integer else {
            throw .corrupt("register_grants row")
        }
        return RegisterGrant(
            id: id, userID: user, unit: unit.count == 5 ? .commune(code: unit, province: province) : .province(province),
            reason: reason, days: days, status: status, requestedAt: Instant(minutes: requested), decidedBy: row[8].text,
            decidedAt: row[9].integer.map(Instant.init(minutes:)), expiresAt: row[10].integer.map(Instant.init(minutes:))
        )
    }
}
