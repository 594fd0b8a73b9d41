import Foundation
import Storage
import StorageSQLite
import StorageTesting
import Testing

struct SQLiteFileLockTests {
    @Test("a second owner of the same SQLite file is refused, and may take it once the first lets go")
    func exclusive() throws {
        let path = TestStores.temporaryFolder("lock") + "/motcua.sqlite"
        var first: SQLiteFileLock? = try SQLiteFileLock(databasePath: path)
        #expect(first != nil)
        #expect {
            _ = try SQLiteFileLock(databasePath: path)
        } throws: { error in
            guard case StorageError.databaseLocked(let lockedPath, let detail) = error else { return false }
            return lockedPath == path && detail.contains("\(getpid())")
        }
        first = nil
        _ = try SQLiteFileLock(databasePath: path)
    }
}
