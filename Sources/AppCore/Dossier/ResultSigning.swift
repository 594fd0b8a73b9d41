public import Domain
public import Storage
public import Foundation
import Crypto

/// Agencies' Ed25519 keys: created on first use, rotated on demand, private halves sealed with the
/// installation's key-encryption key (`MOTCUA_SIGNING_KEY`, 32 bytes base64; without it, a random one
/// kept in the database — then whoever reads the database can sign, so set it in production).
public struct ResultSigning: Sendable {
    public let store: any Store
    let now: @Sendable () -> Date
    let environmentKey: String?

    public init(store: any Store, now: @escaping @Sendable () -> Date, environmentKey: String? = ProcessInfo.processInfo.environment["MOTCUA_SIGNING_KEY"]) {
        self.store = store
        self.now = now
        self.environmentKey = environmentKey
    }

    var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }

    func keyEncryptionKey() async throws(AppError) -> SymmetricKey {
        if let environmentKey {
            guard let data = Data(base64Encoded: environmentKey), data.count == 32 else {
                throw .unavailable("MOTCUA_SIGNING_KEY must be 32 bytes in base64")
            }
            return SymmetricKey(data: data)
        }
        let proposed = Data(SecureRandom.bytes(32)).base64EncodedString()
        let stored = try await storage { try await store.dossiers.serverKey(name: "signing-kek", proposed: proposed, at: instant) }
        guard let data = Data(base64Encoded: stored), data.count == 32 else { throw .unavailable("the stored signing key-encryption key is damaged") }
        return SymmetricKey(data: data)
    }

    /// A new key for the agency; the previous one is retired (it still verifies what it signed).
    @discardableResult
    public func rotate(agencyCode: String) async throws(AppError) -> AgencyKeyRecord {
        let kek = try await keyEncryptionKey()
        let key = Curve25519.Signing.PrivateKey()
        let sealed: Data
        do {
            guard let combined = try AES.GCM.seal(key.rawRepresentation, using: kek).combined else { throw AppError.unavailable("sealing failed") }
            sealed = combined
        } catch {
            throw .unavailable("cannot seal the signing key: \(error)")
        }
        let publicKey = key.publicKey.rawRepresentation
        let record = AgencyKeyRecord(
            agencyCode: agencyCode, keyID: Hex.string(SHA256.hash(data: publicKey).prefix(8)), publicKey: publicKey.base64EncodedString(),
            sealedPrivateKey: sealed.base64EncodedString(), createdAt: instant
        )
        try await storage { try await store.keys.rotate(to: record) }
        return record
    }

    /// Signatures of the agency's active key (created if the agency has none) over result documents.
    public func sign(_ digests: [String], dossierCode: String, agencyCode: String) async throws(AppError) -> [ResultSignature] {
        guard !digests.isEmpty else { return [] }
        var record = try await storage { try await store.keys.keys(agencyCode: agencyCode) }.last { $0.retiredAt == nil }
        if record == nil { record = try await rotate(agencyCode: agencyCode) }
        guard let record, let sealed = Data(base64Encoded: record.sealedPrivateKey) else { throw .unavailable("no signing key") }
        let kek = try await keyEncryptionKey()
        let signedAt = instant
        do {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: kek))
            return try digests.map { digest in
                let payload = ResultSignature.payload(dossierCode: dossierCode, sha256: digest, agencyCode: agencyCode, signedAt: signedAt)
                return ResultSignature(
                    sha256: digest, agencyCode: agencyCode, keyID: record.keyID,
                    signature: try key.signature(for: Data(payload)).base64EncodedString(), signedAt: signedAt
                )
            }
        } catch {
            throw .unavailable("cannot open the signing key of \(agencyCode) (was MOTCUA_SIGNING_KEY changed?)")
        }
    }

    /// Whether a signature is the agency's: its key, over exactly this dossier, document and time.
    public func verify(_ signature: ResultSignature, dossierCode: String) async throws(AppError) -> Bool {
        let keys = try await storage { try await store.keys.keys(agencyCode: signature.agencyCode) }
        guard let record = keys.first(where: { $0.keyID == signature.keyID }), let raw = Data(base64Encoded: record.publicKey),
              let signed = Data(base64Encoded: signature.signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signed, for: Data(signature.payload(dossierCode: dossierCode)))
    }

    /// The agency's keys, for publication: public halves only.
    public func publicKeys(agencyCode: String) async throws(AppError) -> [PublicKeyView] {
        try await storage { try await store.keys.keys(agencyCode: agencyCode) }.map {
            PublicKeyView(keyID: $0.keyID, algorithm: "Ed25519", publicKey: $0.publicKey, createdAt: $0.createdAt, retiredAt: $0.retiredAt)
        }
    }
}

public struct PublicKeyView: Sendable, Codable, Equatable {
    public var keyID: String
    public var algorithm: String
    /// Raw 32-byte public key, base64.
    public var publicKey: String
    public var createdAt: Instant
    public var retiredAt: Instant?
}

/// The answer of the public verification of a dossier's results.
public struct ResultVerification: Sendable, Codable, Equatable {
    public struct Document: Sendable, Codable, Equatable {
        public var sha256: String
        public var agencyCode: String
        public var keyID: String
        public var signedAt: Instant
        public var valid: Bool
    }

    public var code: String
    public var status: DossierStatus
    public var outcome: Outcome?
    public var documents: [Document]
    /// With `sha256` asked: whether that file is one of the dossier's validly signed results.
    public var matches: Bool?
}
