public import Domain
public import Storage
public import Foundation
import Crypto
import HummingbirdBcrypt
import Synchronization

/// Sign-in, accounts, agencies and the access log.
public struct IdentityService: Sendable {
    public struct Settings: Sendable {
        /// bcrypt cost: 12 in production; tests lower it to stay fast.
        public var bcryptCost: UInt8 = 12
        /// Seconds a token lives at most, and without use.
        public var absoluteLifetime = 12 * 3600
        public var idleLifetime = 60 * 60
        /// Seconds between two writes of a token's last use (the idle expiry is this much coarse).
        public var touchInterval = 60
        public var throttle = LoginThrottle()
        /// Failed sign-ins one address may make in an hour, whatever the accounts (credential stuffing).
        public var failuresPerAddressPerHour = 50
        /// Seconds a token's session, once read, answers from memory (0: read on every request). This
        /// process forgets it at once on sign-out, revoke-all and a password change; another server on
        /// the same PostgreSQL sees a revocation this much later. Every request read it, and on
        /// PostgreSQL that read was a round trip of each filing's four (BENCHMARKS.md, issue 5).
        public var sessionCacheSeconds: Double = 2

        public init() {}
    }

    public let store: any Store
    public let settings: Settings
    let now: @Sendable () -> Date
    /// Sessions by token hash (`Settings.sessionCacheSeconds`), shared by the service's copies.
    let sessions = ExpiringCache<(token: TokenRecord, user: UserRecord?)>()

    public init(store: any Store, settings: Settings = Settings(), now: @escaping @Sendable () -> Date) {
        self.store = store
        self.settings = settings
        self.now = now
    }

    /// Hashes verified when the account does not exist, so that the answer takes as long either way: one
    /// per cost and process, made when first needed. Made in every initialiser, each CLI command paid a
    /// bcrypt it never used (0.3 s at cost 12; 1.2 % of an import's CPU).
    static let absentHashes = Mutex<[UInt8: String]>([:])

    var absentHash: String {
        Self.absentHashes.withLock { hashes in
            if let made = hashes[settings.bcryptCost] { return made }
            let made = Bcrypt.hash(UUID().uuidString, cost: settings.bcryptCost)
            hashes[settings.bcryptCost] = made
            return made
        }
    }

    /// Makes the absent-account hash now, so that the first sign-in under an unknown name takes no longer
    /// than the others (a server calls it at start).
    public func prepareSignIn() {
        _ = absentHash
    }

    var seconds: Int { Int(now().timeIntervalSince1970) }
    var instant: String { ISO8601DateFormatter().string(from: now()) }

    /// A service centre and a People's Committee for every current province and commune, once.
    @discardableResult
    public func seedAgencies() async throws -> Int {
        guard try await store.identity.agencyCount() == 0 else { return 0 }
        let agencies = AgencyCode.seed(units: try await store.geography.allUnits())
        try await store.identity.saveAgencies(agencies)
        return agencies.count
    }

    public struct NewUser: Sendable {
        public var username: String
        public var fullName: String
        public var password: String
        public var roles: [String]
        public var unitCode: String
        public var agencyCode: String?

        public init(username: String, fullName: String, password: String, roles: [String], unitCode: String, agencyCode: String? = nil) {
            self.username = username
            self.fullName = fullName
            self.password = password
            self.roles = roles
            self.unitCode = unitCode
            self.agencyCode = agencyCode
        }
    }

