import Domain
import Foundation
import Storage

/// Documents of the embedded default: files beside the SQLite database (`<db>.documents/ab/abcdef…`),
/// metadata in the database. The file and its folder are fsynced before the metadata is committed, so a
/// committed reference never points at a file a power cut lost.
struct FileDocumentRepository: DocumentRepository {
    let folder: String
    let executor: any SQLExecutor

    func path(_ sha256: String) -> String { "\(folder)/\(sha256.prefix(2))/\(sha256)" }

    func save(_ document: StoredDocument, content: [UInt8], at: Instant) async throws {
        let final = path(document.sha256)
        if !FileManager.default.fileExists(atPath: final) {
            let directory = (final as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = "\(final).\(UUID().uuidString).tmp"
            try Self.writeDurably(content, to: temporary)
            guard rename(temporary, final) == 0 else {
                unlink(temporary)
                throw StorageError.unavailable("cannot store document \(document.sha256): \(String(cString: strerror(errno)))")
            }
            try Self.syncFolder(directory)
            try Self.syncFolder(folder)
        }
        try await executor.transaction([SQLDocumentRepository.insert(document, content: .null, at: at)])
    }

    func digests(after: String?, limit: Int) async throws -> [String] {
        try await SQLDocumentRepository.digestPage(after: after, limit: limit, executor)
    }

    func metadata(sha256: String) async throws -> StoredDocument? {
        try await SQLDocumentRepository.metadata(sha256: sha256, executor)
    }

    func content(sha256: String) async throws -> [UInt8]? {
        guard StoredDocument.isDigest(sha256), let data = FileManager.default.contents(atPath: path(sha256)) else { return nil }
        return Array(data)
    }

    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw StorageError.unavailable("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard result > 0 else { throw StorageError.unavailable("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw StorageError.unavailable("cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }

    static func syncFolder(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw StorageError.unavailable("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StorageError.unavailable("cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }
}
