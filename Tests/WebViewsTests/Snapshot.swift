import Foundation
import Testing

/// HTML snapshots kept beside the tests. A page that renders differently from its snapshot fails; with
/// MOTCUA_RECORD_SNAPSHOTS=1 the snapshot is written instead (and the test still fails, so that a
/// recording run is never mistaken for a passing one). The asset version, which changes with the
/// stylesheet, is left out.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func normalised(_ html: String) -> String {
        html.replacingOccurrences(of: #"\?v=[0-9a-z]+"#, with: "?v=VERSION", options: .regularExpression)
    }

    static func check(_ html: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent("\(name).html")
        let actual = normalised(html)
        if ProcessInfo.processInfo.environment["MOTCUA_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).html; run again without MOTCUA_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name).html: record it with MOTCUA_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record(
                "\(name).html differs at line \(line + 1):\n  expected: \(line < e.count ? String(e[line]) : "<end>")\n  actual:   \(line < a.count ? String(a[line]) : "<end>")",
                sourceLocation: sourceLocation
            )
        }
    }
}
