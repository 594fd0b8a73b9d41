@testable import Storage
import Testing

/// The keys the bulk path sums counter deltas by (`CounterRow`): byte equality of every column.
struct CounterRowTests {
    @Test("keys are equal when every column's bytes are, whatever the columns' storage")
    func equality() {
        let built = String(decoding: Array("79".utf8), as: UTF8.self)
        #expect(CounterRow(["79", "2025-07-01"]) == CounterRow([built, "2025-07-01"]))
        #expect(CounterRow(["ab", "c"]) != CounterRow(["a", "bc"]))
        #expect(CounterRow(["a", ""]) != CounterRow(["a"]))
        #expect(CounterRow(["Hà Nội"]) == CounterRow(["Hà Nội"]))
    }

    @Test("deltas added to a key are summed in place")
    func sums() {
        var rows: [CounterRow: [Int]] = [:]
        rows.add([1, 2], to: CounterRow(["a", "b"]))
        rows.add([3, -2], to: CounterRow(["a", "b"]))
        rows.add([1, 0], to: CounterRow(["a", "c"]))
        rows.add([-1, 0], to: CounterRow(["a", "c"]))
        #expect(rows.count == 2)
        #expect(rows[CounterRow(["a", "b"])] == [4, 0])
        #expect(rows[CounterRow(["a", "c"])] == [0, 0])
    }
}
