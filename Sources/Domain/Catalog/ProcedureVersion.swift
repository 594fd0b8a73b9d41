import Foundation

/// One version of an administrative procedure (thủ tục hành chính), as the catalogue gives it
/// (DOMAIN.md §3). A change is a new version with its own dates; a dossier keeps the version it was
/// received under. The Codable form is the catalogue file's (`catalog import|export`).
public struct ProcedureVersion: Hashable, Sendable {
    public enum Level: String, Sendable, Codable, CaseIterable { case commune, province }
    public enum OnlineLevel: String, Sendable, Codable, CaseIterable { case full, partial, none }
    public enum Register: String, Sendable, Codable, CaseIterable { case civilStatus, business }

    /// The catalogue key: the national code when there is one, else a provincial code.
    public var code: String
    /// National code, e.g. `1.001193`, when confirmed.
    public var nationalCode: String?
    public var name: String
    public var field: String
    public var level: Level
    /// The kind of agency that decides.
    public var agencyKind: AgencyKind
    public var agencyName: String?
    public var legalBasis: [String]
    public var limit: TimeLimit
    /// A different limit for dossiers filed online, if the procedure has one.
    public var onlineLimit: TimeLimit?
    /// Received at or after this minute of the day, the clock starts the next working day.
    public var cutoff: Int?
    /// In đồng; nil where it varies or is set by the province (see `feeNote`).
    public var fee: Int?
    public var feeNote: String?
    public var documents: [RequiredDocument]
    public var onlineLevel: OnlineLevel
    /// Inter-level steps (liên thông); empty when one agency does everything.
    public var steps: [ProcedureStep]
    public var resultIsDocument: Bool
    public var register: Register?
    public var validFrom: LocalDate
    public var validTo: LocalDate
    public var sources: [String]
    /// Fields whose value could not be confirmed from a source.
    public var unconfirmed: [String]
    public var notes: String?

    public init(
        code: String, nationalCode: String? = nil, name: String, field: String, level: Level,
        agencyKind: AgencyKind = .communePeoplesCommittee, agencyName: String? = nil, legalBasis: [String], limit: TimeLimit,
        onlineLimit: TimeLimit? = nil, cutoff: Int? = nil, fee: Int? = nil, feeNote: String? = nil, documents: [RequiredDocument] = [],
        onlineLevel: OnlineLevel = .none, steps: [ProcedureStep] = [], resultIsDocument: Bool = true, register: Register? = nil,
        validFrom: LocalDate = Reform.effectiveDate, validTo: LocalDate = .distantFuture,
        sources: [String] = [], unconfirmed: [String] = [], notes: String? = nil
    ) throws(CatalogError) {
        self.code = code
        self.nationalCode = nationalCode
        self.name = name
        self.field = field
        self.level = level
        self.agencyKind = agencyKind
        self.agencyName = agencyName
        self.legalBasis = legalBasis
        self.limit = limit
        self.onlineLimit = onlineLimit
        self.cutoff = cutoff
        self.fee = fee
        self.feeNote = feeNote
        self.documents = documents
        self.onlineLevel = onlineLevel
        self.steps = steps
        self.resultIsDocument = resultIsDocument
        self.register = register
        self.validFrom = validFrom
        self.validTo = validTo
        self.sources = sources
        self.unconfirmed = unconfirmed
        self.notes = notes
        try validate()
    }

    /// The rules every version obeys, whether built in code or read from a file.
    public func validate() throws(CatalogError) {
        guard Self.isValidCode(code) else { throw .invalidCode(code) }
        if let nationalCode, !Self.isNationalCode(nationalCode) { throw .invalidNationalCode(code) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingName(code) }
        guard !field.trimmingCharacters(in: .whitespaces).isEmpty else { throw .missingField(code) }
        if let fee, fee < 0 { throw .negativeFee(code) }
        if let cutoff, !(0..<1440).contains(cutoff) { throw .invalidCutoff(code) }
        guard validFrom <= validTo else { throw .invalidPeriod(code) }
        guard documents.allSatisfy({ $0.count >= 1 && !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw .invalidDocument(code)
        }
    }

    /// Capital letters, digits, dots and hyphens, 3 to 32 characters, starting with a letter or digit.
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (3...32).contains(bytes.count) else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
            return alphanumeric || (index > 0 && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")))
        }
    }

