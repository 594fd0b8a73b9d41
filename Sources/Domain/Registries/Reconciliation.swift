/// One disagreement between what our dossiers say and what another system holds.
public struct Mismatch: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// We have it, they do not.
        case missing
        /// They hold it more than once, or hold what we never sent.
        case extra
        /// Both have it, with different values.
        case differing
    }

    public var kind: Kind
    public var dossierCode: String
    public var unitCode: String
    /// The fields that differ (`differing`), or how many copies they hold (`extra`).
    public var detail: String
    /// Copies they hold beyond the one expected (`extra`).
    public var extraCopies: Int

    public init(kind: Kind, dossierCode: String, unitCode: String, detail: String, extraCopies: Int = 0) {
        self.kind = kind
        self.dossierCode = dossierCode
        self.unitCode = unitCode
        self.detail = detail
        self.extraCopies = extraCopies
    }
}

/// Compares the two sides of a register or of the portal. Pure: both sides are given.
public enum Reconciliation {
    /// Register records: one expected per dossier; what they hold, possibly several per dossier.
    public static func records(expected: [RegisterRecord], held: [RegisterRecord]) -> [Mismatch] {
        let heldByCode = Dictionary(grouping: held, by: \.dossierCode)
        let expectedCodes = Set(expected.map(\.dossierCode))
        var mismatches: [Mismatch] = []
        for record in expected.sorted(by: { $0.dossierCode < $1.dossierCode }) {
            guard let copies = heldByCode[record.dossierCode], let first = copies.first else {
                mismatches.append(Mismatch(kind: .missing, dossierCode: record.dossierCode, unitCode: record.unitCode, detail: "not in the register"))
                continue
            }
            if copies.count > 1 {
                mismatches.append(Mismatch(kind: .extra, dossierCode: record.dossierCode, unitCode: record.unitCode, detail: "\(copies.count - 1) duplicate(s)", extraCopies: copies.count - 1))
            }
            let differing = differences(record.fields, first.fields)
            if !differing.isEmpty {
                mismatches.append(Mismatch(kind: .differing, dossierCode: record.dossierCode, unitCode: record.unitCode, detail: differing))
            }
        }
        for (code, copies) in heldByCode.sorted(by: { $0.key < $1.key }) where !expectedCodes.contains(code) {
            mismatches.append(Mismatch(kind: .extra, dossierCode: code, unitCode: copies[0].unitCode, detail: "\(copies.count) record(s) of no approved dossier", extraCopies: copies.count))
        }
        return mismatches
    }

    /// Portal statuses: the sequence of status codes per dossier, ours against theirs.
    public static func statuses(expected: [String: (unit: String, statuses: [Int])], held: [String: [Int]]) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        for (code, ours) in expected.sorted(by: { $0.key < $1.key }) {
            guard let theirs = held[code], !theirs.isEmpty else {
                mismatches.append(Mismatch(kind: .missing, dossierCode: code, unitCode: ours.unit, detail: "no status on the portal"))
                continue
            }
            if theirs.count > ours.statuses.count, Array(theirs.prefix(ours.statuses.count)) == ours.statuses || Set(theirs) == Set(ours.statuses) {
                mismatches.append(Mismatch(kind: .extra, dossierCode: code, unitCode: ours.unit, detail: "\(theirs.count - ours.statuses.count) duplicate status(es)",
                                           extraCopies: theirs.count - ours.statuses.count))
            } else if theirs.count < ours.statuses.count, Array(ours.statuses.prefix(theirs.count)) == theirs {
                mismatches.append(Mismatch(kind: .missing, dossierCode: code, unitCode: ours.unit,
                                           detail: "portal holds \(theirs.count) of \(ours.statuses.count) statuses"))
            } else if theirs != ours.statuses {
                mismatches.append(Mismatch(kind: .differing, dossierCode: code, unitCode: ours.unit,
                                           detail: "statuses: ours \(ours.statuses.map(String.init).joined(separator: ",")), portal \(theirs.map(String.init).joined(separator: ","))"))
            }
        }
        for code in held.keys.sorted() where expected[code] == nil {
            mismatches.append(Mismatch(kind: .extra, dossierCode: code, unitCode: "", detail: "statuses of a dossier we do not hold", extraCopies: held[code]?.count ?? 0))
        }
        return mismatches
    }

    static func differences(_ ours: [String: String], _ theirs: [String: String]) -> String {
        ours.keys.sorted().compactMap { key in
            ours[key] == theirs[key] ? nil : "\(key): ours “\(ours[key] ?? "")”, theirs “\(theirs[key] ?? "")”"
        }.joined(separator: "; ")
    }
}
