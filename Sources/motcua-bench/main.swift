import Domain
import DomainTesting
import Foundation

// Hot-path benchmarks of the domain, one core, release build: `swift run -c release motcua-bench`.
// Prints operations per second; BENCHMARKS.md keeps the results with the command.

/// `motcua-bench WORD` runs only the benchmarks whose name contains WORD.
let only = CommandLine.arguments.dropFirst().first

func measure(_ name: String, operations: Int, _ body: () throws -> Int) rethrows {
    if let only, !name.contains(only) { return }
    let clock = ContinuousClock()
    var checksum = 0
    let elapsed = try clock.measure { checksum = try body() }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(operations) / seconds
    print("\(name): \(operations) in \(String(format: "%.3f", seconds)) s → \(String(format: "%.0f", rate)) per second (checksum \(checksum))")
}

let calendar = try WorkingCalendar()
let workClock = WorkClock(calendar: calendar)
let base = Instant(iso: "2026-01-01T00:00:00+07:00")!.minutes
/// A fixed-seed generator, so every run measures the same inputs.
struct Numbers {
    var state: UInt64 = 0x2026
    mutating func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33)
    }
}
var numbers = Numbers()
let count = 2_000_000
let starts = (0..<count).map { _ in Instant(minutes: base + numbers.next() % (300 * 1440)) }
let limits = try (0..<count).map { _ in try TimeLimit(value: 1 + numbers.next() % 30, unit: .workingDays) }

for round in 1...3 {
    try measure("due, working-day limits within a year (round \(round))", operations: count) {
        var sum = 0
        for index in 0..<count {
            sum &+= try workClock.due(receivedAt: starts[index], limit: limits[index]).minutes
        }
        return sum
    }
}
let pauses = try (0..<count).map { index in
    [try Pause(from: Instant(minutes: starts[index].minutes + 600), to: Instant(minutes: starts[index].minutes + 4000))]
}
try measure("due with one pause", operations: count) {
    var sum = 0
    for index in 0..<count {
        sum &+= try workClock.due(receivedAt: starts[index], limit: limits[index], pauses: pauses[index]).minutes
    }
    return sum
}

// The JSON a dossier's write costs: its state and its events, as the store writes them.
var scenario = try DossierScenario("001.12.01.H01-250702-0001", at: "2025-07-02T08:00", channel: .inPerson)
try scenario.apply("2025-07-02T09:00", DossierRequest(.assign, assignee: "u2"))
try scenario.apply("2025-07-02T10:00", DossierRequest(.requestSupplement, missing: ["Bản sao giấy khai sinh"]))
try scenario.apply("2025-07-03T10:00", DossierRequest(.receiveSupplement))
try scenario.resolve(at: "2025-07-04T10:00")
let encoder = StreamingJSONEncoder()
for round in 1...3 {
    try measure("dossier state and its \(scenario.events.count) events to JSON (round \(round))", operations: 20_000) {
        var bytes = 0
        for _ in 0..<20_000 {
            bytes &+= try encoder.encode(scenario.dossier).count
            for event in scenario.events { bytes &+= try encoder.encode(event).count }
        }
        return bytes
    }
}
