/// The personal IDs a data-quality scan has read, for the check "one personal ID under different names or
/// birth dates", which is known only once every dossier is read. Each dossier with an ID is one
/// fixed-size row (its ID as a number, its folded name's hash, its birth date) beside its code and place
/// packed in arrays: a nation's scan holds one per dossier. A dictionary of sets and code lists per ID held
/// ~430 bytes per ID (peak RSS 111.7 → 75.5 MB for 97,014 imported dossiers, BENCHMARKS.md), ~2.8 GB at
/// the resolution's 6.5 million; these hold ~61 bytes per dossier.
struct IdentityTally: Sendable {
    /// A dossier's identity: `id` is the ID's digits with their count (exact, leading zeros kept) or,
    /// with the top bit set, the number of an ID that is not all digits (`others`); `name` the folded
    /// name's hash (two names of one ID hashing alike, about one chance in 2⁶⁴, would hide a conflict);
    /// `birth` yyyymmdd or `noBirth`; `dossier` the dossier's number in reading order.
    struct Row: Sendable {
        var id: UInt64
        var name: Int
        var birth: Int32
        var dossier: UInt32
    }

    static let noBirth = Int32.min
    static let otherID: UInt64 = 1 << 63
    /// Digits fit with their count below the top bit up to 17 of them (a citizen ID has 12).
    static let maxDigits = 17

    private var rows: [Row] = []
    private var others: [String: UInt64] = [:]
    private var otherTexts: [String] = []
    /// Each dossier's code, one after another, and where each ends.
    private var codeBytes: [UInt8] = []
    private var codeEnds: [Int] = []
    /// Each dossier's province and unit, by number.
    private var placeOf: [UInt32] = []
    private var placeNumbers: [String: UInt32] = [:]
    private var places: [(province: String, unit: String)] = []

    mutating func add(id: String, name: String, birth: LocalDate?, code: String, province: String, unit: String) {
        let number = UInt32(codeEnds.count)
        codeBytes.append(contentsOf: code.utf8)
        codeEnds.append(codeBytes.count)
        let placeKey = province + "\u{1F}" + unit
        if let known = placeNumbers[placeKey] {
            placeOf.append(known)
        } else {
            let next = UInt32(places.count)
            placeNumbers[placeKey] = next
            places.append((province, unit))
            placeOf.append(next)
        }
        var hasher = Hasher()
        FoldKey.fold(name).hashBytes(into: &hasher)
        let birthNumber = birth.map { Int32($0.year * 10_000 + $0.month * 100 + $0.day) } ?? Self.noBirth
        rows.append(Row(id: key(id), name: hasher.finalize(), birth: birthNumber, dossier: number))
    }

    private mutating func key(_ id: String) -> UInt64 {
        let utf8 = id.utf8
        if utf8.count <= Self.maxDigits, utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            let value = utf8.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            return value << 5 | UInt64(utf8.count)
        }
        if let known = others[id] { return known }
        let next = Self.otherID | UInt64(otherTexts.count)
        others[id] = next
        otherTexts.append(id)
        return next
    }

    /// The ID a row's key stands for.
    private func text(_ id: UInt64) -> String {
        if id & Self.otherID != 0 { return otherTexts[Int(id & ~Self.otherID)] }
        let digits = String(id >> 5)
        return String(repeating: "0", count: Int(id & 31) - digits.count) + digits
    }

    private func code(_ dossier: UInt32) -> String {
        let index = Int(dossier)
        return String(decoding: codeBytes[(index == 0 ? 0 : codeEnds[index - 1])..<codeEnds[index]], as: UTF8.self)
    }

    private func place(_ dossier: UInt32) -> (province: String, unit: String) { places[Int(placeOf[Int(dossier)])] }

    /// An ID read under more than one name or birth date: its counts, the place of the first dossier read
    /// with it, and every dossier's code in code order.
    struct Conflict {
        var id: String
        var names: Int
        var birthDates: Int
        var province: String
        var unit: String
        var dossiers: [String]
    }

    /// The conflicts in ID order. Sorts the rows where they lie (a copy would be a third of the tally again).
    mutating func conflicts() -> [Conflict] {
        rows.sort { ($0.id, $0.dossier) < ($1.id, $1.dossier) }
        var found: [Conflict] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            while end < rows.count, rows[end].id == rows[start].id { end += 1 }
            let group = rows[start..<end], head = rows[start]
            if group.contains(where: { $0.name != head.name || $0.birth != head.birth }) {
                let births = Set(group.map(\.birth).filter { $0 != Self.noBirth })
                let names = Set(group.map(\.name))
                if names.count > 1 || births.count > 1 {
                    let first = place(head.dossier)
                    found.append(Conflict(
                        id: text(head.id), names: names.count, birthDates: births.count, province: first.province, unit: first.unit,
                        dossiers: group.map { code($0.dossier) }.sorted()
                    ))
                }
            }
            start = end
        }
        return found
    }
}
