import AppCore
import Domain
import Foundation
import Hummingbird
import MultipartKit
import Storage

/// `/api/v1/documents` (upload), a dossier's files, public verification of results, agencies' keys.
struct DocumentAPI<Context: RequestContext & RemoteAddressRequestContext> {
    let service: DossierService
    let identity: IdentityAPI<Context>

    var routes: [Route<Context>] {
        [
            Route(.post, "api/v1/documents", upload),
            Route(.get, "api/v1/dossiers/:code/documents/:sha256", download),
            Route(.get, "api/v1/results/:code/verify", verify),
            Route(.get, "api/v1/agencies/:code/keys", keys),
        ]
    }

    /// A file as `multipart/form-data` (part `file`, with its filename and type), or the raw bytes with
    /// their own Content-Type and `?name=`.
    @Sendable func upload(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let limit = service.settingsDocumentLimit + 64 * 1024
        let contentType = request.headers[.contentType] ?? ""
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw AppError.tooLarge(limit: service.settingsDocumentLimit)
        }
        var file: (bytes: [UInt8], type: String, name: String?)
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            file = try Self.filePart(body, contentType: contentType)
        } else {
            file = (Array(body.readableBytesView), contentType, request.uri.queryParameters.get("name"))
        }
        let document = try await service.upload(file.bytes, declaredType: file.type, name: file.name, by: user)
        return try JSONBody.response(document, status: .created)
    }

    /// The part named `file` of a multipart body.
    static func filePart(_ body: ByteBuffer, contentType: String) throws -> (bytes: [UInt8], type: String, name: String?) {
        guard let part = try FormBody.parts(body, contentType: contentType).first(where: { $0.name == "file" }) else {
            throw AppError.invalid("file", "Thiếu phần “file” trong biểu mẫu tải lên")
        }
        return (part.bytes, part.contentType ?? "application/octet-stream", part.filename)
    }

    @Sendable func download(_ request: Request, context: Context) async throws -> Response {
        let user = try await identity.user(request)
        let (document, content) = try await service.download(
            code: try context.parameters.require("code"), sha256: try context.parameters.require("sha256"), by: user,
            client: identity.client(request, context)
        )
        let extensions = ["application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"]
        return Response(
            status: .ok,
            headers: [
                .contentType: document.mediaType, .cacheControl: "private, no-store",
                .contentDisposition: "attachment; filename=\"\(document.sha256.prefix(12)).\(extensions[document.mediaType] ?? "bin")\"",
                .eTag: "\"\(document.sha256)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: content))
        )
    }

    @Sendable func verify(_ request: Request, context: Context) async throws -> Response {
        let digest = request.uri.queryParameters.get("sha256")
        if let digest, !StoredDocument.isDigest(digest.lowercased()) {
            throw AppError.invalid("sha256", "sha256 phải gồm 64 chữ số thập lục phân")
        }
        return try JSONBody.response(try await service.verifyResults(code: try context.parameters.require("code"), sha256: digest))
    }

    @Sendable func keys(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        return try JSONBody.response(AgencyKeysDTO(agencyCode: code, keys: try await service.signing.publicKeys(agencyCode: code)))
    }
}

struct AgencyKeysDTO: Encodable {
    var agencyCode: String
    var keys: [PublicKeyView]
}
