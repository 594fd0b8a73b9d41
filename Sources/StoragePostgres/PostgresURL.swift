public import Storage

/// A `postgres://user:password@host:port/database?sslmode=…&host=/socket/dir` connection string.
public struct PostgresURL: Sendable, Equatable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// A folder holding the server's Unix socket, used instead of TCP when set.
    public var socketDirectory: String?
    public var requireTLS: Bool

    public init(_ text: String) throws(StorageError) {
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { text.hasPrefix($0) }) else {
            throw .invalidConfiguration("a PostgreSQL URL starts with postgres:// (got \(Self.redacted(text)))")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var options: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                options[String(parts[0])] = parts.count > 1 ? Self.decode(parts[1]) : ""
            }
            rest = rest[..<question]
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let credentials = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        user = credentials.first.map { Self.decode($0) } ?? ""
        password = credentials.count > 1 ? Self.decode(credentials[1]) : nil
        if user.isEmpty { user = "postgres" }
        var hostPart = String(rest)
        port = 5432
        if let colon = hostPart.lastIndex(of: ":") {
            guard let number = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(number) else {
                throw .invalidConfiguration("bad port in PostgreSQL URL \(Self.redacted(text))")
            }
            port = number
            hostPart = String(hostPart[..<colon])
        }
        host = hostPart.isEmpty ? "localhost" : hostPart
        database = path.isEmpty ? user : Self.decode(Substring(path))
        socketDirectory = options["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        if let port = options["port"].flatMap(Int.init) { self.port = port }
        requireTLS = ["require", "verify-ca", "verify-full"].contains(options["sslmode"] ?? "")
    }

    /// The URL without its password, for messages and logs.
    public var description: String {
        let place = socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } ?? "\(host):\(port)"
        return "postgres://\(user)@\(place)/\(database)"
    }

    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let colon = text[..<at].lastIndex(of: ":"),
              text[..<colon].hasSuffix("//") == false else { return text }
        return String(text[...colon]) + "***" + String(text[at...])
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
