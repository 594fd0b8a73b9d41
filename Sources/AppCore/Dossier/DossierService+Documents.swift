public import Domain
public import Storage
import Crypto
import Foundation

extension DossierService {
    /// The largest file accepted, in bytes.
    public var settingsDocumentLimit: Int { settings.documents.maximumBytes }

    /// Stores an uploaded file after checking its size and type; returns its content address. Officers
    /// upload, and applicants with the online submission form (`user` nil); the file belongs to a dossier
    /// once a submission or a command attaches it.
    public func upload(_ bytes: [UInt8], declaredType: String, name: String?, by user: UserRecord?) async throws(AppError) -> StoredDocument {
        if let user,
           case .deny(let reason, _) = AccessPolicy.decide(user.officer, roles: [.receptionist, .specialist, .approver], places: [user.place]) {
            throw .forbidden(reason)
        }
        let mediaType: String
        do throws(DocumentError) {
            mediaType = try settings.documents.check(bytes, declaredType: declaredType)
        } catch {
            if case .tooLarge(let limit) = error { throw .tooLarge(limit: limit) }
            throw .invalid("file", error.message)
        }
        if let name, name.count > 255 { throw .invalid("name", "Tên tệp dài quá 255 ký tự") }
        let document = StoredDocument(sha256: Hex.string(SHA256.hash(data: bytes)), size: bytes.count, mediaType: mediaType, name: name)
        try await storage { try await store.documents.save(document, content: bytes, at: instant) }
        return document
    }

    /// A file of a dossier, for an officer who may see the dossier; each download is written to the
    /// access log (documents carry personal data).
    public func download(code: String, sha256: String, by user: UserRecord, client: String) async throws(AppError) -> (StoredDocument, [UInt8]) {
        let dossier = try await self.dossier(code: code, by: user)
        guard dossier.files.contains(sha256),
              let document = try await storage({ try await store.documents.metadata(sha256: sha256) }),
              let content = try await storage({ try await store.documents.content(sha256: sha256) }) else {
            throw .notFound(what: "tệp của hồ sơ", code: sha256)
        }
        try await identity.logAccess(
            by: user, action: "downloadDocument", resource: "dossier:\(dossier.code)/document:\(sha256)",
            subject: dossier.opening.applicant.personalID ?? dossier.opening.applicant.name, fields: ["document"], purpose: dossier.code,
            client: client
        )
        return (document, content)
    }

    /// Checks that every file a command refers to was uploaded.
    func checkUploaded(_ digests: [String]) async throws(AppError) {
        for digest in Set(digests) {
            guard StoredDocument.isDigest(digest), try await storage({ try await store.documents.metadata(sha256: digest) }) != nil else {
                throw .invalid("attachments", "Chưa có tệp với mã SHA-256 “\(digest)”; hãy tải tệp lên trước")
            }
        }
    }

    /// Anyone with the dossier code may check its results: which documents, signed by which agency and
    /// key, and whether each signature holds; with a file's SHA-256, whether it is one of them.
    public func verifyResults(code: String, sha256: String?) async throws(AppError) -> ResultVerification {
        let dossier = try await existing(code)
        var documents: [ResultVerification.Document] = []
        for signature in dossier.resultSignatures {
            documents.append(.init(
                sha256: signature.sha256, agencyCode: signature.agencyCode, keyID: signature.keyID, signedAt: signature.signedAt,
                valid: try await signing.verify(signature, dossierCode: dossier.code)
            ))
        }
        let matches = sha256.map { digest in documents.contains { $0.sha256 == digest.lowercased() && $0.valid } }
        return ResultVerification(code: dossier.code, status: dossier.status, outcome: dossier.outcome, documents: documents, matches: matches)
    }
}
