/// One hand-off of the process control slip (phiếu kiểm soát quá trình): who was given the dossier,
/// when, by when, and when they passed it on, with the verdict against the step's own due time.
public struct DossierStep: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case reception, handling, transfer, `return` }

    public var sequence: Int
    public var kind: Kind
    public var agencyCode: String
    public var unitCode: String
    public var handler: String?
    public var givenAt: Instant
    public var dueAt: Instant?
    public var finishedAt: Instant?
    public var verdict: Verdict?

    public init(sequence: Int, kind: Kind, agencyCode: String, unitCode: String, handler: String?, givenAt: Instant, dueAt: Instant?) {
        self.sequence = sequence
        self.kind = kind
        self.agencyCode = agencyCode
        self.unitCode = unitCode
        self.handler = handler
        self.givenAt = givenAt
        self.dueAt = dueAt
    }

    mutating func finish(at instant: Instant) {
        finishedAt = instant
        verdict = dueAt.map { Verdict.of(finished: instant, due: $0) }
    }
}
