import Domain
import DomainTesting
import Testing

/// The decider over the whole table: a dossier brought into each status, then every command with a
/// well-formed request. Allowed pairs move as `DossierTransitionTests.allowed` says; the others throw
/// and give no event.
struct DossierDeciderTests {
    static func dossier(in status: DossierStatus) throws -> DossierScenario {
        var scenario = try DossierScenario("X", at: "2025-07-01T08:00", channel: .online, receive: status != .submitted && status != .refusedAtIntake)
        let time = "2025-07-01T09:00"
        switch status {
        case .submitted, .received: break
        case .refusedAtIntake: try scenario.apply(time, DossierRequest(.refuseAtIntake, reason: "Sai thẩm quyền"))
        case .withdrawn: try scenario.apply(time, DossierRequest(.withdraw))
        case .processing, .awaitingSupplement, .awaitingPayment, .stopped:
            try scenario.apply(time, DossierRequest(.assign, assignee: "u2"))
            try scenario.apply(time, DossierRequest(.proposeDecision, outcome: .approved))
            try scenario.apply(time, DossierRequest(.decide, outcome: .approved))
            switch status {
            case .awaitingSupplement: try scenario.apply(time, DossierRequest(.requestSupplement, missing: ["Tờ khai"]))
            case .awaitingPayment: try scenario.apply(time, DossierRequest(.requestPayment, amount: 20_000))
            case .stopped: try scenario.apply(time, DossierRequest(.stop, reason: "Có tranh chấp"))
            default: break
            }
        case .resolved, .returned:
            try scenario.resolve(at: time)
            if status == .returned { try scenario.apply(time, DossierRequest(.returnResult, returnChannel: .counter)) }
        }
        #expect(scenario.dossier.status == status)
        return scenario
    }

    static func request(_ command: DossierCommand) -> DossierRequest {
        switch command {
        case .refuseAtIntake, .stop, .withdraw: DossierRequest(command, reason: "Lý do")
        case .assign: DossierRequest(command, assignee: "u3")
        case .proposeDecision, .decide: DossierRequest(command, outcome: .approved)
        case .transfer: DossierRequest(command, target: DossierScenario.province, allotted: try? TimeLimit(value: 1, unit: .workingDays))
        case .requestSupplement: DossierRequest(command, missing: ["Giấy tờ chứng minh tình trạng hôn nhân"])
        case .requestPayment: DossierRequest(command, amount: 8_000)
        case .recordPayment: DossierRequest(command, amount: 8_000, paymentChannel: .nationalPortal)
        case .apologise: DossierRequest(command, reason: "Chậm xác minh", newAppointment: DossierScenario.at("2025-12-31T17:00"))
        case .returnResult: DossierRequest(command, returnChannel: .post)
        case .rate: DossierRequest(command, rating: 4, comment: "Nhanh")
        case .receive, .receiveSupplement, .resolve: DossierRequest(command)
        }
    }

    @Test("every status × every command", arguments: DossierTransitionTests.pairs)
    func exhaustive(status: DossierStatus, command: DossierCommand) throws {
        let scenario = try Self.dossier(in: status)
        let expected = DossierTransitionTests.allowed["\(status.rawValue) \(command.rawValue)"]
        let context = DossierScenario.context("2025-07-02T10:00")
        do {
            let event = try DossierDecider.decide(scenario.dossier, Self.request(command), context: context)
            #expect(event.to.rawValue == expected, "\(status) + \(command)")
            #expect(event.from == status)
            #expect(event.sequence == scenario.dossier.version + 1)
            #expect(scenario.dossier.applying(event).status.rawValue == expected)
        } catch {
            #expect(expected == nil, "\(status) + \(command) was refused: \(error)")
            #expect(error == .transitionNotAllowed(from: status, command: command))
        }
    }

    @Test("requests missing what the command needs are refused with the field named")
    func missingFields() throws {
        var processing = try Self.dossier(in: .processing)
        let context = DossierScenario.context("2025-07-02T10:00")
        let cases: [(DossierRequest, String)] = [
            (DossierRequest(.assign), "assignee"),
            (DossierRequest(.transfer), "targetAgency"),
            (DossierRequest(.transfer, target: DossierScenario.elsewhere), "targetAgency"),
            (DossierRequest(.requestSupplement, missing: ["  "]), "missing"),
            (DossierRequest(.requestPayment, amount: 0), "amount"),
            (DossierRequest(.apologise, reason: "Chậm"), "newAppointment"),
            (DossierRequest(.apologise, reason: "Chậm", newAppointment: DossierScenario.at("2025-07-02T09:00")), "newAppointment"),
            (DossierRequest(.stop), "reason"),
        ]
        for (request, field) in cases {
            #expect(throws: DossierError.self, "\(request.command) without \(field)") {
                try DossierDecider.decide(processing.dossier, request, context: context)
            }
            do {
                _ = try DossierDecider.decide(processing.dossier, request, context: context)
            } catch {
                #expect(error.problems.map(\.field).contains(field), "\(request.command): \(error)")
            }
        }
        try processing.apply("2025-07-02T10:00", DossierRequest(.transfer, target: DossierScenario.province))
        #expect(processing.dossier.currentAgency == DossierScenario.province.code)
        #expect(processing.dossier.steps.last?.kind == .transfer)
    }

    @Test("reception checks the checklist: a required document missing is refused, optional ones may be")
    func checklist() throws {
        let submitted = try Self.dossier(in: .submitted)
        let context = DossierScenario.context("2025-07-01T10:00")
        #expect(throws: DossierError.missingDocuments(["Tờ khai"])) {
            try DossierDecider.decide(submitted.dossier, DossierRequest(.receive, provided: []), context: context)
        }
        let event = try DossierDecider.decide(submitted.dossier, DossierRequest(.receive, provided: ["Tờ khai"]), context: context)
        let received = submitted.dossier.applying(event)
        #expect(received.opening.documents.map(\.provided) == [true, false])
        #expect(received.dueAt == DossierScenario.at("2025-07-04T10:00"))
    }

    @Test("steps: each hand-off is closed with a verdict against its own due time")
    func steps() throws {
        var scenario = try DossierScenario("S", at: "2025-07-01T08:00", channel: .inPerson)
        try scenario.apply("2025-07-01T09:00", DossierRequest(.assign, assignee: "u2", allotted: try TimeLimit(value: 1, unit: .workingDays)))
        try scenario.apply("2025-07-02T10:00", DossierRequest(.transfer, target: DossierScenario.province, allotted: try TimeLimit(value: 1, unit: .workingDays)))
        try scenario.apply("2025-07-02T11:00", DossierRequest(.proposeDecision, outcome: .approved))
        try scenario.apply("2025-07-02T11:00", DossierRequest(.decide, outcome: .approved))
        try scenario.apply("2025-07-02T15:00", DossierRequest(.resolve))
        let steps = scenario.dossier.steps
        #expect(steps.map(\.kind) == [.reception, .handling, .transfer, .return])
        #expect(steps[1].dueAt == DossierScenario.at("2025-07-02T09:00"))
        #expect(steps[1].verdict == .late, "handed on at 10:00, one hour after its day ran out")
        #expect(steps[2].verdict == .early, "resolved the day before its step was due")
        #expect(steps[3].finishedAt == nil, "the result waits at the return desk")
    }
}
