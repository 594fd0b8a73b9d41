import Foundation
import Logging
import Synchronization

/// The server's log lines on standard error, in swift-log's stream format
/// (`2026-12-01T23:03:41+0700 info motcua: k=v … [source] message`), written for a line per request:
///
/// - the metadata is formatted when a line is written, not each time it is set (Hummingbird sets a
///   request id on every request's logger);
/// - the timestamp is formatted once a second: swift-log's handler called `localtime`, which checks
///   `/etc/localtime` with a system call on every line;
/// - a line goes out in one `write`, without the stdio lock and flush.
///
/// With a line per request this was a tenth of the server's CPU time under a look-up storm (perf).
struct ServerLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    init(label: String, level: Logger.Level) {
        self.label = label
        logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        Self.write(Self.line(
            timestamp: Self.timestamp(), level: event.level, label: label,
            metadata: Self.merged(metadata, event.metadata, error: event.error), source: event.source, message: event.message
        ))
    }

    /// The logger's metadata with the event's over it, and the error's message and type, as swift-log's
    /// stream handler gives them.
    static func merged(_ base: Logger.Metadata, _ explicit: Logger.Metadata?, error: (any Error)?) -> Logger.Metadata {
        var merged = base
        if let explicit { merged.merge(explicit) { _, explicit in explicit } }
        if let error {
            merged["error.message"] = "\(error)"
            merged["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        return merged
    }

    /// One line in swift-log's stream format, metadata sorted by key.
    static func line(
        timestamp: String, level: Logger.Level, label: String, metadata: Logger.Metadata, source: String, message: Logger.Message
    ) -> String {
        var line = timestamp + " \(level)" + (label.isEmpty ? "" : " ") + label + ":"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " [\(source)] \(message)\n"
        return line
    }

    /// The second the cached timestamp is for, and its text.
    private static let cached = Mutex<(second: Int, text: String)>((-1, ""))

    static func timestamp(now: Int = time(nil)) -> String {
        if let text = cached.withLock({ $0.second == now ? $0.text : nil }) { return text }
        var seconds = now
        var local = tm()
        guard localtime_r(&seconds, &local) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let text = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        cached.withLock { $0 = (now, text) }
        return text
    }

    private static func write(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
