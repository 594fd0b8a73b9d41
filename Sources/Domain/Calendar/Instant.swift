/// A moment, to the minute, as minutes since 1970-01-01T00:00Z. Dossier times are instants; they are
/// shown in Vietnam's time (UTC+7, no daylight saving).
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) {
        self.minutes = minutes
    }

    /// Vietnam is UTC+7 all year.
    public static let vietnamOffset = 7 * 60

    /// The instant of a local time in Vietnam.
    public init(vietnam date: LocalDate, minuteOfDay: Int) {
        minutes = date.daysSinceEpoch * 1440 + minuteOfDay - Self.vietnamOffset
    }

    public init(secondsSince1970 seconds: Double) {
        minutes = Int((seconds / 60).rounded(.down))
    }

    /// Minutes since 1970 on Vietnam's wall clock.
    var localMinutes: Int { minutes + Self.vietnamOffset }
    /// The local date in Vietnam.
    public var vietnamDate: LocalDate { LocalDate(daysSinceEpoch: localMinutes.floorDivided(by: 1440)) }
    /// Minutes since local midnight in Vietnam.
    public var vietnamMinuteOfDay: Int { localMinutes.modulo(1440) }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.minutes < rhs.minutes }

    /// `2026-02-13T16:30:00+07:00`.
    public var description: String {
        let date = vietnamDate
        guard date.hasFourDigitYear else { return slowDescription }
        return String(unsafeUninitializedCapacity: Self.isoLength) { write(date, into: $0) }
    }

    /// `description`'s bytes appended without making a `String` (JSON of dossiers and their events).
    func appendDescription(to bytes: inout [UInt8]) {
        let date = vietnamDate
        guard date.hasFourDigitYear else { return bytes.append(contentsOf: slowDescription.utf8) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.isoLength) { buffer in
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<write(date, into: buffer)]))
        }
    }

    static let isoLength = 25

    private var slowDescription: String {
        let minute = vietnamMinuteOfDay
        return "\(vietnamDate)T\(Self.two(minute / 60)):\(Self.two(minute % 60)):00+07:00"
    }

    /// Writes `description` of an instant on `date` (its Vietnamese date, of a four-digit year);
    /// returns its length.
    private func write(_ date: LocalDate, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let minute = vietnamMinuteOfDay
        LocalDate.digits(date.year, 4, into: buffer, at: 0)
        buffer[4] = UInt8(ascii: "-")
        LocalDate.digits(date.month, 2, into: buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        LocalDate.digits(date.day, 2, into: buffer, at: 8)
        buffer[10] = UInt8(ascii: "T")
        LocalDate.digits(minute / 60, 2, into: buffer, at: 11)
        buffer[13] = UInt8(ascii: ":")
        LocalDate.digits(minute % 60, 2, into: buffer, at: 14)
        // ":00+07:00", byte by byte: an enumerated loop over the literal was a twentieth of a dossier's JSON.
        (buffer[16], buffer[17], buffer[18], buffer[19]) = (UInt8(ascii: ":"), UInt8(ascii: "0"), UInt8(ascii: "0"), UInt8(ascii: "+"))
        (buffer[20], buffer[21], buffer[22]) = (UInt8(ascii: "0"), UInt8(ascii: "7"), UInt8(ascii: ":"))
        (buffer[23], buffer[24]) = (UInt8(ascii: "0"), UInt8(ascii: "0"))
        return Self.isoLength
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)`; seconds are dropped (times count to the minute).
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              let date = LocalDate(iso: String(decoding: bytes[0..<10], as: UTF8.self)),
              let time = Self.minuteOfDay(bytes[11..<16]) else { return nil }
        var index = 16
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard index + 3 <= bytes.count, Self.number(bytes[(index + 1)..<(index + 3)]).map({ $0 < 60 }) == true else { return nil }
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            }
        }
        guard index < bytes.count else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.count, let zone = Self.minuteOfDay(bytes[(index + 1)..<(index + 6)]), zone <= 14 * 60 else { return nil }
            offset = bytes[index] == UInt8(ascii: "+") ? zone : -zone
        default:
            return nil
        }
        minutes = date.daysSinceEpoch * 1440 + time - offset
    }

    /// `HH:MM` → minutes since midnight.
    public static func minuteOfDay(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        return bytes.count == 5 ? minuteOfDay(bytes[0..<5]) : nil
    }

    static func minuteOfDay(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count == 5, bytes[bytes.startIndex + 2] == UInt8(ascii: ":"),
              let hours = number(bytes[bytes.startIndex..<(bytes.startIndex + 2)]),
              let minutes = number(bytes[(bytes.startIndex + 3)..<(bytes.startIndex + 5)]),
              hours < 24, minutes < 60 else { return nil }
        return hours * 60 + minutes
    }

    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}

extension Int {
    func floorDivided(by divisor: Int) -> Int {
        self >= 0 ? self / divisor : (self - divisor + 1) / divisor
    }

    func modulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder >= 0 ? remainder : remainder + divisor
    }
}
