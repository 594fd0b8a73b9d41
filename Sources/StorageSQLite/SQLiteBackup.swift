public import Storage
import Foundation
import GRDB

/// Online backup and restore of the embedded database. A backup is SQLite's backup API run inside one
/// read transaction of the live file, so it is one consistent snapshot however many writes go on
/// meanwhile (WAL readers never block the writer), plus the documents folder beside it. Documents are
/// written and fsynced before the row that names them commits, so copying the folder after the
/// snapshot finds every file the snapshot references.
public enum SQLiteBackup {
    public struct Summary: Sendable, Equatable {
        public var pages: Int
        public var bytes: Int
        public var documents: Int
    }

    /// Copies the database at `source` (served or not) to a new file `destination` and its documents to
    /// `destination.documents`; refuses to overwrite anything. The copy is checked with
    /// `PRAGMA integrity_check` before this returns.
    public static func backup(from source: String, to destination: String) throws(StorageError) -> Summary {
        guard FileManager.default.fileExists(atPath: source) else { throw .unavailable("no SQLite database at \(source)") }
        for path in [destination, documents(destination)] where FileManager.default.fileExists(atPath: path) {
            throw .invalidConfiguration("\(path) exists already; a backup never overwrites a file")
        }
        return try failing("backup of \(source)") {
            var readOnly = Configuration()
            readOnly.readonly = true
            readOnly.busyMode = .timeout(30)
            let live = try DatabasePool(path: source, configuration: readOnly)
            defer { try? live.close() }
            let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let copy = try DatabaseQueue(path: destination, configuration: durable())
            defer { try? copy.close() }
            try live.backup(to: copy)
            // The copy is a standalone file: no WAL beside it to carry along.
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            return try summary(of: copy, at: destination, documentsFrom: source)
        }
    }

    /// Replaces the database at `destination` by the backup at `source` (checked first) and adds the
    /// backup's documents. The caller holds the file's server lock, so no server writes meanwhile.
    public static func restore(from source: String, to destination: String) throws(StorageError) -> Summary {
        guard FileManager.default.fileExists(atPath: source) else { throw .unavailable("no backup at \(source)") }
        return try failing("restore from \(source)") {
            var readOnly = Configuration()
            readOnly.readonly = true
            let backup = try DatabaseQueue(path: source, configuration: readOnly)
            defer { try? backup.close() }
            _ = try check(backup, source)
            let folder = URL(fileURLWithPath: destination).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Through the backup API into a WAL pool, not a file copy: a stale -wal beside the destination
            // would otherwise be replayed over the restored pages.
            let target = try DatabasePool(path: destination, configuration: durable())
            defer { try? target.close() }
            try backup.backup(to: target)
            return try summary(of: target, at: destination, documentsFrom: source)
        }
    }

    /// The written database checked, and the documents copied beside it.
    static func summary(of database: some DatabaseReader, at path: String, documentsFrom source: String) throws -> Summary {
        let pages = try check(database, path)
        let copied = try copyDocuments(from: documents(source), to: documents(path))
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int ?? 0
        return Summary(pages: pages, bytes: bytes, documents: copied)
    }

    /// GRDB's and Foundation's failures as `StorageError`.
    static func failing<T>(_ what: String, _ body: () throws -> T) throws(StorageError) -> T {
        do {
            return try body()
        } catch let error as StorageError {
            throw error
        } catch let error as DatabaseError {
            throw .unavailable("SQLite \(what): \(error.message ?? error.description)")
        } catch {
            throw .unavailable("SQLite \(what): \(error)")
        }
    }

    static func documents(_ database: String) -> String { database + ".documents" }

    static func durable() -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return configuration
    }

    /// The page count, after SQLite's own check of every page and index.
    static func check(_ database: some DatabaseReader, _ path: String) throws -> Int {
        try database.read { db in
            let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard result == ["ok"] else {
                throw StorageError.corrupt("\(path) fails SQLite's integrity check: \(result.prefix(5).joined(separator: "; "))")
            }
            return try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        }
    }

    /// Copies the content-addressed files (`ab/abcdef…`); a file already there is the same content.
    static func copyDocuments(from source: String, to destination: String) throws -> Int {
        let manager = FileManager.default
        guard let shards = try? manager.contentsOfDirectory(atPath: source) else { return 0 }
        var copied = 0
        for shard in shards.sorted() {
            let files = (try? manager.contentsOfDirectory(atPath: "\(source)/\(shard)")) ?? []
            for file in files.sorted() where !file.hasSuffix(".tmp") {
                let target = "\(destination)/\(shard)/\(file)"
                if manager.fileExists(atPath: target) { continue }
                try manager.createDirectory(atPath: "\(destination)/\(shard)", withIntermediateDirectories: true)
                try manager.copyItem(atPath: "\(source)/\(shard)/\(file)", toPath: target)
                copied += 1
            }
        }
        return copied
    }
}