    /// `d.dddddd`: the national code list's shape.
    public static func isNationalCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 8, bytes[1] == UInt8(ascii: ".") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 1 || ($0.element >= 0x30 && $0.element <= 0x39) }
    }

    /// The limit that applies to a dossier that came by this channel.
    public func limit(for channel: Channel) -> TimeLimit {
        channel.isOnline ? onlineLimit ?? limit : limit
    }

    public func isValid(at date: LocalDate) -> Bool { validFrom <= date && date <= validTo }

    /// The name and field folded for search.
    public var searchKey: String { FoldKey.fold(name + " " + field + " " + code) }
}

extension ProcedureVersion: Codable {
    enum CodingKeys: String, CodingKey {
        case code, nationalCode, name, field, level, agencyKind, agencyName, legalBasis, timeLimit, onlineTimeLimit, cutoff,
             fee, feeNote, documents, onlineLevel, steps, resultIsDocument, register, validFrom, validTo, sources, unconfirmed, notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var cutoff: Int?
        if let text = try c.decodeIfPresent(String.self, forKey: .cutoff) {
            guard let minute = Instant.minuteOfDay(text) else {
                throw DecodingError.dataCorruptedError(forKey: .cutoff, in: c, debugDescription: "“\(text)” is not a time HH:MM")
            }
            cutoff = minute
        }
        do {
            try self.init(
                code: try c.decode(String.self, forKey: .code),
                nationalCode: try c.decodeIfPresent(String.self, forKey: .nationalCode),
                name: try c.decode(String.self, forKey: .name),
                field: try c.decode(String.self, forKey: .field),
                level: try c.decode(Level.self, forKey: .level),
                agencyKind: try c.decode(AgencyKind.self, forKey: .agencyKind),
                agencyName: try c.decodeIfPresent(String.self, forKey: .agencyName),
                legalBasis: try c.decodeIfPresent([String].self, forKey: .legalBasis) ?? [],
                limit: try c.decode(TimeLimit.self, forKey: .timeLimit),
                onlineLimit: try c.decodeIfPresent(TimeLimit.self, forKey: .onlineTimeLimit),
                cutoff: cutoff,
                fee: try c.decodeIfPresent(Int.self, forKey: .fee),
                feeNote: try c.decodeIfPresent(String.self, forKey: .feeNote),
                documents: try c.decodeIfPresent([RequiredDocument].self, forKey: .documents) ?? [],
                onlineLevel: try c.decodeIfPresent(OnlineLevel.self, forKey: .onlineLevel) ?? .none,
                steps: try c.decodeIfPresent([ProcedureStep].self, forKey: .steps) ?? [],
                resultIsDocument: try c.decodeIfPresent(Bool.self, forKey: .resultIsDocument) ?? true,
                register: try c.decodeIfPresent(Register.self, forKey: .register),
                validFrom: try c.decodeIfPresent(LocalDate.self, forKey: .validFrom) ?? Reform.effectiveDate,
                validTo: try c.decodeIfPresent(LocalDate.self, forKey: .validTo) ?? .distantFuture,
                sources: try c.decodeIfPresent([String].self, forKey: .sources) ?? [],
                unconfirmed: try c.decodeIfPresent([String].self, forKey: .unconfirmed) ?? [],
                notes: try c.decodeIfPresent(String.self, forKey: .notes)
            )
        } catch let error as CatalogError {
            throw DecodingError.dataCorruptedError(forKey: .code, in: c, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(nationalCode, forKey: .nationalCode)
        try c.encode(name, forKey: .name)
        try c.encode(field, forKey: .field)
        try c.encode(level, forKey: .level)
        try c.encode(agencyKind, forKey: .agencyKind)
        try c.encode(agencyName, forKey: .agencyName)
        try c.encode(legalBasis, forKey: .legalBasis)
        try c.encode(limit, forKey: .timeLimit)
        try c.encode(onlineLimit, forKey: .onlineTimeLimit)
        try c.encode(cutoff.map { "\(Instant.two($0 / 60)):\(Instant.two($0 % 60))" }, forKey: .cutoff)
        try c.encode(fee, forKey: .fee)
        try c.encode(feeNote, forKey: .feeNote)
        try c.encode(documents, forKey: .documents)
        try c.encode(onlineLevel, forKey: .onlineLevel)
        try c.encode(steps, forKey: .steps)
        try c.encode(resultIsDocument, forKey: .resultIsDocument)
        try c.encode(register, forKey: .register)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo == .distantFuture ? nil : validTo, forKey: .validTo)
        try c.encode(sources, forKey: .sources)
        try c.encode(unconfirmed, forKey: .unconfirmed)
        try c.encode(notes, forKey: .notes)
    }
}
