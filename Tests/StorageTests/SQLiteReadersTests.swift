import Foundation
import Storage
import StorageTesting
import Testing
@testable import StorageSQLite

/// The keyed reads of the SQLite store, on their own connections: they must read exactly what the
/// GRDB path reads, see every committed write, and survive a bad statement.
struct SQLiteReadersTests {
    static func store() async throws -> SQLiteStore {
        let path = TestStores.temporaryFolder("readers") + "/motcua.sqlite"
        let store = try SQLiteStore(path: path)
        try await store.transaction([
            SQLStatement("CREATE TABLE sample (id INTEGER PRIMARY KEY, text TEXT, number REAL, blob BLOB, empty TEXT)"),
            SQLStatement("INSERT INTO sample VALUES (1, 'Xã Hòa Bình, tỉnh Đồng Nai', 2.5, x'00FF10', NULL)"),
        ])
        return store
    }

    @Test("a keyed read gives the same values as a read through GRDB, for every type")
    func sameValues() async throws {
        let store = try await Self.store()
        let statement = SQLStatement("SELECT id, text, number, blob, empty FROM sample WHERE id = ?", [.integer(1)])
        let keyed = try await store.keyedQuery(statement)
        let pooled = try await store.query(statement)
        #expect(keyed == pooled)
        #expect(keyed == [[.integer(1), .text("Xã Hòa Bình, tỉnh Đồng Nai"), .text("2.5"), .bytes([0, 255, 16]), .null]])
        let byText = try await store.keyedQuery(SQLStatement("SELECT id FROM sample WHERE text = ?", [.text("Xã Hòa Bình, tỉnh Đồng Nai")]))
        #expect(byText == [[.integer(1)]])
    }

    @Test("a transaction binds every value type, an empty blob as an empty blob, and the same text twice")
    func transactionBinds() async throws {
        let store = try await Self.store()
        let insert = "INSERT INTO sample (id, text, number, blob, empty) VALUES (?, ?, ?, ?, ?)"
        try await store.transaction([
            SQLStatement(insert, [.integer(2), .text("Phường Bến Thành"), .integer(3), .bytes([]), .null]),
            SQLStatement(insert, [.integer(3), .text("x"), .integer(4), .bytes([7]), .text("")]),
        ])
        let rows = try await store.query(SQLStatement("SELECT id, text, number, typeof(blob), length(blob), empty FROM sample WHERE id > 1 ORDER BY id"))
        #expect(rows == [
            [.integer(2), .text("Phường Bến Thành"), .text("3.0"), .text("blob"), .integer(0), .null],
            [.integer(3), .text("x"), .text("4.0"), .text("blob"), .integer(1), .text("")],
        ])
        await #expect(throws: (any Error).self) {
            try await store.transaction([SQLStatement(insert, [.integer(4)]), SQLStatement(insert, [.integer(4)])])
        }
        #expect(try await store.query(SQLStatement("SELECT COUNT(*) FROM sample WHERE id = 4")) == [[.integer(0)]])
    }

    @Test("a keyed read sees each committed write, also after the connections are renewed")
    func seesWrites() async throws {
        let store = try await Self.store()
        let count = SQLStatement("SELECT COUNT(*) FROM sample")
        #expect(try await store.keyedQuery(count) == [[.integer(1)]])
        for id in 2...5 {
            try await store.transaction([SQLStatement("INSERT INTO sample (id) VALUES (?)", [.integer(id)])])
            #expect(try await store.keyedQuery(count) == [[.integer(id)]])
        }
        store.readers.invalidate()
        #expect(try await store.keyedQuery(count) == [[.integer(5)]])
    }

    @Test("a statement that fails throws a storage error and the next read works")
    func failureIsContained() async throws {
        let store = try await Self.store()
        await #expect(throws: StorageError.self) { try await store.keyedQuery(SQLStatement("SELECT * FROM no_such_table")) }
        await #expect(throws: StorageError.self) { try await store.keyedQuery(SQLStatement("SELECT ? + ?", [.integer(1)] + Array(repeating: .integer(1), count: 40_000))) }
        #expect(try await store.keyedQuery(SQLStatement("SELECT id FROM sample")) == [[.integer(1)]])
    }

    @Test("many concurrent keyed reads each get their own answer")
    func concurrent() async throws {
        let store = try await Self.store()
        try await store.transaction((2...200).map { SQLStatement("INSERT INTO sample (id, text) VALUES (?, ?)", [.integer($0), .text("t\($0)")]) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 2...200 {
                group.addTask {
                    let rows = try await store.keyedQuery(SQLStatement("SELECT text FROM sample WHERE id = ?", [.integer(id)]))
                    #expect(rows == [[.text("t\(id)")]])
                }
            }
            try await group.waitForAll()
        }
    }
}
