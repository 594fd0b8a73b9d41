/// A document file as stored: content-addressed by its SHA-256 (hex), with size and media type.
public struct StoredDocument: Hashable, Sendable, Codable {
    public var sha256: String
    public var size: Int
    public var mediaType: String
    public var name: String?

    public init(sha256: String, size: Int, mediaType: String, name: String?) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.name = name
    }

    /// 64 lower-case hex digits.
    public static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}

/// Why a file is refused.
public enum DocumentError: Error, Equatable, Sendable {
    case empty
    case tooLarge(limit: Int)
    case typeNotAllowed(String)
    /// The bytes are not what the declared type says (a renamed executable, say).
    case contentMismatch(declared: String)

    public var message: String {
        switch self {
        case .empty: "Tệp rỗng"
        case .tooLarge(let limit): "Tệp vượt quá \(limit / 1_048_576) MB cho phép"
        case .typeNotAllowed(let type): "Loại tệp “\(type)” không được chấp nhận; chỉ nhận PDF, JPEG, PNG"
        case .contentMismatch(let declared): "Nội dung tệp không phải \(declared) như đã khai"
        }
    }
}

/// What files are accepted: a size limit and an allow-list of media types, each recognised by its first
/// bytes so that the declared type cannot lie. Both are settings (DOMAIN.md leaves them to the province).
public struct DocumentRules: Sendable, Equatable {
    public var maximumBytes: Int
    public var allowedTypes: [String]

    public init(maximumBytes: Int = 10 * 1_048_576, allowedTypes: [String] = ["application/pdf", "image/jpeg", "image/png"]) {
        self.maximumBytes = maximumBytes
        self.allowedTypes = allowedTypes
    }

    static let signatures: [String: [UInt8]] = [
        "application/pdf": Array("%PDF-".utf8), "image/jpeg": [0xFF, 0xD8, 0xFF], "image/png": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
    ]

    /// The media type to store, or why the file is refused.
    public func check(_ bytes: [UInt8], declaredType: String) throws(DocumentError) -> String {
        let type = String(declaredType.split(separator: ";").first ?? "").trimmingWhitespace.lowercased()
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= maximumBytes else { throw .tooLarge(limit: maximumBytes) }
        guard allowedTypes.contains(type) else { throw .typeNotAllowed(type) }
        if let magic = Self.signatures[type], !bytes.starts(with: magic) { throw .contentMismatch(declared: type) }
        return type
    }
}

/// An agency's signature over a result document: which key, when, over what.
public struct ResultSignature: Hashable, Sendable, Codable {
    public var sha256: String
    public var agencyCode: String
    public var keyID: String
    /// Ed25519 signature of `payload`, base64.
    public var signature: String
    public var signedAt: Instant

    public init(sha256: String, agencyCode: String, keyID: String, signature: String, signedAt: Instant) {
        self.sha256 = sha256
        self.agencyCode = agencyCode
        self.keyID = keyID
        self.signature = signature
        self.signedAt = signedAt
    }

    /// The exact bytes signed: a result of this dossier, with this content, issued by this agency then.
    public static func payload(dossierCode: String, sha256: String, agencyCode: String, signedAt: Instant) -> [UInt8] {
        Array("MotCua result v1\n\(dossierCode)\n\(sha256)\n\(agencyCode)\n\(signedAt)".utf8)
    }

    public func payload(dossierCode: String) -> [UInt8] {
        Self.payload(dossierCode: dossierCode, sha256: sha256, agencyCode: agencyCode, signedAt: signedAt)
    }
}
