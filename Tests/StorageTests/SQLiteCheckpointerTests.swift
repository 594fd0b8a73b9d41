import Foundation
import GRDB
import Storage
@testable import StorageSQLite
import StorageTesting
import Testing

/// The WAL is copied back into the database file by the checkpointer's thread, while the writer only
/// checkpoints far behind (`SQLiteCheckpointer.writerMark`).
struct SQLiteCheckpointerTests {
    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    @Test("2 MB committed reach the database file without the writer checkpointing")
    func checkpointsOffTheWriter() async throws {
        let path = TestStores.temporaryFolder("checkpoint") + "/motcua.sqlite"
        let store = try SQLiteStore(path: path)
        let mark = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(mark == SQLiteCheckpointer.writerMark)
        #expect(SQLiteCheckpointer.writerMark * 4096 > 32 * 1_048_576, "far above what this test writes")

        let before = Self.size(path)
        try await store.transaction([SQLStatement("CREATE TABLE filler (body BLOB NOT NULL)")]
            + (0..<64).map { _ in SQLStatement("INSERT INTO filler (body) VALUES (zeroblob(32768))") })
        // Committed, the pages are in the WAL; only a checkpoint writes them into the file.
        var size = Self.size(path)
        for _ in 0..<400 where size < before + 2_097_152 {
            try await Task.sleep(for: .milliseconds(25))
            size = Self.size(path)
        }
        #expect(size >= before + 2_097_152, "file \(before) → \(size) bytes")
        try await store.close()
    }
}
