import AppCore
import Storage
import StorageTesting
import Testing

/// `groupedSums`: SQLite sums the rows as it steps through them, PostgreSQL through the rows it read;
/// both must give what summing the plain rows gives.
@Suite("grouped sums contract")
struct GroupedSumsContractTests {
    @Test("the sums by group equal the plain rows summed, with repeated, empty, NULL and Vietnamese groups", arguments: TestStores.engines)
    func groupedSums(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let sql = try #require(store as? any SQLExecutor)
        try await sql.transaction([SQLStatement("CREATE TABLE grouped_sums_test (a TEXT, b TEXT, x INTEGER, y INTEGER)")])
        let texts: [String?] = ["01", "Hộ tịch", "", nil, "Hộ", "tịch", "01\u{1F}02", "ễ"]
        var generator = SplitMix(seed: 7)
        var rows: [[SQLValue]] = []
        for _ in 0..<400 {
            let pick = { (generator: inout SplitMix) -> SQLValue in texts[Int(generator.next() % UInt64(texts.count))].map(SQLValue.text) ?? .null }
            let number = { (generator: inout SplitMix) -> SQLValue in
                generator.next() % 7 == 0 ? .null : .integer(Int(generator.next() % 2_001) - 1_000)
            }
            rows.append([pick(&generator), pick(&generator), number(&generator), number(&generator)])
        }
        try await sql.transaction(rows.map { SQLStatement("INSERT INTO grouped_sums_test (a, b, x, y) VALUES (?, ?, ?, ?)", $0) })
        var expected: [[String]: [Int]] = [:]
        for row in rows {
            let key = [row[0].text ?? "", row[1].text ?? ""]
            let values = [row[2].integer ?? 0, row[3].integer ?? 0]
            expected[key] = zip(expected[key] ?? [0, 0], values).map(+)
        }
        let found = try await sql.groupedSums(SQLStatement("SELECT a, b, x, y FROM grouped_sums_test WHERE x IS NULL OR x > ?", [.integer(-2_000)]), groups: 2)
        #expect(Dictionary(found.map { ($0.group, $0.sums) }, uniquingKeysWith: { _, _ in [] }) == expected)
        #expect(found.count == expected.count, "each group once")
        // The same sums asked for in the engine's own packing (`sumColumns`), as reports ask.
        let packed = try await sql.groupedSums(SQLStatement(
            "SELECT a, b, \(sql.sumColumns(["SUM(x)", "SUM(y)"]).joined(separator: ", ")) FROM grouped_sums_test GROUP BY a, b"
        ), groups: 2)
        #expect(Dictionary(packed.map { ($0.group, $0.sums) }, uniquingKeysWith: { _, _ in [] }) == expected)
        #expect(packed.count == expected.count)
        // The first group's texts: "ab" + "c" and "a" + "bc" are two groups.
        try await sql.transaction([SQLStatement("DELETE FROM grouped_sums_test"), SQLStatement("INSERT INTO grouped_sums_test VALUES ('ab', 'c', 1, 2), ('a', 'bc', 3, 4)")])
        #expect(try await sql.groupedSums(SQLStatement("SELECT a, b, x, y FROM grouped_sums_test ORDER BY a"), groups: 2)
            == [GroupSums(group: ["a", "bc"], sums: [3, 4]), GroupSums(group: ["ab", "c"], sums: [1, 2])])
        // Without groups: one element of the sums, none for the NULL sums of no rows.
        #expect(try await sql.groupedSums(SQLStatement("SELECT SUM(x), SUM(y) FROM grouped_sums_test"), groups: 0) == [GroupSums(group: [], sums: [4, 6])])
        try await sql.transaction([SQLStatement("DELETE FROM grouped_sums_test")])
        #expect(try await sql.groupedSums(SQLStatement("SELECT SUM(x), SUM(y) FROM grouped_sums_test"), groups: 0).isEmpty)
        #expect(try await sql.groupedSums(SQLStatement("SELECT a, x FROM grouped_sums_test"), groups: 1).isEmpty)
        try await store.close()
    }
}
