import AppCore
import Domain
import NIOCore
import Testing
@testable import HTTPServer

/// A report written in parts is, joined, the bytes of the report written whole.
struct JSONPartsTests {
    static func report(rows count: Int) -> ReportService.Report {
        let rows = (0..<count).map { index in
            var cohort = CohortSums()
            cohort.received = index * 7 % 101
            cohort.receivedOnline = index * 3 % (cohort.received + 1)
            cohort.finished = index % (cohort.received + 1)
            cohort.onTime = index % (cohort.finished + 1)
            cohort.processingMinutes = index * 480 + 17
            var flow = CounterValues(values: Array(repeating: 0, count: CounterValues.names.count))
            flow.values[index % flow.values.count] = index
            return IndicatorRow(group: ["unit": "\(10_000 + index)", "unitName": "Phường Ba Đình \(index)"], cohort: cohort, flow: flow)
        }
        return ReportService.Report(
            scope: "nation", from: "2025-07-01", to: "2025-08-23", perspective: "competent", by: ["unit", "procedure"],
            generatedAt: "2026-12-06T21:00:00Z", total: rows.first ?? IndicatorRow(cohort: CohortSums(), flow: CounterValues()), rows: rows
        )
    }

    static func joined(_ buffers: [ByteBuffer]) -> [UInt8] {
        buffers.flatMap { $0.readableBytesView }
    }

    @Test("joined, the parts are the whole report's bytes, whatever the count and the part size", arguments: [0, 1, 2, 3, 7, 2_001])
    func sameBytes(count: Int) throws {
        let report = Self.report(rows: count)
        var head = report
        head.rows = []
        let whole = try StreamingJSONEncoder().encode(report)
        for perPart in [1, 3, JSONParts.elementsPerPart] {
            let buffers = try JSONParts.buffers(head: head, elements: report.rows, perPart: perPart)
            #expect(Self.joined(buffers) == whole, "\(count) rows, \(perPart) per part")
            // The opening, a part per `perPart` rows, the closing.
            #expect(buffers.count == 2 + (count + perPart - 1) / perPart)
        }
    }

    @Test("a head whose last member is not an empty array is refused")
    func refusesOtherHeads() {
        struct Other: Encodable { var rows: [Int] = []; var after = 1 }
        struct Filled: Encodable { var rows = [1] }
        #expect(throws: JSONParts.NotTrailingArray.self) { try JSONParts.buffers(head: Other(), elements: [2]) }
        #expect(throws: JSONParts.NotTrailingArray.self) { try JSONParts.buffers(head: Filled(), elements: [2]) }
    }
}
