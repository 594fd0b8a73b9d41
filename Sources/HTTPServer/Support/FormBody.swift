import AppCore
import Foundation
import Hummingbird
import MultipartKit

/// HTML form bodies: `application/x-www-form-urlencoded` fields and `multipart/form-data` parts.
enum FormBody {
    struct Part: Sendable {
        var name: String?
        var filename: String?
        var contentType: String?
        var bytes: [UInt8]
    }

    /// The body, refused beyond `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw RequestError.tooLarge(limit: limit)
        }
    }

    /// The fields of an URL-encoded form; a repeated name keeps its last value.
    static func fields(_ body: ByteBuffer) -> [String: String] {
        fieldsAndLists(body).fields
    }

    /// The same, and every value of each name in order (checkboxes repeat a name).
    static func fieldsAndLists(_ body: ByteBuffer) -> (fields: [String: String], lists: [String: [String]]) {
        var fields: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for pair in String(decoding: body.readableBytesView, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            guard let name = parts.first.map(decode), !name.isEmpty else { continue }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            fields[name] = value
            lists[name, default: []].append(value)
        }
        return (fields, lists)
    }

    /// Every part of a multipart body, in order.
    static func parts(_ body: ByteBuffer, contentType: String) throws -> [Part] {
        guard let boundary = parameter("boundary", of: contentType) else {
            throw AppError.invalid("Content-Type", "multipart/form-data cần tham số boundary")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [String: String] = [:]
        var bytes: [UInt8] = []
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in bytes += buffer.readableBytesView }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"]
            parts.append(Part(
                name: parameter("name", of: disposition), filename: parameter("filename", of: disposition),
                contentType: headers["content-type"], bytes: bytes
            ))
            headers = [:]
            bytes = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw AppError.invalid("file", "Nội dung multipart/form-data không đọc được")
        }
        return parts
    }

    /// The text fields of a multipart form (the parts without a file name), trimmed.
    static func fields(_ parts: [Part]) -> [String: String] {
        var fields: [String: String] = [:]
        for part in parts where part.filename == nil {
            if let name = part.name { fields[name] = String(decoding: part.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        return fields
    }

    /// `name` of `form-data; name="file"; filename="a.pdf"`.
    static func parameter(_ name: String, of header: String?) -> String? {
        header?.split(separator: ";").compactMap { part -> String? in
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { return nil }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }.first
    }
}
