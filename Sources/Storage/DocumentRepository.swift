public import Domain

/// Document files, content-addressed: saving the same bytes twice stores them once.
public protocol DocumentRepository: Sendable {
    /// Stores the content (durably, before returning) and its metadata.
    func save(_ document: StoredDocument, content: [UInt8], at: Instant) async throws
    func metadata(sha256: String) async throws -> StoredDocument?
    func content(sha256: String) async throws -> [UInt8]?
    /// Stored digests in order after a position: what the data-quality check re-hashes.
    func digests(after: String?, limit: Int) async throws -> [String]
}

/// Documents inside the database (PostgreSQL: every instance sees them).
public struct SQLDocumentRepository: DocumentRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    public func save(_ document: StoredDocument, content: [UInt8], at: Instant) async throws {
        try await executor.transaction([Self.insert(document, content: .bytes(content), at: at)])
    }

    /// The metadata row (with the content where the engine keeps it); a second save changes nothing.
    public static func insert(_ document: StoredDocument, content: SQLValue, at: Instant) -> SQLStatement {
        SQLStatement("""
            INSERT INTO documents (sha256, size, media_type, name, created_at, content) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (sha256) DO NOTHING
            """, [.text(document.sha256), .integer(document.size), .text(document.mediaType), document.name.map(SQLValue.text) ?? .null,
                  .integer(at.minutes), content])
    }

    public func metadata(sha256: String) async throws -> StoredDocument? {
        try await Self.metadata(sha256: sha256, executor)
    }

    public static func metadata(sha256: String, _ executor: any SQLExecutor) async throws -> StoredDocument? {
        try await executor.query(SQLStatement("SELECT sha256, size, media_type, name FROM documents WHERE sha256 = ?", [.text(sha256)]))
            .first.map { StoredDocument(sha256: $0[0].text ?? "", size: $0[1].integer ?? 0, mediaType: $0[2].text ?? "", name: $0[3].text) }
    }

    public func content(sha256: String) async throws -> [UInt8]? {
        try await executor.query(SQLStatement("SELECT content FROM documents WHERE sha256 = ?", [.text(sha256)])).first?.first?.bytes
    }

    public func digests(after: String?, limit: Int) async throws -> [String] { try await Self.digestPage(after: after, limit: limit, executor) }

    public static func digestPage(after: String?, limit: Int, _ executor: any SQLExecutor) async throws -> [String] {
        try await executor.query(SQLStatement(
            "SELECT sha256 FROM documents WHERE sha256 > ? ORDER BY sha256 LIMIT ?", [.text(after ?? ""), .integer(limit)]
        )).compactMap { $0.first?.text }
    }
}

/// An agency's signing key pair as stored: the public key in the clear (it is published), the private
/// key sealed with the installation's key-encryption key.
public struct AgencyKeyRecord: Hashable, Sendable {
    public var agencyCode: String
    public var keyID: String
    /// Raw Ed25519 public key, base64.
    public var publicKey: String
    /// AES-GCM sealed box of the raw private key, base64.
    public var sealedPrivateKey: String
    public var createdAt: Instant
    public var retiredAt: Instant?

    public init(agencyCode: String, keyID: String, publicKey: String, sealedPrivateKey: String, createdAt: Instant, retiredAt: Instant? = nil) {
        self.agencyCode = agencyCode
        self.keyID = keyID
        self.publicKey = publicKey
        self.sealedPrivateKey = sealedPrivateKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

/// Agencies' signing keys: one active key per agency; rotation retires the old one, which still verifies
/// what it signed.
public protocol KeyRepository: Sendable {
    func keys(agencyCode: String) async throws -> [AgencyKeyRecord]
    /// Adds a key and retires every other active key of the agency, in one transaction.
    func rotate(to key: AgencyKeyRecord) async throws
}

public struct SQLKeyRepository: KeyRepository {
    let executor: any SQLExecutor

    public init(executor: any SQLExecutor) {
        self.executor = executor
    }

    public func keys(agencyCode: String) async throws -> [AgencyKeyRecord] {
        try await executor.query(SQLStatement("""
            SELECT key_id, public_key, sealed_private_key, created_at, retired_at FROM agency_keys WHERE agency_code = ?
            ORDER BY created_at, key_id
            """, [.text(agencyCode)])).map { row in
            AgencyKeyRecord(
                agencyCode: agencyCode, keyID: row[0].text ?? "", publicKey: row[1].text ?? "", sealedPrivateKey: row[2].text ?? "",
                createdAt: Instant(minutes: row[3].integer ?? 0), retiredAt: row[4].integer.map(Instant.init(minutes:))
            )
        }
    }

    public func rotate(to key: AgencyKeyRecord) async throws {
        try await executor.transaction([
            SQLStatement("UPDATE agency_keys SET retired_at = ? WHERE agency_code = ? AND retired_at IS NULL",
                         [.integer(key.createdAt.minutes), .text(key.agencyCode)]),
            SQLStatement("""
                INSERT INTO agency_keys (agency_code, key_id, public_key, sealed_private_key, created_at) VALUES (?, ?, ?, ?, ?)
                """, [.text(key.agencyCode), .text(key.keyID), .text(key.publicKey), .text(key.sealedPrivateKey), .integer(key.createdAt.minutes)]),
        ])
    }
}
