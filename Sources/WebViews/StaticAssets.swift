import Foundation

/// The stylesheet and the small script, served from memory with a long cache lifetime; their URLs
/// carry a version derived from the content, so a new release is fetched at once.
public struct StaticAssets: Sendable {
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        public let mediaType: String
    }

    public let files: [String: Asset]
    public let version: String

    init() throws {
        var files: [String: Asset] = [:]
        for (name, mediaType) in [("app.css", "text/css; charset=utf-8"), ("app.js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Static") else {
                throw PageRenderer.LoadError.missing(name)
            }
            files[name] = Asset(bytes: Array(try Data(contentsOf: url)), mediaType: mediaType)
        }
        self.files = files
        // FNV-1a over every file: a cache key, not a security measure.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in files.keys.sorted() {
            for byte in files[name]!.bytes {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        version = String(hash, radix: 36)
    }
}
