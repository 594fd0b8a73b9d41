public import Domain

/// Values with every optional field set and every collection filled, for tests that hold a
/// hand-written JSON writer (`JSONObjectWritable`) equal to the synthesized `Encodable`: a member the
/// writer forgets is only seen when the value has it. `unset(in:)` names what a fixture left empty, so a
/// field added to a type later fails those tests until the fixture (and the writer) carry it.
public enum CompleteValues {
    /// The paths of the nil optionals, empty collections and empty strings inside `value`.
    public static func unset(in value: Any, path: String = "") -> [String] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return [path] }
            return unset(in: wrapped, path: path)
        case .collection, .set:
            if mirror.children.isEmpty { return [path] }
            return mirror.children.enumerated().flatMap { unset(in: $0.element.value, path: "\(path)[\($0.offset)]") }
        case .dictionary:
            return mirror.children.isEmpty ? [path] : []
        default:
            if let text = value as? String { return text.isEmpty ? [path] : [] }
            return mirror.children.flatMap { child in unset(in: child.value, path: path + "." + (child.label ?? "?")) }
        }
    }

    /// A value encoded through its `encode(to:)` only: a wrapper no encoder recognises, so
    /// `StreamingJSONEncoder` writes what the synthesized `Encodable` gives, container by container.
    public struct ThroughCodable<Value: Encodable>: Encodable {
        public let value: Value
        public init(_ value: Value) { self.value = value }
        public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }

    static let at = Instant(iso: "2025-07-02T08:00:00+07:00")!
    static let scenario: Dossier = {
        do { return try DossierScenario("001.12.01.H01-250702-0001", at: "2025-07-02T08:00", channel: .inPerson).dossier } catch {
            preconditionFailure("\(error)")
        }
    }()
    static let reference = DocumentReference(name: "Quyết định \"số 1\"", sha256: "ab12", size: 1_024, mediaType: "application/pdf", uri: "https://x/y")

    public static let opening: DossierOpening = {
        var opening = scenario.opening
        opening.cutoff = 16 * 60
        opening.register = .civilStatus
        opening.returnAgency = "001.05.01.H01"
        opening.applicant = Applicant(
            name: "Nguyễn Thị Hoa", personalID: "001190000123", birthDate: LocalDate(year: 1990, month: 3, day: 4), sex: .female,
            phone: "0912345678", email: "hoa@example.vn", address: "Số 1, ngõ 2\nphố Kim Mã", communeCode: "00004"
        )
        opening.summary = "Xin cấp giấy xác nhận \\ tình trạng hôn nhân"
        opening.documents = [ReceivedDocument(name: "Tờ khai", original: true, count: 1, required: true, provided: true, file: "cd34")]
        opening.portalID = "G22.99-250702-0001"
        opening.imported = ImportedOrigin(
            sourceSystem: "hcc-cu", originalCode: "H01.22-250701-0001", receivingUnit: "00001", competentUnit: "00002",
            addressCommune: "00003", documents: [reference], results: [reference], reviewedBy: "u9"
        )
        return opening
    }()

    public static let details: DossierEvent.Details = {
        var details = DossierEvent.Details()
        details.opening = opening
        details.assignee = "u2"
        details.targetAgency = "000.02.01.H01"
        details.targetUnit = "01"
        details.allotted = try? TimeLimit(value: 2, unit: .workingDays)
        details.stepDue = at
        details.missing = ["Bản sao giấy khai sinh"]
        details.amount = 8_000
        details.paymentChannel = .nationalPortal
        details.clockStops = false
        details.clockStart = at
        details.dueAt = at
        details.appointment = at
        details.pausedMinutes = 30
        details.processingMinutes = 600
        details.stepOverrunMinutes = 15
        details.outcome = .refused
        details.returnChannel = .post
        details.rating = 4
        details.comment = "Nhanh, \"tận tình\""
        details.provided = ["Tờ khai"]
        details.files = ["Tờ khai": "cd34", "Ảnh": "ef56"]
        details.signatures = [signature]
        details.importedFrom = "hcc-cu"
        details.communeBefore = "00001"
        details.communeAfter = "00004"
        return details
    }()

    static let signature = ResultSignature(sha256: "cd34", agencyCode: "001.12.01.H01", keyID: "k1", signature: "c2ln", signedAt: at)

    public static let event = DossierEvent(
        sequence: 3, kind: .resolve, at: at, actor: DossierScenario.officer, from: .processing, to: .resolved, reason: "Đủ điều kiện",
        attachments: ["cd34"], details: details
    )

    public static let dossier: Dossier = {
        var dossier = scenario
        dossier.opening = opening
        dossier.receivedAt = at
        dossier.clockStart = at
        dossier.dueAt = at
        dossier.appointment = at
        do { dossier.pauses = [try Pause(from: at, to: Instant(minutes: at.minutes + 60))] } catch { preconditionFailure("\(error)") }
        dossier.pausedSince = at
        dossier.missing = ["Bản sao giấy khai sinh"]
        dossier.proposal = .approved
        dossier.decision = .approved
        dossier.assignee = "u2"
        dossier.steps = [DossierStep(sequence: 1, kind: .handling, agencyCode: "001.12.01.H01", unitCode: "00004", handler: "u2", givenAt: at, dueAt: at)]
        dossier.steps[0].finishedAt = at
        dossier.steps[0].verdict = .onTime
        dossier.amountDue = 8_000
        dossier.payments = [8_000]
        dossier.paymentChannels = [.counter]
        dossier.finishedAt = at
        dossier.outcome = .approved
        dossier.resultDocuments = ["cd34"]
        dossier.resultSignatures = [signature]
        dossier.files = ["cd34"]
        dossier.returnedAt = at
        dossier.returnChannel = .online
        dossier.processingMinutes = 600
        dossier.withdrawnAt = at
        dossier.rating = 5
        dossier.ratingComment = "Tốt"
        for index in dossier.history.indices {
            dossier.history[index].reason = "Thiếu"
            dossier.history[index].missing = ["Tờ khai"]
            dossier.history[index].appointment = at
        }
        return dossier
    }()
}
