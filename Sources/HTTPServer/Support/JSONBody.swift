import AppCore
import Domain
import Foundation
import Hummingbird

/// Reads a JSON request body with clear answers for each way it can be wrong: too large, empty, not
/// UTF-8, not JSON, or JSON of the wrong shape.
enum JSONBody {
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try decode(type, from: try await collect(request, limit: limit))
    }

    /// The body's bytes, after checking the media type and the size.
    static func collect(_ request: Request, limit: Int, accepting types: [String] = ["json"]) async throws -> [UInt8] {
        if let contentType = request.headers[.contentType]?.lowercased(), !types.contains(where: contentType.contains) {
            throw RequestError.unsupportedMediaType(contentType)
        }
        do {
            return Array(try await request.body.collect(upTo: limit).readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError.tooLarge(limit: limit)
        }
    }

    /// The types a file import takes: JSON Lines or CSV (and text/plain, which some tools send for both).
    static let fileTypes = ["json", "csv", "text/plain"]

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { throw RequestError.emptyBody }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw RequestError.invalidUTF8 }
        if ByteSearch.contains(bytes, caseInsensitive: "\\u0000") {
            throw AppError.invalid("body", "Nội dung không được chứa ký tự NUL (\\u0000)")
        }
        if let flat = T.self as? any FlatJSONDecodable.Type, let values = FlatJSON.fields(bytes) {
            var fields = FlatFields(values)
            if let value = flat.init(flat: &fields) as? T, !fields.mismatched { return value }
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> RequestError {
        func path(_ context: DecodingError.Context) -> String {
            let parts = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return parts.isEmpty ? "/" : parts.joined(separator: "/")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return .invalidField(field: (parent + [key.stringValue]).joined(separator: "/"), message: "Thiếu trường “\(key.stringValue)”")
        case .typeMismatch(let type, let context):
            return .invalidField(field: path(context), message: "Sai kiểu dữ liệu: cần \(typeName(type))")
        case .valueNotFound(let type, let context):
            return .invalidField(field: path(context), message: "Không được để trống (null): cần \(typeName(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .malformedJSON("JSON không hợp lệ: \(context.debugDescription)")
            }
            return .invalidField(field: path(context), message: "Giá trị không hợp lệ")
        @unknown default:
            return .malformedJSON("JSON không hợp lệ")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "chuỗi (string)"
        case is [String].Type: "mảng chuỗi (array of strings)"
        case is Int.Type, is Double.Type: "số (number)"
        case is Bool.Type: "true/false"
        default: "đối tượng (object)"
        }
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        response(encoded: try StreamingJSONEncoder().encode(value), status: status)
    }

    /// An object whose last member is a long array (`head` with that array empty), in parts (`JSONParts`).
    static func response<Head: Encodable, Element: Encodable>(head: Head, trailing elements: [Element]) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(contentsOf: try JSONParts.buffers(head: head, elements: elements))
        )
    }

    /// JSON already written (a work-queue page of views kept in memory).
    static func response(encoded bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
