import Synchronization

/// The province of each receiving agency whose dossiers were read by code on a partitioned engine,
/// learned from what the read functions answer. A code begins with its receiving agency's code, so
/// that the next read of any code of that agency names its partition in the statement's text, which
/// PostgreSQL prunes when it plans the prepared statement once: ~28 µs of the backend's CPU per read,
/// where the read function (the directory, then a generic plan pruned as it runs) takes ~56 µs
/// (pgbench, `-M prepared`, one client). A hint is only ever tried first: a read it does not answer
/// goes through the function as before, so a wrong or stale hint costs a round trip, never a result.
public final class AgencyProvinces: Sendable {
    /// Past this many agencies the memo starts again (the country has a few tens of thousands of
    /// agencies and pre-reform agencies).
    static let capacity = 100_000
    private let known = Mutex<[Substring: String]>([:])

    public init() {}

    /// The province learned for the agency that begins `code`.
    func province(ofCode code: String) -> String? {
        guard let agency = Self.agency(of: code) else { return nil }
        return known.withLock { $0[agency] }
    }

    func learn(code: String, province: String) {
        guard let agency = Self.agency(of: code), Self.isPlainCode(province) else { return }
        known.withLock { known in
            if known[agency] == province { return }
            if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
            // Its own storage, not a slice holding the whole code.
            known[Substring(String(agency))] = province
        }
    }

    /// The agency part of `{agencyCode}-{yyMMdd}-{NNNN}`: what is left without the last two parts.
    static func agency(of code: String) -> Substring? {
        guard let last = code.lastIndex(of: "-"), let day = code[..<last].lastIndex(of: "-"), day > code.startIndex else { return nil }
        return code[..<day]
    }

    /// Whether `province` may stand in a statement's text as a literal: a short code of letters and digits.
    static func isPlainCode(_ province: String) -> Bool {
        !province.isEmpty && province.utf8.count <= 8 && province.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
        }
    }
}
