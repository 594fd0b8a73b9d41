/// Every version of every procedure; which one applies on a date.
public struct Catalog: Sendable {
    let versions: [String: [ProcedureVersion]]

    /// Refuses two versions of one code valid on the same day.
    public init(_ versions: [ProcedureVersion]) throws(CatalogError) {
        var byCode: [String: [ProcedureVersion]] = [:]
        for version in versions { byCode[version.code, default: []].append(version) }
        for (code, list) in byCode {
            let sorted = list.sorted { $0.validFrom < $1.validFrom }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where later.validFrom <= earlier.validTo {
                throw .overlappingVersions(code)
            }
            byCode[code] = sorted
        }
        self.versions = byCode
    }

    /// The version of a procedure in force on a date.
    public func version(code: String, at date: LocalDate) -> ProcedureVersion? {
        versions[code]?.first { $0.isValid(at: date) }
    }
}

/// The catalogue file (`catalog import|export`, JSON): a format version and the procedure versions.
public struct CatalogFile: Codable, Sendable {
    public var version: Int
    public var researched: String?
    public var procedures: [ProcedureVersion]

    public init(procedures: [ProcedureVersion], researched: String? = nil) {
        self.version = 1
        self.researched = researched
        self.procedures = procedures
    }
}
