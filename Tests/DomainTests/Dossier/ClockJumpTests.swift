import Domain
import DomainTesting
import Testing

/// The server's clock set back (an NTP correction, a wrong manual setting) between two events of one
/// dossier: its history still runs forward, and the statistics stay whole (no negative processing or
/// paused time, no refused resolve).
struct ClockJumpTests {
    @Test("a clock set back two hours mid-dossier: events keep their order, figures stay non-negative")
    func clockSetBack() throws {
        var scenario = try DossierScenario("001.05.01.H01-250707-0001", at: "2025-07-07T10:00", channel: .inPerson)
        try scenario.apply("2025-07-07T08:00", DossierRequest(.assign, assignee: "u2"))
        try scenario.apply("2025-07-07T07:45", DossierRequest(.requestSupplement, reason: "Thiếu bản sao", missing: ["Bản sao giấy tờ"]))
        try scenario.apply("2025-07-07T07:40", DossierRequest(.receiveSupplement))
        try scenario.resolve(at: "2025-07-07T07:30")
        let times = scenario.events.map(\.at)
        #expect(times == times.sorted(), "\(times)")
        #expect(scenario.dossier.pausedMinutes >= 0)
        #expect((scenario.dossier.processingMinutes ?? -1) >= 0)
        #expect(scenario.dossier.finishedAt.map { $0 >= scenario.dossier.receivedAt! } == true)
        #expect(Dossier.replay(scenario.events) == scenario.dossier)
    }

    @Test("a clock set forward, then back: the later events do not go before the jump")
    func clockForwardThenBack() throws {
        var scenario = try DossierScenario("001.05.01.H01-250707-0002", at: "2025-07-07T10:00", channel: .inPerson)
        try scenario.apply("2025-07-09T10:00", DossierRequest(.assign, assignee: "u2"))
        try scenario.resolve(at: "2025-07-07T11:00")
        let times = scenario.events.map(\.at)
        #expect(times == times.sorted(), "\(times)")
        #expect(scenario.dossier.finishedAt == DossierScenario.at("2025-07-09T10:00"))
    }
}
