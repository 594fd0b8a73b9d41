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

public struct DataQualityScan: Sendable {
    let settings: QualitySettings
    let currentUnits: Set<String>
    let catalogued: Set<String>
    /// Open dossiers whose last event is before this are not live.
    let staleBefore: Instant
    var findings: [QualityFinding] = []
    var identities: [String: Identity] = [:]

    struct Identity: Sendable {
        var names: Set<String> = []
        var birthDates: Set<LocalDate> = []
        var dossiers: [String] = []
        var province: String
        var unit: String
    }

    /// `currentUnits`: codes of today's provinces and communes; `catalogued`: every procedure code of the
    /// catalogue; `now` and `calendar` place the not-live limit.
    public init(settings: QualitySettings, currentUnits: Set<String>, catalogued: Set<String>, calendar: WorkingCalendar, now: Instant) {
        self.settings = settings
        self.currentUnits = currentUnits
        self.catalogued = catalogued
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

    public mutating func add(_ dossier: Dossier) {
        let opening = dossier.opening, applicant = opening.applicant
        func found(_ check: QualityCheck, _ detail: String) {
            findings.append(QualityFinding(
                check: check, provinceCode: opening.provinceCode, unitCode: opening.competentUnit, subject: opening.code, detail: detail
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
        if !catalogued.contains(opening.procedureCode) { found(.uncataloguedProcedure, opening.procedureCode) }
        if Self.open.contains(dossier.status), dossier.lastEventAt < staleBefore {
            found(.notLive, "\(dossier.status.rawValue) từ \(dossier.lastEventAt)")
        }
        if let id = applicant.personalID, !id.isEmpty {
            var identity = identities[id] ?? Identity(province: opening.provinceCode, unit: opening.competentUnit)
            identity.names.insert(FoldKey.fold(applicant.name))
            if let birthDate = applicant.birthDate { identity.birthDates.insert(birthDate) }
            identity.dossiers.append(opening.code)
            identities[id] = identity
        }
    }

    /// A facility of the bookkeeping registers, by its unit.
    public mutating func addFacility(id: String, provinceCode: String, unitCode: String) {
        if !currentUnits.contains(unitCode) {
            findings.append(QualityFinding(
                check: .preReformAddress, provinceCode: provinceCode, unitCode: unitCode, subject: id, detail: "facility.unitCode \(unitCode)"
            ))
        }
    }

    /// A stored document whose content is gone or hashes to something else.
    public mutating func addDocumentMismatch(sha256: String, actual: String?) {
        findings.append(QualityFinding(
            check: .documentMismatch, provinceCode: "", unitCode: "", subject: sha256, detail: actual.map { "sha256 \($0)" } ?? "không còn tệp"
        ))
    }

    /// The mismatches the last reconciliation with a system found at a unit (kept as counts).
    public mutating func addRegisterMismatches(system: String, provinceCode: String, unitCode: String, count: Int) {
        guard count > 0 else { return }
        findings.append(QualityFinding(
            check: .registerMismatch, provinceCode: provinceCode, unitCode: unitCode, subject: system, detail: "\(count) hồ sơ lệch", count: count
        ))
    }

    /// Every finding, the identity conflicts (known only once everything is read) included.
    public func result() -> [QualityFinding] {
        var all = findings
        for (id, identity) in identities where identity.names.count > 1 || identity.birthDates.count > 1 {
            all.append(QualityFinding(
                check: .conflictingIdentity, provinceCode: identity.province, unitCode: identity.unit, subject: Masking.personalID(id),
                detail: "\(identity.names.count) họ tên, \(identity.birthDates.count) ngày sinh: \(identity.dossiers.sorted().joined(separator: ", "))"
            ))
        }
        return all.sorted { ($0.check.rawValue, $0.provinceCode, $0.unitCode, $0.subject) < ($1.check.rawValue, $1.provinceCode, $1.unitCode, $1.subject) }
    }
}
