/// Type words and their abbreviations as people write them before a unit's name, folded.
enum AddressTypeWord {
    static let words: [String: Set<UnitType>] = [
        "tinh": [.tinh], "t": [.tinh],
        "thanh pho": [.thanhPhoTrucThuocTrungUong, .thanhPho], "tp": [.thanhPhoTrucThuocTrungUong, .thanhPho],
        "quan": [.quan], "q": [.quan],
        "huyen": [.huyen], "h": [.huyen],
        "thi xa": [.thiXa], "tx": [.thiXa],
        "phuong": [.phuong], "p": [.phuong], "f": [.phuong],
        "xa": [.xa], "x": [.xa],
        "thi tran": [.thiTran], "tt": [.thiTran],
        "dac khu": [.dacKhu],
    ]

    /// Letters glued to a number that stand for a type word: `P4`, `Q10`, `F12`.
    static let gluedPrefixes: Set<UInt8> = Set("pqfxh".utf8)

    /// Trailing words that name the country, ignored.
    static let country: Set<String> = ["viet nam", "vietnam", "vn"]
}

/// The folded words of an address, with `P4` split into `p 4`.
struct AddressTokens {
    let text: String
    var words: [String] = []
    var ranges: [Range<String.Index>] = []
    var segments: [Int] = []
    var ids: [Int32] = []

    init(_ text: String, vocabulary: Vocabulary) {
        self.text = text
        for token in FoldKey.tokens(of: text) {
            let word = token.text
            let utf8 = word.utf8
            if utf8.count > 1, let first = utf8.first, AddressTypeWord.gluedPrefixes.contains(first),
               utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let number = utf8.dropFirst().drop(while: { $0 == UInt8(ascii: "0") })
                append(String(decoding: [first], as: UTF8.self), token)
                append(number.isEmpty ? "0" : String(decoding: number, as: UTF8.self), token)
            } else {
                append(word, token)
            }
        }
        while let last = segments.indices.last {
            if AddressTypeWord.country.contains(words[last]) {
                removeLast(1)
            } else if last > 0, AddressTypeWord.country.contains(words[last - 1] + " " + words[last]) {
                removeLast(2)
            } else {
                break
            }
        }
        ids = words.map(vocabulary.id)
    }

    private mutating func append(_ word: String, _ token: FoldKey.Token) {
        words.append(word)
        ranges.append(token.range)
        segments.append(token.segment)
    }

    private mutating func removeLast(_ count: Int) {
        words.removeLast(count)
        ranges.removeLast(count)
        segments.removeLast(count)
    }

    var count: Int { words.count }

    func key(_ range: Range<Int>) -> NameKey? {
        NameKey(ids[range])
    }

    /// The original text before token `index`, without trailing separators.
    func prefix(before index: Int) -> String {
        guard index < count else { return trimmed(Substring(text)) }
        return trimmed(text[..<ranges[index].lowerBound])
    }

    private func trimmed(_ text: Substring) -> String {
        func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x20, 0x2C, 0x3B, 0x2D, 0x2013, 0x09, 0x0A, 0x0D: true
            default: false
            }
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isSeparator(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSeparator(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
