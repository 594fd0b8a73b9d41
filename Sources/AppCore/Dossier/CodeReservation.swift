import Domain
public import Storage

extension CodeBlock {
    /// Codes for many new dossiers at once, one per key (agency and day of each, its count ignored): the
    /// numbers are reserved by blocks per agency and day in one transaction, and handed out in the
    /// keys' order — the bulk writers' way of naming dossiers without a round trip each.
    public static func reserve(_ keys: [CodeBlock], in store: any Store) async throws -> [String] {
        try await numbers(for: keys, in: store).enumerated().map { index, number in
            DossierCode(agencyCode: keys[index].agencyCode, date: keys[index].day, number: number).description
        }
    }

    /// The same, as numbers: a whole national data set's codes as text would take half a gigabyte.
    public static func numbers(for keys: [CodeBlock], in store: any Store) async throws -> [Int] {
        var blocks: [CodeBlock] = []
        var blockOf: [CodeBlock: Int] = [:]
        var positions: [(block: Int, offset: Int)] = []
        positions.reserveCapacity(keys.count)
        for key in keys {
            let plain = CodeBlock(provinceCode: key.provinceCode, agencyCode: key.agencyCode, day: key.day, count: 0)
            let index = blockOf[plain] ?? blocks.count
            if index == blocks.count {
                blockOf[plain] = index
                blocks.append(plain)
            }
            positions.append((index, blocks[index].count))
            blocks[index].count += 1
        }
        let firsts = try await store.dossiers.reserveCodes(blocks)
        return positions.map { firsts[$0.block] + $0.offset }
    }
}
