import Domain
import DomainTesting
import Foundation
import Testing

struct OutboundTests {
    /// A counter dossier of a civil-status procedure, applicant with phone and e-mail, resolved.
    static func resolvedCivilStatus(outcome: Outcome = .approved, supplement: Bool = false) throws -> [DossierEvent] {
        var scenario = try DossierScenario("00004-250701-0001", at: "2025-07-01T08:00", channel: .inPerson)
        if supplement {
            try scenario.apply("2025-07-01T09:00", DossierRequest(.assign, assignee: "u2"))
            try scenario.apply("2025-07-01T09:30", DossierRequest(.requestSupplement, missing: ["Giấy chứng sinh"]))
            try scenario.apply("2025-07-02T09:30", DossierRequest(.receiveSupplement))
        }
        try scenario.resolve(at: "2025-07-03T10:00", outcome: outcome)
        var events = scenario.events
        events[0].details.opening?.register = .civilStatus
        events[0].details.opening?.applicant.phone = "0912345678"
        events[0].details.opening?.applicant.email = "hoa@example.vn"
        return events
    }

    @Test
    func everyStatusChangeGoesToThePortalInOrder() throws {
        let events = try Self.resolvedCivilStatus(supplement: true)
        let messages = Outbound.messages(before: nil, events: events)
        let statuses = messages.compactMap { message -> PortalStatusUpdate? in
            if case .status(let update) = message.payload { return update }
            return nil
        }
        #expect(statuses.map(\.status) == [1, 2, 4, 5, 4, 9])
        #expect(statuses.map(\.sequence) == statuses.map(\.sequence).sorted())
        #expect(Outbound.expectedStatuses(events) == statuses.map(\.status))
        #expect(Set(messages.map(\.key)).count == messages.count, "one key per write")
    }

    @Test
    func anApprovedResolutionWritesOneRegisterRecord() throws {
        let events = try Self.resolvedCivilStatus()
        let records = Outbound.messages(before: nil, events: events).filter { $0.system == .civilStatus }
        #expect(records.count == 1)
        guard case .record(let record) = records.first?.payload else {
            Issue.record("no record")
            return
        }
        #expect(record.dossierCode == "00004-250701-0001" && record.subjectName == "Nguyễn Thị Hoa")
        var dossier: Dossier?
        for event in events { dossier = (dossier ?? Dossier.opened(by: event)!).applying(event) }
        #expect(Outbound.expectedRecord(try #require(dossier), events: events) == record)

        let refused = try Self.resolvedCivilStatus(outcome: .refused)
        #expect(Outbound.messages(before: nil, events: refused).allSatisfy { $0.system != .civilStatus }, "a refusal on the merits writes nothing")
    }

    @Test
    func applicantsHearOfReceiptSupplementAndResultBySMSAndEmail() throws {
        let events = try Self.resolvedCivilStatus(supplement: true)
        let notices = Outbound.messages(before: nil, events: events).compactMap { message -> Notice? in
            if case .notice(let notice) = message.payload { return notice }
            return nil
        }
        #expect(notices.map(\.template) == [.received, .received, .supplementRequested, .supplementRequested, .resultReady, .resultReady])
        #expect(Set(notices.map(\.medium)) == [.sms, .email])
        let supplement = try #require(notices.first { $0.template == .supplementRequested })
        #expect(supplement.text.contains("Giấy chứng sinh") && supplement.text.contains("tạm dừng"))
        #expect(notices.allSatisfy { $0.text == $0.text.precomposedStringWithCanonicalMapping }, "NFC")

        let off = Outbound.messages(before: nil, events: events, settings: OutboundSettings(portal: false, notifications: false))
        #expect(off.allSatisfy { $0.system == .civilStatus })
    }

    @Test
    func aCommandAddsOnlyItsOwnWrites() throws {
        let events = try Self.resolvedCivilStatus()
        var before: Dossier?
        for event in events.dropLast() { before = (before ?? Dossier.opened(by: event)!).applying(event) }
        let last = Outbound.messages(before: before, events: [events.last!])
        #expect(last.map(\.system).sorted { $0.rawValue < $1.rawValue } == [.civilStatus, .notification, .notification, .portal])
        #expect(last.allSatisfy { $0.eventSequence == events.last!.sequence })
    }
}

