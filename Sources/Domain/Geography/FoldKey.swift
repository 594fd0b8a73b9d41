import Foundation

/// The one key for matching Vietnamese names: marks dropped (NFD), `đ`/`Đ` → `d`, lower case,
/// apostrophes removed, punctuation and runs of spaces folded to one space, leading zeros of numbers
/// dropped (`Phường 04` = `Phường 4`).
///
/// Because every mark is dropped, tone-mark placement (`Hoà`/`Hòa`, `Thuỷ`/`Thủy`) cannot matter.
/// Both storage engines store this key, so SQLite and PostgreSQL answer name searches the same way.
public enum FoldKey {
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var first = true
        for token in tokens(of: text) {
            if !first { out.append(" ") }
            out.append(contentsOf: token.text.unicodeScalars)
            first = false
        }
        return String(out)
    }

    /// A folded word with the range of the original text it came from.
    public struct Token: Sendable, Equatable {
        public var text: String
        public var range: Range<String.Index>
        /// Index of the comma- or semicolon-separated segment of the original text the token is in.
        public var segment: Int
    }

    public static func tokens(of text: String) -> [Token] {
        var tokens: [Token] = []
        var current = String.UnicodeScalarView()
        var start: String.Index?
        var end = text.startIndex
        var segment = 0
        var allDigits = true

        func flush() {
            guard let tokenStart = start, !current.isEmpty else { start = nil; return }
            var word = String(current)
            if allDigits {
                let trimmed = word.drop(while: { $0 == "0" })
                word = trimmed.isEmpty ? "0" : String(trimmed)
            }
            tokens.append(Token(text: word, range: tokenStart..<end, segment: segment))
            current = String.UnicodeScalarView()
            start = nil
            allDigits = true
        }

        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let value = scalar.value
            var folded: Unicode.Scalar?
            var separator = false
            var skip = false
            switch value {
            case 0x30...0x39:
                folded = scalar
            case 0x41...0x5A:
                folded = Unicode.Scalar(value + 0x20)
            case 0x61...0x7A:
                folded = scalar
            case 0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x02BC, 0x02B9:
                skip = true
            case 0x300...0x36F:
                skip = true
            case 0x2C, 0x3B:
                separator = true
                flush()
                segment += 1
            case 0...0x7F:
                separator = true
            default:
                if let base = latinBase(value) {
                    folded = base
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars
                    if start == nil { start = index }
                    current.append(contentsOf: lower)
                    allDigits = false
                    end = next
                    index = next
                    continue
                } else {
                    separator = true
                }
            }
            if let folded {
                if start == nil { start = index }
                current.append(folded)
                if !(0x30...0x39).contains(folded.value) { allDigits = false }
                end = next
            } else if skip {
                if start != nil { end = next }
            } else if separator {
                flush()
            }
            index = next
        }
        flush()
        return tokens
    }

    /// The lower-case ASCII base letter of a precomposed Latin letter (`ạ` → `a`, `Đ` → `d`), if any.
    static func latinBase(_ value: UInt32) -> Unicode.Scalar? {
        if value >= 0xC0, value < 0x250 {
            let base = latinTable.low[Int(value - 0xC0)]
            return base == 0 ? nil : Unicode.Scalar(base)
        }
        if value >= 0x1E00, value < 0x1F00 {
            let base = latinTable.extended[Int(value - 0x1E00)]
            return base == 0 ? nil : Unicode.Scalar(base)
        }
        return nil
    }

    private static let latinTable: (low: [UInt8], extended: [UInt8]) = {
        func table(_ range: Range<UInt32>) -> [UInt8] {
            range.map { value -> UInt8 in
                switch value {
                case 0x110, 0x111: return UInt8(ascii: "d")
                case 0xD8, 0xF8: return UInt8(ascii: "o")
                case 0x141, 0x142: return UInt8(ascii: "l")
                default: break
                }
                guard let scalar = Unicode.Scalar(value) else { return 0 }
                let decomposed = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars
                guard let base = decomposed.first, base.isASCII, base.properties.isAlphabetic else { return 0 }
                let lower = base.value >= 0x41 && base.value <= 0x5A ? base.value + 0x20 : base.value
                return UInt8(lower)
            }
        }
        return (table(0xC0..<0x250), table(0x1E00..<0x1F00))
    }()
}

extension FoldKey {
    /// A key that keeps every letter's marks but not where the tone mark sits (`Hoà` = `Hòa`), lower case,
    /// words joined by one space: what tells `Châu Bình` from `Châu Bính` when the text has its marks.
    public static func spelling(_ text: String) -> String {
        var words: [String] = []
        for word in text.lowercased().decomposedStringWithCanonicalMapping.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" || $0 == "." }) {
            var scalars = String.UnicodeScalarView()
            var tone: Unicode.Scalar?
            for scalar in word.unicodeScalars {
                switch scalar.value {
                case 0x300, 0x301, 0x303, 0x309, 0x323: tone = scalar
                case 0x27, 0x2019, 0x2018, 0x60: continue
                default: scalars.append(scalar)
                }
            }
            if let tone { scalars.append(tone) }
            words.append(String(scalars))
        }
        return words.joined(separator: " ")
    }
}
