/// Maps the unit codes an old system wrote to the units of the two-tier system, through the lineage
/// (DOMAIN.md §1). A pre-reform commune with one successor maps to it; one split across several goes to
/// an officer, who knows which part of it the address lies in. A district had no successor of its own:
/// its one-stop work went to the communes, so a district dossier follows the applicant's old commune.
public struct LegacyUnits: Sendable {
    /// Where a code leads.
    public enum Resolution: Hashable, Sendable {
        /// A current unit (commune or province) and its province.
        case unit(code: String, provinceCode: String)
        /// An old unit with several successors: an officer chooses.
        case choice(oldCode: String, candidates: [String])
        case unknown
    }

    var current: [String: AdministrativeUnit] = [:]
    var successors: [String: [LineageEdge]] = [:]
    var districtOf: [String: String] = [:]
    var communesOf: [String: [String]] = [:]

    public init(units: [AdministrativeUnit], lineage: [LineageEdge]) {
        for unit in units where unit.isValid(at: Reform.effectiveDate) && unit.level != .district {
            current[unit.code] = unit
        }
        for unit in units where unit.level == .commune && unit.isValid(at: Reform.lastLegacyDate) {
            if let district = unit.parentCode {
                districtOf[unit.code] = district
                communesOf[district, default: []].append(unit.code)
            }
        }
        for edge in lineage { successors[Self.key(edge.level, edge.oldCode), default: []].append(edge) }
        for key in successors.keys { successors[key]?.sort { $0.newCode < $1.newCode } }
    }

    static func key(_ level: AdministrativeLevel, _ code: String) -> String { "\(level.rawValue):\(code)" }

    /// The unit a code written on `date` stands for today. `addressCommune` (same date) settles a district.
    public func resolve(_ code: String, at date: LocalDate, addressCommune: String? = nil) -> Resolution {
        if date >= Reform.effectiveDate {
            guard let unit = current[code] else { return .unknown }
            return .unit(code: unit.code, provinceCode: unit.provinceCode)
        }
        switch code.utf8.count {
        case 2: return follow(successors[Self.key(.province, code)] ?? [], oldCode: code)
        case 3:
            if let own = successors[Self.key(.district, code)] { return follow(own, oldCode: code) }
            if let addressCommune, districtOf[addressCommune] == code { return resolve(addressCommune, at: date) }
            let candidates = Set((communesOf[code] ?? []).flatMap { successors[Self.key(.commune, $0)] ?? [] }.map(\.newCode))
            return candidates.isEmpty ? .unknown : .choice(oldCode: code, candidates: candidates.sorted())
        case 5: return follow(successors[Self.key(.commune, code)] ?? [], oldCode: code)
        default: return .unknown
        }
    }

    func follow(_ edges: [LineageEdge], oldCode: String) -> Resolution {
        let codes = Array(Set(edges.map(\.newCode))).sorted()
        guard let first = codes.first, let unit = current[first] else { return .unknown }
        return codes.count == 1 ? .unit(code: unit.code, provinceCode: unit.provinceCode) : .choice(oldCode: oldCode, candidates: codes)
    }

    /// A current unit, to check an officer's choice and name it.
    public func unit(_ code: String) -> AdministrativeUnit? { current[code] }

    /// Where a current unit lies, for the access policy: a commune with its province, or a province.
    public func place(of code: String) -> Place? {
        unit(code).map { $0.level == .commune ? Place.commune(code: $0.code, province: $0.provinceCode) : .province($0.code) }
    }
}

/// The current units an imported dossier belongs to.
public struct LegacyPlacement: Hashable, Sendable {
    public var provinceCode: String
    public var receivingUnit: String
    public var competentUnit: String
    public var addressCommune: String?

    public init(provinceCode: String, receivingUnit: String, competentUnit: String, addressCommune: String?) {
        self.provinceCode = provinceCode
        self.receivingUnit = receivingUnit
        self.competentUnit = competentUnit
        self.addressCommune = addressCommune
    }
}

public enum LegacyPlacementResult: Hashable, Sendable {
    case placed(LegacyPlacement)
    /// Old codes with several successors, each with its candidates: the review queue's question.
    case review([String: [String]])
    case invalid([FieldProblem])
}

