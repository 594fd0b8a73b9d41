public import Domain

/// Test support shared by the test targets (a library so that several can use it): a dossier driven
/// through the decider at given local times (July 2025 has no holidays), as an
/// officer of one commune would drive it.
public struct DossierScenario {
    public static let clock: WorkClock = {
        do { return WorkClock(calendar: try WorkingCalendar()) } catch { preconditionFailure("\(error)") }
    }()

    public static let procedure: ProcedureVersion = {
        do {
            return try ProcedureVersion(
                code: "1.004873", nationalCode: "1.004873", name: "Cấp Giấy xác nhận tình trạng hôn nhân", field: "Hộ tịch", level: .commune,
                legalBasis: ["Luật Hộ tịch 2014"], limit: TimeLimit(value: 3, unit: .workingDays),
                documents: [
                    RequiredDocument(name: "Tờ khai", original: true),
                    RequiredDocument(name: "Giấy tờ chứng minh tình trạng hôn nhân", original: false, required: false),
                ],
                onlineLevel: .full
            )
        } catch { preconditionFailure("\(error)") }
    }()

    public static let officer = DossierActor(userID: "u1", name: "Cán bộ", role: .specialist, unitCode: "00004", agencyCode: "001.12.01.H01")
    public static let head = Agency(code: "001.12.01.H01", name: "UBND phường Ba Đình", kind: .communePeoplesCommittee, unitCode: "00004", provinceCode: "01")
    public static let province = Agency(code: "000.02.01.H01", name: "UBND Thành phố Hà Nội", kind: .provincialPeoplesCommittee, unitCode: "01", provinceCode: "01")
    public static let elsewhere = Agency(code: "000.02.01.H79", name: "UBND Thành phố Hồ Chí Minh", kind: .provincialPeoplesCommittee, unitCode: "79", provinceCode: "79")

    public static func at(_ text: String) -> Instant { Instant(iso: text + ":00+07:00")! }

    public var dossier: Dossier
    public var events: [DossierEvent]

    /// Submitted at `time` (online) or submitted and received at once (a counter).
    public init(_ code: String, at time: String, channel: Channel, receive: Bool = true) throws {
        let opening = DossierOpening(
            code: code, provinceCode: "01", procedure: Self.procedure, channel: channel, receivingUnit: "00004",
            receivingAgency: "001.05.01.H01", competentUnit: "00004", competentAgency: Self.head.code, returnUnit: "00004",
            applicant: Applicant(name: "Nguyễn Thị Hoa", personalID: "001190000123"), summary: nil,
            documents: Self.procedure.documents.map {
                ReceivedDocument(name: $0.name, original: $0.original, count: $0.count, required: $0.required, provided: false)
            },
            portalID: nil, secretHash: "x"
        )
        let submitted = try DossierDecider.submit(opening, context: Self.context(time))
        dossier = Dossier.opened(by: submitted)!.applying(submitted)
        events = [submitted]
        if receive { try apply(time, DossierRequest(.receive)) }
    }

    public static func context(_ time: String, actor: DossierActor = officer) -> DossierContext {
        DossierContext(now: at(time), actor: actor, clock: clock)
    }

    public mutating func apply(_ time: String, _ request: DossierRequest, actor: DossierActor = officer) throws {
        let event = try DossierDecider.decide(dossier, request, context: Self.context(time, actor: actor))
        dossier = dossier.applying(event)
        events.append(event)
    }

    /// Assigned, proposed, approved and resolved, from `start` on, a few minutes apart.
    public mutating func resolve(at time: String, outcome: Outcome = .approved) throws {
        if dossier.status == .received { try apply(time, DossierRequest(.assign, assignee: "u2")) }
        let reason = outcome == .refused ? "Không đủ điều kiện" : nil
        try apply(time, DossierRequest(.proposeDecision, reason: reason, outcome: outcome))
        try apply(time, DossierRequest(.decide, reason: reason, outcome: outcome))
        try apply(time, DossierRequest(.resolve))
    }
}
