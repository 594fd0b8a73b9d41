import Foundation
import PostgresNIO
import Storage

/// A multi-row `INSERT … VALUES (?, …), (?, …) …` sent as one array per column,
/// `INSERT … SELECT * FROM unnest($1, …) …`: one text whatever the number of rows. The counters'
/// upserts carry 16 to 64 rows of 18 to 35 columns, past what is worth preparing as it was (each row
/// count its own text, hundreds to thousands of parameters), so PostgreSQL parsed and planned every
/// one of them: ~30 % of the backends' CPU under a counter morning (`perf`; `pg_stat_statements`:
/// 6,311 plans for 23,082 statements, BENCHMARKS.md, issue 5). In their columnar form
/// there is one text per table, prepared once per connection and planned generically after its first
/// few runs. PostgreSQL produces `unnest`'s rows in the arrays' order, so rows are inserted, and
/// counter rows locked, in the order of the `VALUES`.
struct ColumnarInsert: Sendable {
    /// The statement's text in columnar form, `?` for each column's array.
    let sql: String
    let columns: Int
    let rows: Int
    /// The table and the columns named in the text, to type a column holding nothing but NULLs.
    let table: String
    let names: [String]

    /// The columnar form of a text of two or more rows of plain `?`s, the statement's only parameters,
    /// or nil. Worked out once per text (`StatementText`).
    init?(_ sql: String) {
        let bytes = Array(sql.utf8), marker = Array("VALUES (?".utf8), verb = Array("INSERT INTO ".utf8)
        guard bytes.starts(with: verb), let values = Self.find(marker, in: bytes), [32, 10].contains(bytes[values - 1]) else { return nil }
        let start = values - 1, prefix = bytes[..<start]
        guard !prefix.contains(UInt8(ascii: "?")) else { return nil }
        // The first group: `(?, ?, …, ?)`.
        var index = values + marker.count - 1
        var columns = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: "?") {
            columns += 1
            index += 1
            if bytes[index...].starts(with: ", ?".utf8) { index += 2 } else { break }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else { return nil }
        let group = bytes[(values + marker.count - 2)...index]
        index += 1
        var rows = 1
        while bytes[index...].starts(with: ", ".utf8), bytes[(index + 2)...].starts(with: group) {
            rows += 1
            index += 2 + group.count
        }
        let tail = bytes[index...]
        guard rows >= 2, !tail.contains(UInt8(ascii: "?")) else { return nil }
        self.columns = columns
        self.rows = rows
        let head = String(decoding: prefix.dropFirst(verb.count), as: UTF8.self)
        let open = head.firstIndex(of: "("), close = head.lastIndex(of: ")")
        table = String(head[..<(open ?? head.endIndex)]).trimmingCharacters(in: .whitespaces)
        names = open.flatMap { open in close.map { close in
            head[head.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        } } ?? []
        let arrays = Array(repeating: "?", count: columns).joined(separator: ", ")
        self.sql = String(decoding: prefix, as: UTF8.self) + " SELECT * FROM unnest(\(arrays))" + String(decoding: tail, as: UTF8.self)
    }

    /// `form` for `rows` rows.
    init(_ form: ColumnarInsert, rows: Int) {
        sql = form.sql
        columns = form.columns
        self.rows = rows
        table = form.table
        names = form.names
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Each column's array type, when every column holds values of one kind, or nil: the statement is then
    /// sent as it was. A column of nothing but NULLs (a new dossier's assignee, its finishing time) takes
    /// its type from the catalogue (`ColumnTypes`); an array typed wrong would not be assigned to it.
    func types(of arguments: [SQLValue], catalog: ColumnTypes? = nil) -> [PostgresDataType]? {
        guard arguments.count == rows * columns else { return nil }
        var types: [PostgresDataType] = []
        types.reserveCapacity(columns)
        for column in 0..<columns {
            var type: PostgresDataType?
            for row in 0..<rows {
                let found: PostgresDataType
                switch arguments[row * columns + column] {
                case .null: continue
                case .text: found = .textArray
                case .integer: found = .int8Array
                case .bytes: found = .byteaArray
                }
                guard type == nil || type == found else { return nil }
                type = found
            }
            guard let type = type ?? (names.count == columns ? catalog?.arrayType(table, names[column]) : nil) else { return nil }
            types.append(type)
        }
        return types
    }

    /// The arguments as one array per column.
    func bindings(_ arguments: [SQLValue], types: [PostgresDataType]) -> PostgresBindings {
        var binds = PostgresBindings(capacity: columns)
        for column in 0..<columns {
            binds.append(ColumnArray(arguments: arguments, column: column, columns: columns, type: types[column]))
        }
        return binds
    }
}

/// One column of a statement's rows as a PostgreSQL array in the binary format (a dimension, a NULL flag,
/// the element type, then each element's length and bytes, -1 for NULL).
struct ColumnArray: PostgresDynamicTypeEncodable {
    let arguments: [SQLValue]
    let column: Int
    let columns: Int
    let type: PostgresDataType

    var psqlType: PostgresDataType { type }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        let elements = stride(from: column, to: arguments.count, by: columns)
        let nulls = elements.contains { if case .null = arguments[$0] { true } else { false } }
        buffer.writeInteger(1, as: Int32.self)
        buffer.writeInteger(nulls ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Self.element(of: type).rawValue)
        buffer.writeInteger(Int32(arguments.count / columns), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
        for index in elements {
            switch arguments[index] {
            case .null:
                buffer.writeInteger(-1, as: Int32.self)
            case .text(let text):
                let length = buffer.writerIndex
                buffer.writeInteger(0, as: Int32.self)
                let written = buffer.writeString(text)
                buffer.setInteger(Int32(written), at: length, as: Int32.self)
            case .integer(let integer):
                buffer.writeInteger(8, as: Int32.self)
                buffer.writeInteger(Int64(integer), as: Int64.self)
            case .bytes(let bytes):
                buffer.writeInteger(Int32(bytes.count), as: Int32.self)
                buffer.writeBytes(bytes)
            }
        }
    }

    static func element(of type: PostgresDataType) -> PostgresDataType {
        switch type {
        case .int8Array: .int8
        case .byteaArray: .bytea
        default: .text
        }
    }
}
