/// Data that is "đúng - đủ - sạch - sống" (Resolution 268): the checks of the data-quality report, and a
/// scan that runs them over dossiers, facilities, stored documents and the last reconciliations one at a
/// time, so that a nation's worth is read page by page.
public enum QualityCheck: String, Sendable, Codable, CaseIterable {
    /// A mandatory applicant field is empty.
    case missingFields
    /// An address (applicant's commune, a facility's unit) written with a unit that no longer exists.
    case preReformAddress
    /// One personal ID under different names or birth dates.
    case conflictingIdentity
    /// An open dossier without an event for the set number of working days.
    case notLive
    /// A procedure code the catalogue does not have.
    case uncataloguedProcedure
    /// A stored document whose bytes no longer hash to its name, or that is gone.
    case documentMismatch
    /// What the last reconciliation with a register or the national portal found different.
    case registerMismatch

    public var vietnameseName: String {
        switch self {
        case .missingFields: "Thiếu trường bắt buộc"
        case .preReformAddress: "Địa chỉ theo đơn vị hành chính cũ"
        case .conflictingIdentity: "Một số định danh, khác họ tên hoặc ngày sinh"
        case .notLive: "Hồ sơ không cập nhật"
        case .uncataloguedProcedure: "Mã thủ tục không có trong danh mục"
        case .documentMismatch: "Tệp không khớp mã băm"
        case .registerMismatch: "Không khớp với hệ thống bên ngoài"
        }
    }
}

/// What the law leaves to each installation: which applicant fields are mandatory, and after how
/// many working days without an event an open dossier is "not live".
public struct QualitySettings: Sendable, Equatable {
    public enum Field: String, Sendable, CaseIterable { case personalID, commune, contact, birthDate }

    public var mandatory: Set<Field>
    public var notLiveWorkingDays: Int

    public init(mandatory: Set<Field> = [.personalID, .commune, .contact], notLiveWorkingDays: Int = 10) {
        self.mandatory = mandatory
        self.notLiveWorkingDays = notLiveWorkingDays
    }
}

public struct QualityFinding: Sendable, Hashable, Codable {
    public var check: QualityCheck
    public var provinceCode: String
    public var unitCode: String
    /// A dossier code, a facility id, a masked personal ID or a document digest.
    public var subject: String
    public var detail: String
    /// How many defects the finding stands for: 1, or a reconciliation's count at a unit.
    public var count: Int

    public init(check: QualityCheck, provinceCode: String, unitCode: String, subject: String, detail: String, count: Int = 1) {
        self.check = check
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.subject = subject
        self.detail = detail
        self.count = count
    }
}

/// What the checks read of a dossier: the keys of its opening, its applicant, its status and when its
/// last event was. The store reads only this for a scan (decoding whole dossiers was most of its time).
public struct QualitySubject: Sendable, Equatable {
    public var code: String
    public var provinceCode: String
    public var competentUnit: String
    public var procedureCode: String
    public var status: DossierStatus
    public var lastEventAt: Instant
    public var applicant: Applicant

    public init(
        code: String, provinceCode: String, competentUnit: String, procedureCode: String, status: DossierStatus, lastEventAt: Instant,
        applicant: Applicant
    ) {
        self.code = code
        self.provinceCode = provinceCode
        self.competentUnit = competentUnit
        self.procedureCode = procedureCode
        self.status = status
        self.lastEventAt = lastEventAt
        self.applicant = applicant
    }

    public init(_ dossier: Dossier) {
        let opening = dossier.opening
        self.init(
            code: opening.code, provinceCode: opening.provinceCode, competentUnit: opening.competentUnit,
            procedureCode: opening.procedureCode, status: dossier.status, lastEventAt: dossier.lastEventAt, applicant: opening.applicant
        )
    }
}

/// Where findings are counted: a check at a unit of a province.
public struct QualityGroup: Hashable, Sendable {
    public var check: QualityCheck
    public var provinceCode: String
    public var unitCode: String

    public init(check: QualityCheck, provinceCode: String, unitCode: String) {
        self.check = check
        self.provinceCode = provinceCode
        self.unitCode = unitCode
    }
}

/// What a scan found: every defect counted by check and unit, and the first findings in report order.
public struct QualityResult: Sendable {
    /// Defects by check and unit (a reconciliation's finding stands for its count).
    public var counts: [QualityGroup: Int]
    /// The first findings in (check, province, unit, subject) order, at most the scan's `keep`.
    public var findings: [QualityFinding]
    /// How many findings there were in all, kept or not.
    public var findingCount: Int
}

public struct DataQualityScan: Sendable {
    let settings: QualitySettings
    let currentUnits: Set<String>
    let catalogued: Set<String>
    /// Open dossiers whose last event is before this are not live.
    let staleBefore: Instant
    /// How many findings are kept whole: a nation's scan finds millions (every generated dossier lacks
    /// fields), and keeping them all grew the server by gigabytes; the counts stay exact.
    let keep: Int
    var counts: [QualityGroup: Int] = [:]
    var kept: [QualityFinding] = []
    var findingCount = 0
    var identities = IdentityTally()

