import Domain
import NIOCore

/// A JSON object whose last member is a long array, written as a sequence of buffers of a few thousand
/// elements each. Written whole, a nationwide breakdown mixing two members (134,000 rows, 94 MB) grew
/// an array by doubling to 128 MB and was then copied into the response's buffer: the server's peak
/// went to 361–420 MB for one request (BENCHMARKS.md, issue 7). In parts the bytes are held once.
/// Every part is written before the response starts, so an encoding error is still a problem answer.
enum JSONParts {
    /// How many elements go in one buffer.
    static let elementsPerPart = 2_000

    /// The buffers of `head` (the object with its last member's array empty) followed by `elements` as
    /// that array: byte for byte what encoding the object with the array filled gives.
    static func buffers<Head: Encodable, Element: Encodable>(
        head: Head, elements: [Element], perPart: Int = elementsPerPart
    ) throws -> [ByteBuffer] {
        let encoder = StreamingJSONEncoder()
        var opening = try encoder.encode(head)
        // The empty array and the object's end: `[]}`.
        guard opening.count >= 3, opening.suffix(3).elementsEqual("[]}".utf8) else { throw NotTrailingArray() }
        opening.removeLast(2)
        var buffers = [ByteBuffer(bytes: opening)]
        var start = 0
        while start < elements.count {
            let end = min(start + perPart, elements.count)
            buffers.append(ByteBuffer(bytes: try encoder.encode(elements: elements[start..<end], afterOthers: start > 0)))
            start = end
        }
        buffers.append(ByteBuffer(bytes: Array("]}".utf8)))
        return buffers
    }

    /// The head's last member was not an empty array.
    struct NotTrailingArray: Error {}
}
