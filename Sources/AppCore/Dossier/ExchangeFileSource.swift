import Foundation
import Synchronization

/// Where an exchange file's bytes come from, a block at a time, so that the import holds a few blocks
/// and the records of two chunks (`LegacyImportService.importFile`) whatever the file's size.
public struct ExchangeFileSource: Sendable {
    /// The next block; nil at the end.
    let read: @Sendable () throws -> [UInt8]?
    /// The whole file's size in bytes, when known: the progress estimates the records to come from it.
    public let size: Int?

    /// Blocks from `next` (nil at the end).
    public static func blocks(size: Int? = nil, _ next: @escaping @Sendable () throws -> [UInt8]?) -> ExchangeFileSource {
        ExchangeFileSource(read: next, size: size)
    }

    /// Bytes already in memory (an upload), `blockSize` at a time: their records are checked a chunk at a time too.
    public static func bytes(_ bytes: [UInt8], blockSize: Int = 4 << 20) -> ExchangeFileSource {
        let position = Mutex(0)
        return ExchangeFileSource(read: {
            position.withLock { start in
                guard start < bytes.count else { return nil }
                defer { start = min(bytes.count, start + blockSize) }
                return Array(bytes[start..<min(bytes.count, start + blockSize)])
            }
        }, size: bytes.count)
    }

    /// A file read `blockSize` bytes at a time.
    public static func file(atPath path: String, blockSize: Int = 4 << 20) throws -> ExchangeFileSource {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let lock = Mutex(())
        return ExchangeFileSource(read: {
            try lock.withLock { _ in
                guard let data = try handle.read(upToCount: blockSize), !data.isEmpty else { return nil }
                return [UInt8](data)
            }
        }, size: size)
    }
}
