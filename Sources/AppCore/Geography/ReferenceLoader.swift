public import Storage
public import Domain
import ReferenceData

/// Puts the shipped geography into a store on first start, and again only when the shipped files change.
public enum ReferenceLoader {
    public static let datasetName = "geography"

    /// The shipped files' texts: current units, pre-reform units, lineage.
    static func shippedFiles() throws -> [String] {
        try [ReferenceFiles.currentUnits, ReferenceFiles.legacyUnits, ReferenceFiles.lineage].map(ReferenceFiles.geography)
    }

    /// The shipped data set and a fingerprint of its files.
    public static func shippedGeography() throws -> (GeographyDataset, String) {
        let files = try shippedFiles()
        let dataset = try GeographyDataset(currentCSV: files[0], legacyCSV: files[1], lineageCSV: files[2])
        return (dataset, fingerprint(files))
    }

    /// Loads the shipped geography unless the store already holds these very files. Returns whether it loaded.
    @discardableResult
    public static func ensureGeography(in store: any Store, at instant: String) async throws -> Bool {
        let files = try shippedFiles()
        let fingerprint = fingerprint(files)
        if try await store.geography.referenceChecksum(name: datasetName) == fingerprint { return false }
        let dataset = try GeographyDataset(currentCSV: files[0], legacyCSV: files[1], lineageCSV: files[2])
        try await store.geography.loadReference(dataset, name: datasetName, checksum: fingerprint, at: instant)
        return true
    }

    /// FNV-1a over the files: a change detector for shipped data, not a security checksum.
    static func fingerprint(_ texts: [String]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for text in texts {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0xFF
        }
        return "fnv1a64:" + String(hash, radix: 16)
    }
}