struct RetryAndBreakerTests {
    @Test
    func backOffGrowsWithJitterAndStopsAtTheCap() {
        let policy = RetryPolicy(baseSeconds: 1, maxSeconds: 60, maxAttempts: 5)
        #expect(policy.delay(afterAttempt: 1, unit: 0) == 0.5)
        #expect(policy.delay(afterAttempt: 1, unit: 0.999) < 1.0)
        #expect(policy.delay(afterAttempt: 4, unit: 0) == 4)
        #expect(policy.delay(afterAttempt: 30, unit: 1) == 60)
        #expect(policy.delay(afterAttempt: 3, unit: 0.2) != policy.delay(afterAttempt: 3, unit: 0.7), "jitter")
        #expect(!policy.isExhausted(4) && policy.isExhausted(5))
    }

    @Test
    func theBreakerOpensAfterFailuresAndTriesOnceAfterTheCoolDown() {
        var breaker = CircuitBreaker(threshold: 3, coolDownSeconds: 10)
        var answers: [Bool] = []
        for _ in 0..<2 { breaker.failed(at: 0) }
        answers.append(breaker.allows(at: 0))
        #expect(breaker.opensAgain(after: 0.5) == nil, "closed: calls go out")
        breaker.failed(at: 1)
        #expect(breaker.isOpen)
        #expect(breaker.opensAgain(after: 5) == 11, "open: the trial call's time")
        #expect(breaker.opensAgain(after: 11) == nil, "its time has come")
        answers.append(breaker.allows(at: 5))
        answers.append(breaker.allows(at: 11))  // half-open: one trial
        answers.append(breaker.allows(at: 11))  // only one
        #expect(breaker.opensAgain(after: 11) == nil, "half-open: a trial is under way, no time to wait for")
        breaker.failed(at: 11)
        answers.append(breaker.allows(at: 12))
        answers.append(breaker.allows(at: 21))
        breaker.succeeded()
        answers.append(breaker.allows(at: 21))
        answers.append(breaker.allows(at: 21))
        #expect(answers == [true, false, true, false, false, true, true, true])
    }
}

struct ReconciliationTests {
    static func record(_ code: String, name: String = "Nguyễn Văn An") -> RegisterRecord {
        RegisterRecord(
            dossierCode: code, procedureCode: "MC-HT-001", entry: "Đăng ký khai sinh", subjectName: name, personalID: nil, unitCode: "00004",
            agencyCode: "A", decidedAt: Instant(minutes: 29_000_000), resultDocument: nil
        )
    }

    @Test
    func missingExtraAndDifferingRecordsAreListed() {
        let expected = [Self.record("A-1"), Self.record("A-2"), Self.record("A-3")]
        let held = [Self.record("A-1"), Self.record("A-1"), Self.record("A-3", name: "Nguyễn Văn Ân"), Self.record("Z-9")]
        let mismatches = Reconciliation.records(expected: expected, held: held)
        #expect(mismatches.map(\.kind) == [.extra, .missing, .differing, .extra])
        #expect(mismatches.map(\.dossierCode) == ["A-1", "A-2", "A-3", "Z-9"])
        #expect(mismatches[2].detail.contains("subjectName"))
        #expect(mismatches.map(\.extraCopies) == [1, 0, 0, 1])
        #expect(Reconciliation.records(expected: expected, held: expected).isEmpty)
    }

    @Test
    func portalStatusesAreComparedInOrder() {
        let expected: [String: (unit: String, statuses: [Int])] = ["A": ("u", [1, 2, 4, 9]), "B": ("u", [1, 2]), "C": ("u", [1, 2, 4]), "D": ("u", [1])]
        let held: [String: [Int]] = ["A": [1, 2, 4, 9], "B": [1, 2, 2], "C": [1, 4, 2], "E": [1]]
        let mismatches = Reconciliation.statuses(expected: expected, held: held)
        #expect(mismatches.map(\.kind) == [.extra, .differing, .missing, .extra])
        #expect(mismatches.map(\.dossierCode) == ["B", "C", "D", "E"])
        #expect(mismatches[0].extraCopies == 1)
    }

    @Test
    func portalStatusCodesFollowTheStatusTable() {
        #expect(DossierStatus.allCases.map(PortalStatus.code) == Array(1...10))
        #expect(DossierStatus.allCases.allSatisfy { PortalStatus.status(code: PortalStatus.code($0)) == $0 })
    }
}
