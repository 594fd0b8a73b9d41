@testable import motcua
import Foundation
import Logging
import Testing

/// The server's own log lines: swift-log's stream format, and a timestamp that is the second's own.
struct ServerLogHandlerTests {
    @Test("a line in swift-log's stream format: metadata sorted by key, explicit values over the logger's")
    func lineFormat() {
        let line = ServerLogHandler.line(
            timestamp: "2026-12-01T23:03:41+0700", level: .info, label: "motcua",
            metadata: ["status": "200", "method": "GET", "hb.request.id": "ab12", "path": "/api/v1/lookup"],
            source: "HTTPServer", message: "request"
        )
        #expect(line == "2026-12-01T23:03:41+0700 info motcua: hb.request.id=ab12 method=GET path=/api/v1/lookup status=200 [HTTPServer] request\n")
        #expect(ServerLogHandler.line(timestamp: "t", level: .error, label: "", metadata: [:], source: "s", message: "m") == "t error: [s] m\n")
    }

    @Test("the timestamp is the local time of the second asked for, also after another second was cached")
    func timestamps() {
        func expected(_ second: Int) -> String {
            var seconds = second
            var local = tm()
            _ = localtime_r(&seconds, &local)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
            return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        for second in [1_751_328_000, 1_751_328_000, 1_751_328_001, 1_796_165_019, 1_751_328_000] {
            #expect(ServerLogHandler.timestamp(now: second) == expected(second))
        }
        #expect(ServerLogHandler.timestamp(now: 1_751_328_000).hasPrefix("2025-0"))
    }

    struct Refusal: Error {}

    @Test("a logger's metadata and the event's are merged, the event's winning, and the error is added")
    func merging() {
        let merged = ServerLogHandler.merged(["method": "GET", "status": "0"], ["status": "404", "ms": "1"], error: Refusal())
        #expect(merged == [
            "method": "GET", "status": "404", "ms": "1", "error.message": "Refusal()",
            "error.type": "motcuaTests.ServerLogHandlerTests.Refusal",
        ])
        #expect(ServerLogHandler.merged(["a": "1"], nil, error: nil) == ["a": "1"])
    }
}
