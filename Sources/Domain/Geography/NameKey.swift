/// Up to eight folded words as numbers of a fixed vocabulary, so reading an address looks names up by
/// two integers instead of joining and hashing strings.
struct NameKey: Hashable, Sendable {
    static let maxWords = 8

    func hash(into hasher: inout Hasher) {
        hasher.combine(low &* 0x9E37_79B9_7F4A_7C15 ^ high)
    }
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// nil when a word is outside the vocabulary (no name has it) or there are too many words.
    init?(_ ids: ArraySlice<Int32>) {
        guard ids.count <= Self.maxWords else { return nil }
        for (offset, id) in ids.enumerated() {
            guard id >= 0 else { return nil }
            let value = UInt64(id + 1) & 0xFFFF
            if offset < 4 { low |= value << (16 * offset) } else { high |= value << (16 * (offset - 4)) }
        }
    }
}

/// The words that occur in unit names, type words and aliases, each with a number.
struct Vocabulary: Sendable {
    private(set) var ids: [String: Int32] = [:]

    mutating func add(phrase: String) {
        for word in phrase.split(separator: " ") where ids[String(word)] == nil {
            ids[String(word)] = Int32(ids.count)
        }
    }

    func id(_ word: String) -> Int32 { ids[word] ?? -1 }

    func key(_ phrase: String) -> NameKey? {
        NameKey(ArraySlice(phrase.split(separator: " ").map { id(String($0)) }))
    }

    func index<Value>(_ byPhrase: [String: Value]) -> NameIndex<Value> {
        var result = NameIndex<Value>(vocabularySize: ids.count)
        for (phrase, value) in byPhrase {
            let words = phrase.split(separator: " ").map { id(String($0)) }
            guard let first = words.first, let last = words.last, let key = NameKey(ArraySlice(words)) else { continue }
            result.names[key] = value
            result.firstWords[Int(first)] = true
            result.lastWords[Int(last)] = true
        }
        return result
    }
}

/// Names of one kind by their words, with the words that end a name, so that most positions of an
/// address are ruled out without hashing anything.
struct NameIndex<Value: Sendable>: Sendable {
    var names: [NameKey: Value] = [:]
    var firstWords: [Bool]
    var lastWords: [Bool]

    init(vocabularySize: Int) {
        firstWords = Array(repeating: false, count: vocabularySize)
        lastWords = Array(repeating: false, count: vocabularySize)
    }

    func canEnd(with id: Int32) -> Bool { id >= 0 && lastWords[Int(id)] }
    func canStart(with id: Int32) -> Bool { id >= 0 && firstWords[Int(id)] }

    subscript(key: NameKey) -> Value? { names[key] }
}
