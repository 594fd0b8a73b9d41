/// The closed transition table of the dossier life (DOMAIN.md §4): any pair not listed is refused and
/// changes nothing. Conditions that depend on more than the status (a decision before resolving, one
/// rating) are checked by `DossierProgress`.
public enum DossierTransitions {
    public static let table: [DossierStatus: [DossierCommand: DossierStatus]] = [
        .submitted: [.receive: .received, .refuseAtIntake: .refusedAtIntake, .withdraw: .withdrawn],
        .received: [.assign: .processing, .transfer: .processing, .withdraw: .withdrawn],
        .processing: [
            .assign: .processing, .proposeDecision: .processing, .decide: .processing, .transfer: .processing,
            .requestSupplement: .awaitingSupplement, .requestPayment: .awaitingPayment, .apologise: .processing,
            .stop: .stopped, .resolve: .resolved, .withdraw: .withdrawn,
        ],
        .awaitingSupplement: [.receiveSupplement: .processing, .apologise: .awaitingSupplement, .stop: .stopped, .withdraw: .withdrawn],
        .awaitingPayment: [.recordPayment: .processing, .stop: .stopped, .withdraw: .withdrawn],
        .resolved: [.returnResult: .returned],
        .returned: [.rate: .returned],
    ]

    public static func next(_ status: DossierStatus, _ command: DossierCommand) -> DossierStatus? {
        table[status]?[command]
    }
}

/// The part of a dossier's history the life-cycle rules look at.
public struct DossierProgress: Equatable, Sendable {
    public var status: DossierStatus
    public var proposed = false
    public var decided = false
    public var rated = false
    public var supplementRequests = 0
    public var apologies = 0

    public init(status: DossierStatus) {
        self.status = status
    }

    /// The progress after the command, or why the command is refused (and nothing changes).
    public func applying(_ command: DossierCommand, rating: Int? = nil) throws(DossierError) -> DossierProgress {
        guard let next = DossierTransitions.next(status, command) else {
            throw .transitionNotAllowed(from: status, command: command)
        }
        var copy = self
        switch command {
        case .proposeDecision:
            copy.proposed = true
        case .decide:
            guard proposed else { throw .proposalMissing }
            copy.decided = true
        case .resolve:
            guard decided else { throw .decisionMissing }
        case .requestSupplement:
            copy.supplementRequests += 1
        case .apologise:
            copy.apologies += 1
        case .rate:
            guard !rated else { throw .alreadyRated }
            guard let rating, (1...5).contains(rating) else { throw .invalidRating(rating ?? 0) }
            copy.rated = true
        default:
            break
        }
        copy.status = next
        return copy
    }
}

extension Dossier {
    /// The commands the life-cycle rules accept now; who may give them is the access policy's business.
    public var acceptedCommands: [DossierCommand] {
        DossierCommand.allCases.filter { (try? progress.applying($0, rating: 5)) != nil }
    }
}
