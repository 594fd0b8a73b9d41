import Storage
import Testing

struct SQLStatementTests {
    @Test("placeholders are numbered in order, past nine, and the rest of the text is kept byte for byte")
    func numbered() {
        let columns = (1...12).map { "c\($0) = ?" }.joined(separator: " AND ")
        let statement = SQLStatement("SELECT 'Thành phố Hà Nội' AS tên FROM t WHERE \(columns)", Array(repeating: .integer(1), count: 12))
        let expected = "SELECT 'Thành phố Hà Nội' AS tên FROM t WHERE " + (1...12).map { "c\($0) = $\($0)" }.joined(separator: " AND ")
        #expect(statement.numberedSQL == expected)
        #expect(SQLStatement("SELECT 1").numberedSQL == "SELECT 1")
    }
}
