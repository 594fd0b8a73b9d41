public import Logging
public import Synchronization

/// Collects every log line (level, message and metadata) written through its handler, for tests that
/// check what is logged.
public final class CapturedLog: Sendable {
    public let lines = Mutex<[String]>([])

    public init() {}

    /// A logger writing into this log only.
    public func logger(_ label: String = "test") -> Logger {
        Logger(label: label) { _ in Handler(log: self) }
    }

    public struct Handler: LogHandler {
        let log: CapturedLog
        public var metadata: Logger.Metadata = [:]
        public var logLevel: Logger.Level = .trace

        public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        public func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}
