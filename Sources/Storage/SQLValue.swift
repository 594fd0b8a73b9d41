/// A value bound to or read from SQL, the same on every engine.
public enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    /// Binary content (document files on PostgreSQL).
    case bytes([UInt8])
    case null

    public var text: String? {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .bytes(let value): String(decoding: value, as: UTF8.self)
        case .null: nil
        }
    }

    public var bytes: [UInt8]? {
        switch self {
        case .bytes(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }

    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .text(let value): Int(value)
        case .bytes, .null: nil
        }
    }
}

/// SQL text written with `?` placeholders and its arguments; PostgreSQL gets `$1, $2, …`.
public struct SQLStatement: Sendable {
    public var sql: String
    public var arguments: [SQLValue]

    public init(_ sql: String, _ arguments: [SQLValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }

    /// The text with numbered placeholders. Our statements hold no `?` inside string literals. Over the
    /// UTF-8 bytes: by characters it was a tenth of the server's time on PostgreSQL (every statement).
    public var numberedSQL: String {
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count + 2 * arguments.count)
        var number = 0
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "?") {
                number += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
