/// The answer to "what is this pre-reform address now?". Never a guess: when the text or the lineage
/// allows more than one current commune, the answer is `ambiguous` with every candidate.
public struct AddressConversion: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case converted
        case ambiguous
        case notFound
    }

    /// Why a candidate is only a candidate.
    public enum Reason: String, Sendable, Codable {
        /// The old commune's area went to several new communes.
        case split
        /// The text names several old communes (same name, district or province missing).
        case sameName
        /// The text, read as written today, names this current commune; read as an old address, another.
        case currentName
    }

    public struct Candidate: Sendable, Equatable {
        public var communeCode: String
        public var provinceCode: String
        public var address: String
        public var reason: Reason
        /// Vietnamese explanation for people.
        public var reasonText: String
        public var oldCommuneCode: String
        public var partial: Bool
    }

    /// The old unit the text was read as.
    public struct OldUnit: Sendable, Equatable {
        public var communeCode: String?
        public var districtCode: String?
        public var provinceCode: String
        public var name: String
    }

    public var status: Status
    public var communeCode: String?
    public var provinceCode: String?
    /// The address rewritten in the new two-tier form (converted only).
    public var address: String?
    /// Only part of the old commune went into the answer's commune.
    public var partial: Bool
    public var candidates: [Candidate]
    /// The part of the text that names no known unit (notFound only).
    public var unrecognized: String?
    /// The old unit the text was read as (converted only).
    public var old: OldUnit?
    /// The text already names a current commune; nothing was converted.
    public var alreadyCurrent: Bool

    static func notFound(_ unrecognized: String) -> AddressConversion {
        AddressConversion(
            status: .notFound, communeCode: nil, provinceCode: nil, address: nil, partial: false, candidates: [],
            unrecognized: unrecognized, old: nil, alreadyCurrent: false
        )
    }
}
