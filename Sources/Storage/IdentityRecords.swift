public import Domain

/// An officer's account as stored.
public struct UserRecord: Hashable, Sendable {
    public var id: String
    public var username: String
    public var fullName: String
    public var agencyCode: String
    public var unitCode: String
    public var provinceCode: String
    public var roles: Set<Role>
    public var passwordHash: String
    public var active: Bool
    public var createdAt: String

    public init(
        id: String, username: String, fullName: String, agencyCode: String, unitCode: String, provinceCode: String,
        roles: Set<Role>, passwordHash: String, active: Bool = true, createdAt: String
    ) {
        self.id = id
        self.username = username
        self.fullName = fullName
        self.agencyCode = agencyCode
        self.unitCode = unitCode
        self.provinceCode = provinceCode
        self.roles = roles
        self.passwordHash = passwordHash
        self.active = active
        self.createdAt = createdAt
    }

    public var place: Place {
        unitCode.count == 5 ? .commune(code: unitCode, province: provinceCode) : .province(provinceCode)
    }

    public var officer: Officer { Officer(id: id, roles: roles, unit: place, agencyCode: agencyCode) }
}

/// A sign-in token as stored: only its SHA-256, never the token itself. Times in seconds since 1970.
public struct TokenRecord: Hashable, Sendable {
    public enum Kind: String, Sendable { case api, session }

    public var tokenHash: String
    public var userID: String
    public var kind: Kind
    public var createdAt: Int
    public var lastUsedAt: Int
    public var expiresAt: Int
    public var revoked: Bool

    public init(tokenHash: String, userID: String, kind: Kind, createdAt: Int, lastUsedAt: Int, expiresAt: Int, revoked: Bool = false) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.kind = kind
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.revoked = revoked
    }
}

/// One view of a person's data or one register look-up: append-only.
public struct AccessLogEntry: Hashable, Sendable {
    public var id: Int?
    public var at: String
    public var officerID: String
    public var unitCode: String
    public var provinceCode: String
    public var roles: [Role]
    /// A dossier code or a stated reason.
    public var purpose: String
    public var action: String
    public var resource: String
    /// Whose data: an officer's id or a person's ID number (stored whole, shown masked).
    public var subject: String
    public var fields: [String]
    public var client: String

    public init(
        id: Int? = nil, at: String, officerID: String, unitCode: String, provinceCode: String, roles: [Role], purpose: String, action: String,
        resource: String, subject: String, fields: [String], client: String
    ) {
        self.id = id
        self.at = at
        self.officerID = officerID
        self.unitCode = unitCode
        self.provinceCode = provinceCode
        self.roles = roles
        self.purpose = purpose
        self.action = action
        self.resource = resource
        self.subject = subject
        self.fields = fields
        self.client = client
    }
}

public struct AccessLogQuery: Sendable, Equatable {
    public var subject: String?
    public var officerID: String?
    /// Entries of officers of this unit (5 digits) or province (2 digits).
    public var unitCode: String?
    public var from: String?
    public var to: String?
    public var offset: Int
    public var limit: Int

    public init(subject: String? = nil, officerID: String? = nil, unitCode: String? = nil, from: String? = nil, to: String? = nil, offset: Int = 0, limit: Int = 100) {
        self.subject = subject
        self.officerID = officerID
        self.unitCode = unitCode
        self.from = from
        self.to = to
        self.offset = offset
        self.limit = limit
    }
}

/// Agencies, accounts, sign-in tokens, failed logins and the access log.
public protocol IdentityRepository: Sendable {
    func saveAgencies(_ agencies: [Agency]) async throws
    func agencies(provinceCode: String?, unitCode: String?, offset: Int, limit: Int) async throws -> [Agency]
    func agency(code: String) async throws -> Agency?
    func agencyCount() async throws -> Int

    func addUser(_ user: UserRecord) async throws
    func user(username: String) async throws -> UserRecord?
    func user(id: String) async throws -> UserRecord?
    func users(provinceCode: String?, unitCode: String?, offset: Int, limit: Int) async throws -> [UserRecord]
    /// Sets a new password hash and revokes every token of the account, in one transaction.
    func setPassword(userID: String, hash: String) async throws

    func addToken(_ token: TokenRecord) async throws
    func token(hash: String) async throws -> TokenRecord?
    /// A token and the account it belongs to (nil when the account is gone), or nil for an unknown token.
    func session(tokenHash: String) async throws -> (token: TokenRecord, user: UserRecord?)?
    func touchToken(hash: String, at: Int) async throws
    func revokeToken(hash: String) async throws
    func revokeTokens(userID: String) async throws

    func recordLoginFailure(username: String, client: String, at: Int) async throws
    func loginFailures(username: String, client: String, since: Int) async throws -> [Int]
    func clearLoginFailures(username: String, client: String) async throws
    /// Failed sign-ins from one address, whatever the account, since a time.
    func loginFailureCount(client: String, since: Int) async throws -> Int

    func appendAccessLog(_ entry: AccessLogEntry) async throws
    func accessLog(_ query: AccessLogQuery) async throws -> [AccessLogEntry]

    /// Inserts or updates a grant and appends the event that changed it, in one transaction.
    func saveGrant(_ grant: RegisterGrant, event: GrantEvent) async throws
    func grant(id: String) async throws -> RegisterGrant?
    func grants(provinceCode: String?, unitCode: String?, userID: String?) async throws -> [RegisterGrant]
    func grantEvents(grantID: String) async throws -> [GrantEvent]
}

/// One step in a grant's life, kept for audit: requested, granted, refused, revoked.
public struct GrantEvent: Hashable, Sendable {
    public var at: Instant
    public var actorID: String
    public var event: String
    public var note: String

    public init(at: Instant, actorID: String, event: String, note: String) {
        self.at = at
        self.actorID = actorID
        self.event = event
        self.note = note
    }
}
