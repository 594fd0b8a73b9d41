import PostgresNIO
import Synchronization

/// The array type matching each column of the store's tables, read from the catalogue once the schema
/// is migrated: a multi-row insert whose column holds nothing but NULLs in this batch can still go as
/// arrays (`ColumnarInsert`), and every batch of new dossiers has such columns.
final class ColumnTypes: Sendable {
    private let types = Mutex<[String: [String: PostgresDataType]]>([:])

    static let query = """
        SELECT c.relname, a.attname, t.typname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        """

    func load(_ rows: [(table: String, column: String, type: String)]) {
        var loaded: [String: [String: PostgresDataType]] = [:]
        for row in rows {
            guard let type = Self.arrayType(ofColumnType: row.type) else { continue }
            loaded[row.table, default: [:]][row.column] = type
        }
        types.withLock { $0 = loaded }
    }

    func arrayType(_ table: String, _ column: String) -> PostgresDataType? {
        types.withLock { $0[table]?[column] }
    }

    /// Integers go as `bigint[]`: PostgreSQL assigns them to `integer` and `smallint` columns.
    static func arrayType(ofColumnType name: String) -> PostgresDataType? {
        switch name {
        case "text", "varchar", "bpchar": .textArray
        case "int8", "int4", "int2": .int8Array
        case "bytea": .byteaArray
        default: nil
        }
    }
}