    /// `currentUnits`: codes of today's provinces and communes; `catalogued`: every procedure code of the
    /// catalogue; `now` and `calendar` place the not-live limit; `keep`: how many findings to keep whole.
    public init(
        settings: QualitySettings, currentUnits: Set<String>, catalogued: Set<String>, calendar: WorkingCalendar, now: Instant,
        keep: Int = 1_000
    ) {
        self.settings = settings
        self.currentUnits = currentUnits
        self.catalogued = catalogued
        self.keep = max(0, keep)
        var day = now.vietnamDate
        var counted = 0
        while counted < settings.notLiveWorkingDays {
            day = day.adding(days: -1)
            if calendar.isWorkingDay(day) { counted += 1 }
        }
        staleBefore = Instant(vietnam: day, minuteOfDay: 0)
    }

    /// Statuses in which a dossier still waits for someone.
    public static let open: Set<DossierStatus> = [.submitted, .received, .processing, .awaitingSupplement, .awaitingPayment, .resolved]

    public mutating func add(_ dossier: Dossier) { add(QualitySubject(dossier)) }

    public mutating func add(_ subject: QualitySubject) {
        let applicant = subject.applicant
        func found(_ check: QualityCheck, _ detail: String) {
            record(QualityFinding(
                check: check, provinceCode: subject.provinceCode, unitCode: subject.competentUnit, subject: subject.code, detail: detail
            ))
        }
        var missing: [String] = []
        for field in QualitySettings.Field.allCases where settings.mandatory.contains(field) {
            let empty = switch field {
            case .personalID: applicant.personalID?.isEmpty ?? true
            case .commune: applicant.communeCode?.isEmpty ?? true
            case .contact: (applicant.phone?.isEmpty ?? true) && (applicant.email?.isEmpty ?? true)
            case .birthDate: applicant.birthDate == nil
            }
            if empty { missing.append(field.rawValue) }
        }
        if !missing.isEmpty { found(.missingFields, missing.joined(separator: ", ")) }
        if let commune = applicant.communeCode, !commune.isEmpty, !currentUnits.contains(commune) {
            found(.preReformAddress, "applicant.communeCode \(commune)")
        }
        if !catalogued.contains(subject.procedureCode) { found(.uncataloguedProcedure, subject.procedureCode) }
        if Self.open.contains(subject.status), subject.lastEventAt < staleBefore {
            found(.notLive, "\(subject.status.rawValue) từ \(subject.lastEventAt)")
        }
        if let id = applicant.personalID, !id.isEmpty {
            identities.add(
                id: id, name: applicant.name, birth: applicant.birthDate, code: subject.code, province: subject.provinceCode,
                unit: subject.competentUnit
            )
        }
    }

    /// A facility of the bookkeeping registers, by its unit.
    public mutating func addFacility(id: String, provinceCode: String, unitCode: String) {
        if !currentUnits.contains(unitCode) {
            record(QualityFinding(
                check: .preReformAddress, provinceCode: provinceCode, unitCode: unitCode, subject: id, detail: "facility.unitCode \(unitCode)"
            ))
        }
    }

    /// A stored document whose content is gone or hashes to something else.
    public mutating func addDocumentMismatch(sha256: String, actual: String?) {
        record(QualityFinding(
            check: .documentMismatch, provinceCode: "", unitCode: "", subject: sha256, detail: actual.map { "sha256 \($0)" } ?? "không còn tệp"
        ))
    }

    /// The mismatches the last reconciliation with a system found at a unit (kept as counts).
    public mutating func addRegisterMismatches(system: String, provinceCode: String, unitCode: String, count: Int) {
        guard count > 0 else { return }
        record(QualityFinding(
            check: .registerMismatch, provinceCode: provinceCode, unitCode: unitCode, subject: system, detail: "\(count) hồ sơ lệch", count: count
        ))
    }

    /// Counts a finding and keeps it while it is among the first `keep` in report order: the buffer is
    /// cut back to `keep` whenever it holds twice as many, so a scan's memory stays bounded.
    mutating func record(_ finding: QualityFinding) {
        counts[QualityGroup(check: finding.check, provinceCode: finding.provinceCode, unitCode: finding.unitCode), default: 0] += finding.count
        findingCount += 1
        guard keep > 0 else { return }
        kept.append(finding)
        if kept.count / 2 >= keep { trim() }
    }

    private mutating func trim() {
        kept.sort(by: Self.precedes)
        kept.removeSubrange(min(keep, kept.count)...)
    }

    static func precedes(_ a: QualityFinding, _ b: QualityFinding) -> Bool {
        (a.check.rawValue, a.provinceCode, a.unitCode, a.subject) < (b.check.rawValue, b.provinceCode, b.unitCode, b.subject)
    }

    /// Every finding counted, the identity conflicts (known only once everything is read) included.
    public mutating func result() -> QualityResult {
        let conflicts = identities.conflicts()
        var all = self
        for conflict in conflicts {
            all.record(QualityFinding(
                check: .conflictingIdentity, provinceCode: conflict.province, unitCode: conflict.unit, subject: Masking.personalID(conflict.id),
                detail: "\(conflict.names) họ tên, \(conflict.birthDates) ngày sinh: \(conflict.dossiers.joined(separator: ", "))"
            ))
        }
        all.trim()
        return QualityResult(counts: all.counts, findings: all.kept, findingCount: all.findingCount)
    }
}
