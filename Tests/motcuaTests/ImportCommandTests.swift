@testable import motcua
import ArgumentParser
import Foundation
import Testing

struct ImportCommandTests {
    @Test("import dossiers refuses out-of-range sizes and an unreadable file before it opens any database")
    func refusals() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("export.jsonl").path
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: file))
        let database = folder.appendingPathComponent("motcua.sqlite").path
        for (arguments, message) in [
            ([file, "--chunk", "0"], "--batch must be 1…10000, --concurrency 1…32 and --chunk 1…1000000"),
            ([file, "--batch", "10001"], "--batch must be 1…10000, --concurrency 1…32 and --chunk 1…1000000"),
            ([file, "--concurrency", "0"], "--batch must be 1…10000, --concurrency 1…32 and --chunk 1…1000000"),
            ([folder.appendingPathComponent("missing.jsonl").path], "cannot read"),
        ] {
            let command = try ImportCommand.Dossiers.parse(arguments + ["--database", database])
            await #expect {
                try await command.run()
            } throws: { error in
                (error as? CommandFailure)?.description.hasPrefix(message) == true
            }
        }
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}