    /// Creates an account after checking every field; `by` is the admin doing it (nil from the command line).
    public func addUser(_ new: NewUser, by admin: Officer?) async throws(AppError) -> UserRecord {
        var issues: [AppError.FieldIssue] = []
        let validName = new.username.utf8.count >= 3 && new.username.utf8.count <= 64
            && new.username.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        if !validName { issues.append(.init("username", "Tên đăng nhập 3–64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang")) }
        if new.fullName.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init("fullName", "Cần họ và tên")) }
        issues += PasswordRules.problems(new.password, username: new.username).map { .init("password", $0) }
        let roles = new.roles.compactMap(Role.init(rawValue:))
        if roles.count != new.roles.count || roles.isEmpty {
            issues.append(.init("roles", "Vai trò không hợp lệ; dùng: \(Role.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        guard let unitLevel = AdministrativeLevel.forCode(new.unitCode), unitLevel != .district else {
            throw .invalid(issues + [.init("unitCode", "Mã đơn vị phải là mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số)")])
        }
        let today = LocalDate(vietnamTimeOf: now().timeIntervalSince1970)
        let unit = try await storage { try await store.geography.units(code: new.unitCode, level: unitLevel, at: max(today, Reform.effectiveDate)).first }
        if unit == nil { issues.append(.init("unitCode", "Không có đơn vị mã \(new.unitCode) hiện hành")) }
        guard issues.isEmpty, let unit else { throw .invalid(issues) }
        let place: Place = unit.level == .commune ? .commune(code: unit.code, province: unit.provinceCode) : .province(unit.code)
        if let admin {
            let decision = AccessPolicy.decide(admin, .manageUsers, Resource(place: place, rolesGiven: Set(roles)))
            if case .deny(let reason, let hidden) = decision {
                throw hidden ? .notFound(what: "đơn vị", code: unit.code) : .forbidden(reason)
            }
        }
        let agencyCode = try await agency(for: new.agencyCode, unit: unit)
        if try await storage({ try await store.identity.user(username: new.username) }) != nil {
            throw .conflict("Tên đăng nhập “\(new.username)” đã được dùng")
        }
        let user = UserRecord(
            id: UUID().uuidString.lowercased(), username: new.username, fullName: new.fullName, agencyCode: agencyCode,
            unitCode: unit.code, provinceCode: unit.provinceCode, roles: Set(roles),
            passwordHash: Bcrypt.hash(new.password, cost: settings.bcryptCost), createdAt: instant
        )
        do {
            try await store.identity.addUser(user)
        } catch {
            // Two creations of one username at once: the database's unique index refuses the second.
            if (try? await store.identity.user(username: new.username)) != nil {
                throw .conflict("Tên đăng nhập “\(new.username)” đã được dùng")
            }
            throw .unavailable(String(describing: error))
        }
        return user
    }

    private func agency(for code: String?, unit: AdministrativeUnit) async throws(AppError) -> String {
        if let code {
            guard let agency = try await storage({ try await store.identity.agency(code: code) }), agency.unitCode == unit.code else {
                throw .invalid("agencyCode", "Không có cơ quan mã \(code) thuộc đơn vị \(unit.code)")
            }
            return agency.code
        }
        _ = try await storage { try await seedAgencies() }
        let agencies = try await storage { try await store.identity.agencies(provinceCode: nil, unitCode: unit.code, offset: 0, limit: 50) }
        guard let centre = agencies.first(where: { $0.kind == .communeServiceCentre || $0.kind == .provincialServiceCentre }) else {
            throw .invalid("agencyCode", "Đơn vị \(unit.code) chưa có cơ quan; hãy nhập danh mục cơ quan trước")
        }
        return centre.code
    }

    public struct Session: Sendable {
        public var token: String
        public var expiresAt: Date
        public var user: UserRecord
    }

    /// Checks the password; on success issues a token. Failures are counted per (account, client), so
    /// a stranger cannot lock an officer out from elsewhere.
    public func login(username: String, password: String, client: String, kind: TokenRecord.Kind = .api) async throws(AppError) -> Session {
        let now = seconds
        let failures = try await storage {
            try await store.identity.loginFailures(username: username, client: client, since: now - settings.throttle.window)
        }
        let wait = settings.throttle.wait(failures: failures, now: now)
        if wait > 0 { throw .tooManyAttempts(retryAfter: wait) }
        let fromAddress = try await storage { try await store.identity.loginFailureCount(client: client, since: now - 3600) }
        if fromAddress >= settings.failuresPerAddressPerHour { throw .tooManyAttempts(retryAfter: 600) }
        let user = try await storage { try await store.identity.user(username: username) }
        // Verify against a fixed hash when the account does not exist, so timing does not tell.
        let verified = Bcrypt.verify(password, hash: user?.passwordHash ?? absentHash)
        guard let user, verified, user.active else {
            try await storage { try await store.identity.recordLoginFailure(username: username, client: client, at: now) }
            throw .unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng")
        }
        try await storage { try await store.identity.clearLoginFailures(username: username, client: client) }
        let token = Self.randomToken()
        let expires = now + settings.absoluteLifetime
        try await storage {
            try await store.identity.addToken(TokenRecord(
                tokenHash: Self.hash(token), userID: user.id, kind: kind, createdAt: now, lastUsedAt: now, expiresAt: expires
            ))
        }
        return Session(token: token, expiresAt: Date(timeIntervalSince1970: Double(expires)), user: user)
    }

    /// The account a token belongs to, if the token is valid now.
    public func authenticate(token: String) async throws(AppError) -> UserRecord {
        let now = seconds
        // A sign-out or revocation by this server while the session is read: what was read is not kept.
        let forgotten = sessions.forgotten
        guard token.utf8.count >= 20, token.utf8.count <= 128,
              let (record, account) = try await session(tokenHash: Self.hash(token), forgotten: forgotten) else {
            throw .unauthenticated("Phiên đăng nhập không hợp lệ")
        }
        guard !record.revoked else { throw .unauthenticated("Phiên đăng nhập đã bị thu hồi") }
        guard now < record.expiresAt, now - record.lastUsedAt < settings.idleLifetime else {
            throw .unauthenticated("Phiên đăng nhập đã hết hạn")
        }
        guard let user = account, user.active else {
            throw .unauthenticated("Tài khoản không còn hoạt động")
        }
        // The idle clock counts in minutes: one write a minute per token, not one per request.
        if now - record.lastUsedAt >= settings.touchInterval {
            try await storage { try await store.identity.touchToken(hash: record.tokenHash, at: now) }
            var touched = record
            touched.lastUsedAt = now
            remember(touched, user, forgotten: forgotten)
        }
        return user
    }

    /// The token's session, from memory if read less than `sessionCacheSeconds` ago.
    func session(tokenHash: String, forgotten: Int) async throws(AppError) -> (token: TokenRecord, user: UserRecord?)? {
        let clock = now().timeIntervalSince1970
        if settings.sessionCacheSeconds > 0, let known = sessions.value(tokenHash, now: clock) { return known }
        guard let read = try await storage({ try await store.identity.session(tokenHash: tokenHash) }) else { return nil }
        remember(read.token, read.user, forgotten: forgotten)
        return read
    }

    /// Keeps a session read when the cache's `forgotten` count was `forgotten`, unless something was
    /// forgotten since.
    func remember(_ token: TokenRecord, _ user: UserRecord?, forgotten: Int) {
        guard settings.sessionCacheSeconds > 0 else { return }
        sessions.store(
            token.tokenHash, (token, user), now: now().timeIntervalSince1970, lifetime: settings.sessionCacheSeconds, readAt: forgotten
        )
    }

    public func logout(token: String) async throws(AppError) {
        try await storage { try await store.identity.revokeToken(hash: Self.hash(token)) }
        sessions.remove(Self.hash(token))
    }

    public func revokeAll(userID: String) async throws(AppError) {
        try await storage { try await store.identity.revokeTokens(userID: userID) }
        sessions.removeAll()
    }

    /// Records one view of a person's data or one register look-up.
    public func logAccess(by user: UserRecord, action: String, resource: String, subject: String, fields: [String], purpose: String, client: String) async throws(AppError) {
        try await storage {
            try await store.identity.appendAccessLog(AccessLogEntry(
                at: instant, officerID: user.id, unitCode: user.unitCode, provinceCode: user.provinceCode,
                roles: user.roles.sorted(), purpose: purpose, action: action, resource: resource, subject: subject,
                fields: fields, client: client
            ))
        }
    }

    /// The access log, for inspectors and system administrators within their scope. Without a unit, the
    /// asker's own scope.
    public func accessLog(for user: UserRecord, query: AccessLogQuery) async throws(AppError) -> [AccessLogEntry] {
        var query = try AccessLogPeriod.normalized(query)
        if query.unitCode == nil, !user.roles.contains(.sysadmin) { query.unitCode = user.unitCode }
        let place = try await place(ofUnit: query.unitCode)
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, .viewAccessLog, Resource(place: place)) {
            throw hidden ? .notFound(what: "nhật ký truy cập của đơn vị", code: query.unitCode ?? "") : .forbidden(reason)
        }
        return try await storage { try await store.identity.accessLog(query) }
    }

    /// Where a unit code given in a query lies: a current commune (with its real province), a province,
    /// or the nation when none is given.
    func place(ofUnit code: String?) async throws(AppError) -> Place {
        switch code {
        case let code? where AdministrativeLevel.forCode(code) == .commune:
            let today = max(LocalDate(vietnamTimeOf: now().timeIntervalSince1970), Reform.effectiveDate)
            guard let unit = try await storage({ try await store.geography.units(code: code, level: .commune, at: today).first }) else {
                throw .notFound(what: "xã", code: code)
            }
            return .commune(code: code, province: unit.provinceCode)
        case let code? where AdministrativeLevel.forCode(code) == .province:
            return .province(code)
        case let code?:
            throw .invalid("unit", "Mã đơn vị “\(code)” không hợp lệ")
        case nil:
            return .nation
        }
    }

    public func agencies(provinceCode: String?, unitCode: String?, offset: Int, limit: Int) async throws(AppError) -> [Agency] {
        try Self.requireCode(provinceCode, field: "province", levels: [.province])
        try Self.requireCode(unitCode, field: "unit", levels: [.province, .commune])
        return try await storage { try await store.identity.agencies(provinceCode: provinceCode, unitCode: unitCode, offset: offset, limit: limit) }
    }

    /// A unit code given in a query has the shape of one of `levels`, or the query is refused by name (a
    /// malformed code would only match nothing, and read as "none").
    public static func requireCode(_ code: String?, field: String, levels: Set<AdministrativeLevel>) throws(AppError) {
        guard let code else { return }
        if let level = AdministrativeLevel.forCode(code), levels.contains(level) { return }
        throw .invalid(field, "Mã đơn vị “\(code)” không hợp lệ: mã tỉnh có 2 chữ số, mã xã 5")
    }

    /// 32 random bytes, base64url: sign-in and CSRF tokens.
    public static func randomToken() -> String {
        Data(SecureRandom.bytes(32)).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }
}
