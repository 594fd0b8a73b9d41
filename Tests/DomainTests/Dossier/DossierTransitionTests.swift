import Domain
import Testing

/// Every status × every command, against the table of DOMAIN.md §4 written out here independently.
struct DossierTransitionTests {
    static let allowed: [String: String] = [
        "submitted receive": "received", "submitted refuseAtIntake": "refusedAtIntake", "submitted withdraw": "withdrawn",
        "received assign": "processing", "received transfer": "processing", "received withdraw": "withdrawn",
        "processing assign": "processing", "processing proposeDecision": "processing", "processing decide": "processing",
        "processing transfer": "processing", "processing requestSupplement": "awaitingSupplement",
        "processing requestPayment": "awaitingPayment", "processing apologise": "processing", "processing stop": "stopped",
        "processing resolve": "resolved", "processing withdraw": "withdrawn",
        "awaitingSupplement receiveSupplement": "processing", "awaitingSupplement apologise": "awaitingSupplement",
        "awaitingSupplement stop": "stopped", "awaitingSupplement withdraw": "withdrawn",
        "awaitingPayment recordPayment": "processing", "awaitingPayment stop": "stopped", "awaitingPayment withdraw": "withdrawn",
        "resolved returnResult": "returned",
        "returned rate": "returned",
    ]

    static let pairs: [(DossierStatus, DossierCommand)] = DossierStatus.allCases.flatMap { status in
        DossierCommand.allCases.map { (status, $0) }
    }

    @Test("every status and command: allowed ones move as the table says, the rest change nothing", arguments: pairs)
    func exhaustive(status: DossierStatus, command: DossierCommand) {
        var before = DossierProgress(status: status)
        before.proposed = true
        before.decided = true
        let expected = Self.allowed["\(status.rawValue) \(command.rawValue)"]
        do {
            let after = try before.applying(command, rating: 5)
            #expect(after.status.rawValue == expected, "\(status) + \(command)")
        } catch {
            #expect(expected == nil, "\(status) + \(command) was refused: \(error)")
            #expect(error == .transitionNotAllowed(from: status, command: command))
        }
    }

    @Test("final statuses accept nothing")
    func finals() {
        for status in DossierStatus.allCases where status.isFinal {
            #expect(DossierCommand.allCases.allSatisfy { DossierTransitions.next(status, $0) == nil })
        }
    }

    @Test("a decision needs a proposal, resolving needs a decision, one rating of 1–5")
    func conditions() throws {
        let processing = DossierProgress(status: .processing)
        #expect(throws: DossierError.proposalMissing) { try processing.applying(.decide) }
        #expect(throws: DossierError.decisionMissing) { try processing.applying(.resolve) }
        let decided = try processing.applying(.proposeDecision).applying(.decide)
        let returned = try decided.applying(.resolve).applying(.returnResult)
        #expect(throws: DossierError.invalidRating(6)) { try returned.applying(.rate, rating: 6) }
        let rated = try returned.applying(.rate, rating: 4)
        #expect(throws: DossierError.alreadyRated) { try rated.applying(.rate, rating: 5) }
    }

    @Test("supplement requests and apologies are counted for the statistics")
    func counters() throws {
        var progress = DossierProgress(status: .processing)
        progress = try progress.applying(.requestSupplement).applying(.receiveSupplement).applying(.requestSupplement)
        #expect(progress.supplementRequests == 2 && progress.status == .awaitingSupplement)
        progress = try progress.applying(.apologise)
        #expect(progress.apologies == 1)
    }
}