extension LegacyUnits {
    /// Where a record goes, with the officer's `choices` (old code → successor) applied.
    public func place(_ record: LegacyDossierRecord, choices: [String: String] = [:]) -> LegacyPlacementResult {
        guard let date = record.unitDate else { return .invalid([FieldProblem(field: "history", reason: "Chưa có trạng thái nào của hồ sơ")]) }
        var problems: [FieldProblem] = []
        var pending: [String: [String]] = [:]
        func settle(_ code: String, field: String, address: String? = nil) -> (code: String, province: String)? {
            switch resolve(code, at: date, addressCommune: address) {
            case .unit(let code, let province):
                return (code, province)
            case .choice(let old, let candidates):
                if let chosen = choices[old], candidates.contains(chosen), let unit = unit(chosen) { return (unit.code, unit.provinceCode) }
                pending[old] = candidates
            case .unknown:
                problems.append(FieldProblem(
                    field: field, reason: "Mã đơn vị \(code) không có trong danh mục đơn vị hành chính ngày \(date) hoặc không có đơn vị kế thừa"
                ))
            }
            return nil
        }
        let address = record.applicant.communeCode.flatMap { settle($0, field: "applicant.communeCode") }
        let receiving = settle(record.receivingUnit, field: "receivingUnit", address: record.applicant.communeCode)
        let competent = settle(record.competentUnit, field: "competentUnit", address: record.applicant.communeCode)
        guard problems.isEmpty else { return .invalid(problems) }
        guard pending.isEmpty else { return .review(pending) }
        guard let receiving, let competent else { return .invalid([FieldProblem(field: "competentUnit", reason: "Không xác định được đơn vị")]) }
        guard receiving.province == competent.province else {
            return .invalid([FieldProblem(field: "receivingUnit", reason: "Nơi tiếp nhận và cơ quan có thẩm quyền thuộc hai tỉnh khác nhau sau sắp xếp")])
        }
        return .placed(LegacyPlacement(
            provinceCode: competent.province, receivingUnit: receiving.code, competentUnit: competent.code, addressCommune: address?.code
        ))
    }
}

/// A record waiting for an officer of its province to say which successor of a split old unit it
/// belongs to, with the address below the commune to decide by.
public struct LegacyImportReview: Hashable, Sendable {
    public var record: LegacyDossierRecord
    public var provinceCode: String
    /// Old code → its successors.
    public var candidates: [String: [String]]
    public var queuedAt: Instant
    public var resolvedAt: Instant?
    public var resolvedBy: String?
    public var dossierCode: String?

    public init(
        record: LegacyDossierRecord, provinceCode: String, candidates: [String: [String]], queuedAt: Instant, resolvedAt: Instant? = nil,
        resolvedBy: String? = nil, dossierCode: String? = nil
    ) {
        self.record = record
        self.provinceCode = provinceCode
        self.candidates = candidates
        self.queuedAt = queuedAt
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
        self.dossierCode = dossierCode
    }

    public var sourceSystem: String { record.sourceSystem }
    public var originalCode: String { record.code }
}

/// An address found written with a pre-reform unit, and what became of it: converted to the one
/// successor, or waiting for an officer's choice among several, then resolved. The row is the record
/// of before and after.
public struct AddressUpdate: Hashable, Sendable {
    /// What the address belongs to: a dossier's applicant, or a facility of the bookkeeping registers.
    public enum Kind: String, Sendable, CaseIterable { case applicant, facility }
    public enum State: String, Sendable, CaseIterable { case converted, review, resolved }

    public var kind: Kind
    /// A dossier code or a facility id.
    public var subject: String
    public var provinceCode: String
    public var oldCode: String
    public var newCode: String?
    public var candidates: [String]
    /// The address as written, for the officer who decides.
    public var address: String?
    public var state: State
    public var at: Instant
    public var actor: String

    public init(
        kind: Kind, subject: String, provinceCode: String, oldCode: String, newCode: String?, candidates: [String], address: String?,
        state: State, at: Instant, actor: String
    ) {
        self.kind = kind
        self.subject = subject
        self.provinceCode = provinceCode
        self.oldCode = oldCode
        self.newCode = newCode
        self.candidates = candidates
        self.address = address
        self.state = state
        self.at = at
        self.actor = actor
    }
}
