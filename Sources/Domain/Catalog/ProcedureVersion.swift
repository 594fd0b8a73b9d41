import Foundation

/// How a dossier reaches the agency.
public enum Channel: String, Sendable, CaseIterable, Codable {
    case inPerson
    /// By post, a service provider or an authorised person.
    case postal
    case online
}

/// One version of an administrative procedure (thủ tục hành chính), as the catalogue gives it
/// (DOMAIN.md §3). A change is a new version with its own dates; a dossier keeps the version it was
/// received under.
public struct ProcedureVersion: Hashable, Sendable {
    public enum Level: String, Sendable, Codable { case commune, province }
    public enum OnlineLevel: String, Sendable, Codable { case full, partial, none }
    public enum Register: String, Sendable, Codable { case civilStatus, business }

    public struct Document: Hashable, Sendable {
        public var name: String
        public var original: Bool
        public var count: Int

        public init(name: String, original: Bool, count: Int) {
            self.name = name
            self.original = original
            self.count = count
        }
    }

    /// National code, e.g. `1.001193`.
    public var code: String
    public var name: String
    public var field: String
    public var level: Level
    public var legalBasis: [String]
    public var limit: TimeLimit
    /// A different limit for dossiers filed online, if the procedure has one.
    public var onlineLimit: TimeLimit?
    /// Received at or after this minute of the day, the clock starts the next working day.
    public var cutoff: Int?
    /// In đồng; nil where it varies or is set by the province.
    public var fee: Int?
    public var documents: [Document]
    public var onlineLevel: OnlineLevel
    public var resultIsDocument: Bool
    public var register: Register?
    public var validFrom: LocalDate
    public var validTo: LocalDate

    public init(
        code: String, name: String, field: String, level: Level, legalBasis: [String], limit: TimeLimit,
        onlineLimit: TimeLimit? = nil, cutoff: Int? = nil, fee: Int? = nil, documents: [Document] = [],
        onlineLevel: OnlineLevel = .none, resultIsDocument: Bool = true, register: Register? = nil,
        validFrom: LocalDate = Reform.effectiveDate, validTo: LocalDate = .distantFuture
    ) throws(CatalogError) {
        guard Self.isValidCode(code) else { throw .invalidCode(code) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingName(code) }
        if let fee, fee < 0 { throw .negativeFee(code) }
        if let cutoff, !(0..<1440).contains(cutoff) { throw .invalidCutoff(code) }
        guard validFrom <= validTo else { throw .invalidPeriod(code) }
        guard documents.allSatisfy({ $0.count >= 1 && !$0.name.isEmpty }) else { throw .invalidDocument(code) }
        self.code = code
        self.name = name
        self.field = field
        self.level = level
        self.legalBasis = legalBasis
        self.limit = limit
        self.onlineLimit = onlineLimit
        self.cutoff = cutoff
        self.fee = fee
        self.documents = documents
        self.onlineLevel = onlineLevel
        self.resultIsDocument = resultIsDocument
        self.register = register
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// `d.dddddd`: the national code list's shape.
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 8, bytes[1] == UInt8(ascii: ".") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 1 || ($0.element >= 0x30 && $0.element <= 0x39) }
    }

    /// The limit that applies to a dossier that came by this channel.
    public func limit(for channel: Channel) -> TimeLimit {
        channel == .online ? onlineLimit ?? limit : limit
    }

    public func isValid(at date: LocalDate) -> Bool { validFrom <= date && date <= validTo }
}

public enum CatalogError: Error, Equatable, Sendable {
    case invalidCode(String)
    case missingName(String)
    case negativeFee(String)
    case invalidCutoff(String)
    case invalidPeriod(String)
    case invalidDocument(String)
    case overlappingVersions(String)
}

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

    public var codes: [String] { versions.keys.sorted() }
}
