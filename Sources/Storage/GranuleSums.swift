import Domain

/// Counter rows keyed by up to five texts and a day, summed by day, then spread over each day's
/// granules (`DayGranules`) and summed again: what a batch of changes adds to a granule rollup. A text is
/// numbered once per key of the deltas, not once per observed day and granule, and the rows are keyed by
/// the numbers. Keyed by their texts (`CounterRow`: an array of six strings made and hashed byte by byte
/// for each of a day's three granules), the granule rollups were the largest part of the counters' CPU
/// in `motcua generate` (15 % of what its batches spent deciding and encoding, perf).
struct GranuleSums {
    /// A row's texts by number, in its columns' order without the granule.
    struct Texts {
        var numbers: (UInt32, UInt32, UInt32, UInt32, UInt32)

        init(_ first: UInt32, _ second: UInt32, _ third: UInt32, _ fourth: UInt32 = 0, _ fifth: UInt32 = 0) {
            numbers = (first, second, third, fourth, fifth)
        }

        subscript(index: Int) -> UInt32 {
            switch index {
            case 0: numbers.0
            case 1: numbers.1
            case 2: numbers.2
            case 3: numbers.3
            default: numbers.4
            }
        }
    }

    /// Texts and a day (or a granule's number), packed.
    private struct Key: Hashable {
        var first: UInt64
        var second: UInt64
        var third: UInt64

        init(_ texts: Texts, _ last: UInt32) {
            first = UInt64(texts.numbers.0) << 32 | UInt64(texts.numbers.1)
            second = UInt64(texts.numbers.2) << 32 | UInt64(texts.numbers.3)
            third = UInt64(texts.numbers.4) << 32 | UInt64(last)
        }

        var texts: Texts {
            Texts(UInt32(first >> 32), UInt32(truncatingIfNeeded: first), UInt32(second >> 32), UInt32(truncatingIfNeeded: second),
                  UInt32(third >> 32))
        }

        var last: UInt32 { UInt32(truncatingIfNeeded: third) }
    }

    /// Values per row.
    let width: Int
    /// The row's texts in its key, before the granule is placed at `granuleColumn`.
    let textCount: Int
    let granuleColumn: Int
    private var rows: [Key: Int] = [:]
    private var keys: [Key] = []
    private var sums: [Int] = []

    init(width: Int, textCount: Int, granuleColumn: Int) {
        self.width = width
        self.textCount = textCount
        self.granuleColumn = granuleColumn
    }

    /// Adds `values` times `sign` to the row of `texts` on `day`.
    mutating func add(_ texts: Texts, day: LocalDate, _ values: [Int], sign: Int = 1) {
        add(Key(texts, UInt32(truncatingIfNeeded: day.daysSinceEpoch)), values, sign: sign)
    }

    private mutating func add(_ key: Key, _ values: some Collection<Int>, sign: Int) {
        precondition(values.count == width, "a row of \(width) values")
        let row: Int
        if let known = rows[key] {
            row = known
        } else {
            row = keys.count
            rows[key] = row
            keys.append(key)
            sums += repeatElement(0, count: width)
        }
        sums.withUnsafeMutableBufferPointer { sums in
            for (offset, value) in values.enumerated() { sums[row * width + offset] += sign * value }
        }
    }

    /// The rows by granule, with their texts (numbered in `texts`), those whose values are not all 0.
    func granuleRows(_ granules: inout DayGranuleTexts, texts: inout TextNumbers) -> [([String], [Int])] {
        var spread = GranuleSums(width: width, textCount: textCount, granuleColumn: granuleColumn)
        var dayGranules: [UInt32: [UInt32]] = [:]
        for (row, key) in keys.enumerated() {
            let day = key.last
            let numbered: [UInt32]
            if let known = dayGranules[day] {
                numbered = known
            } else {
                numbered = granules.of(LocalDate(daysSinceEpoch: Int(Int32(bitPattern: day)))).map { texts.number($0) }
                dayGranules[day] = numbered
            }
            for granule in numbered {
                spread.add(Key(key.texts, granule), sums[(row * width)..<((row + 1) * width)], sign: 1)
            }
        }
        return spread.keys.enumerated().compactMap { row, key in
            let values = Array(spread.sums[(row * width)..<((row + 1) * width)])
            guard values.contains(where: { $0 != 0 }) else { return nil }
            var columns: [String] = []
            columns.reserveCapacity(textCount + 1)
            let numbers = key.texts
            for index in 0..<textCount {
                if index == granuleColumn { columns.append(texts[key.last]) }
                columns.append(texts[numbers[index]])
            }
            if granuleColumn == textCount { columns.append(texts[key.last]) }
            return (columns, values)
        }
    }
}

/// Texts numbered in the order first seen, equal bytes under one number.
struct TextNumbers {
    private var numbers: [ByteText: UInt32] = [:]
    private var texts: [String] = []

    mutating func number(_ text: String) -> UInt32 {
        let key = ByteText(text)
        if let known = numbers[key] { return known }
        texts.append(text)
        numbers[key] = UInt32(texts.count - 1)
        return UInt32(texts.count - 1)
    }

    subscript(number: UInt32) -> String { texts[Int(number)] }
}
