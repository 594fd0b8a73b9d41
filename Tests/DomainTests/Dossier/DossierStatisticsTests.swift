import Domain
import DomainTesting
import Testing

/// The worked example of DOMAIN.md §7 (July 2025, one commune, 3 working days), dossier by dossier,
/// and the counters its events add up to.
struct DossierStatisticsTests {
    static let periodEnd = DossierScenario.at("2025-08-01T00:00")

    static func example() throws -> [String: DossierScenario] {
        var a = try DossierScenario("A", at: "2025-07-01T08:00", channel: .online)
        try a.resolve(at: "2025-07-03T10:00")

        var b = try DossierScenario("B", at: "2025-07-02T08:00", channel: .inPerson)
        try b.apply("2025-07-02T09:00", DossierRequest(.assign, assignee: "u2"))
        try b.apply("2025-07-02T10:00", DossierRequest(.requestSupplement, missing: ["Bản sao giấy khai sinh"]))
        try b.apply("2025-07-09T10:00", DossierRequest(.receiveSupplement))
        try b.resolve(at: "2025-07-11T10:00")

        var c = try DossierScenario("C", at: "2025-07-03T08:00", channel: .inPerson)
        try c.apply("2025-07-03T08:30", DossierRequest(.assign, assignee: "u2"))
        try c.apply("2025-07-03T09:00", DossierRequest(.requestSupplement, missing: ["Tờ khai có chữ ký"]))
        try c.apply("2025-07-03T10:00", DossierRequest(.receiveSupplement))
        try c.apply("2025-07-03T11:00", DossierRequest(.requestSupplement, missing: ["Ảnh chân dung"]))
        try c.apply("2025-07-03T13:30", DossierRequest(.receiveSupplement))
        try c.resolve(at: "2025-07-04T09:00")

        var d = try DossierScenario("D", at: "2025-07-07T08:00", channel: .online)
        try d.apply("2025-07-07T09:00", DossierRequest(.assign, assignee: "u2"))
        try d.apply("2025-07-09T16:00", DossierRequest(
            .apologise, reason: "Cần xác minh thêm tại nơi cư trú trước", newAppointment: DossierScenario.at("2025-07-14T17:00")
        ))
        try d.resolve(at: "2025-07-11T10:00")

        var e = try DossierScenario("E", at: "2025-07-08T08:00", channel: .inPerson)
        try e.apply("2025-07-09T09:00", DossierRequest(.withdraw, reason: "Không còn nhu cầu"), actor: .applicant)

        let f = try DossierScenario("F", at: "2025-07-29T08:00", channel: .online)
        let g = try DossierScenario("G", at: "2025-07-21T08:00", channel: .inPerson)

        var h = try DossierScenario("H", at: "2025-07-10T08:00", channel: .online, receive: false)
        try h.apply("2025-07-10T09:00", DossierRequest(.refuseAtIntake, reason: "Không thuộc thẩm quyền"))
        return ["A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g, "H": h]
    }

    @Test("each dossier of the worked example counts as DOMAIN.md §7 says")
    func dossiers() throws {
        let all = try Self.example()
        func figures(_ name: String) -> DossierFigures { DossierFigures(all[name]!.dossier) }

        #expect(all["A"]!.dossier.dueAt == DossierScenario.at("2025-07-04T08:00"))
        #expect(figures("A").onTime == true)
        #expect(figures("A").verdict == .early)

        let b = all["B"]!.dossier
        #expect(b.dueAt == DossierScenario.at("2025-07-14T08:00"), "5 working days paused move the due time from 7 to 14 July")
        #expect(b.pausedMinutes == 5 * 8 * 60)
        #expect(figures("B").onTime == true)
        #expect(figures("B").supplementRequests == 1)

        let c = all["C"]!.dossier
        #expect(c.finishedAt! < c.dueAt!, "C finished before its due time…")
        #expect(figures("C").onTime == false, "…but two supplement requests make it late")
        #expect(figures("C").verdict == .late)
        #expect(figures("C").supplementRequests == 2)
        #expect(c.pausedMinutes == 60 + 60, "09:00–10:00, and 11:00–13:30 less the lunch break")

        let d = all["D"]!.dossier
        #expect(d.dueAt == DossierScenario.at("2025-07-10T08:00"), "the apology keeps the original due time")
        #expect(d.appointment == DossierScenario.at("2025-07-14T17:00"), "and gives the applicant a new date")
        #expect(figures("D").onTime == false)
        #expect(figures("D").apologies == 1)

        #expect(figures("E").withdrawn)
        #expect(!figures("E").finished)

        #expect(DossierFigures.pendingState(all["F"]!.dossier, at: Self.periodEnd) == true, "F: on track")
        #expect(all["F"]!.dossier.dueAt == DossierScenario.at("2025-08-01T08:00"))
        #expect(DossierFigures.pendingState(all["G"]!.dossier, at: Self.periodEnd) == false, "G: overdue")
        #expect(all["G"]!.dossier.dueAt == DossierScenario.at("2025-07-24T08:00"))
        #expect(all["H"]!.dossier.receivedAt == nil)
        #expect(DossierFigures.pendingState(all["H"]!.dossier, at: Self.periodEnd) == nil)
    }

    @Test("processing time is the working time from the clock start to the finish, net of pauses")
    func processingTime() throws {
        let all = try Self.example()
        // A: Tue 08:00 → Thu 10:00 = 2 working days + 2 h.
        #expect(all["A"]!.dossier.processingMinutes == 2 * 480 + 120)
        // B: Wed 2 Jul 08:00 → Fri 11 Jul 10:00 = 7 days 2 h of working time, less 5 days paused.
        #expect(all["B"]!.dossier.processingMinutes == 7 * 480 + 120 - 5 * 480)
    }

    @Test("the events add up to the figures of the example: received 7, online 3, refused at intake 1")
    func counters() throws {
        var total = CounterValues()
        var online = 0
        for scenario in try Self.example().values {
            for (key, values) in CounterValues.of(events: scenario.events) {
                total = total + values
                if key.channel.isOnline { online += values["received"] }
            }
        }
        #expect(total["received"] == 7)
        #expect(online == 3)
        #expect(total["refused_at_intake"] == 1)
        #expect(total["withdrawn"] == 1)
        #expect(total["finished"] == 4)
        #expect(total["resolved_early"] + total["resolved_on_time"] == 2)
        #expect(total["resolved_late"] == 2)
        #expect(total["supplements"] == 3)
        #expect(total["apologies"] == 1)
        #expect(total["paused_minutes"] == 5 * 480 + 120)
    }

    @Test("replaying the events rebuilds every dossier exactly")
    func replay() throws {
        for scenario in try Self.example().values {
            #expect(Dossier.replay(scenario.events) == scenario.dossier)
        }
    }
}
