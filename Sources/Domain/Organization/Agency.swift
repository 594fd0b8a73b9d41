/// The kinds of agency that receive, decide and return dossiers.
public enum AgencyKind: String, Sendable, CaseIterable, Codable {
    /// Trung tâm Phục vụ hành chính công tỉnh (TTPVHCC).
    case provincialServiceCentre
    /// Ủy ban nhân dân tỉnh / thành phố.
    case provincialPeoplesCommittee
    /// Sở, ban, ngành: a provincial specialised agency.
    case provincialDepartment
    /// Trung tâm Phục vụ hành chính công xã / phường / đặc khu.
    case communeServiceCentre
    /// Ủy ban nhân dân xã / phường / đặc khu.
    case communePeoplesCommittee
    /// Phòng chuyên môn của xã: a commune specialised office.
    case communeOffice
    /// A reception point of a service centre.
    case receptionPoint

    public var isProvincial: Bool {
        [.provincialServiceCentre, .provincialPeoplesCommittee, .provincialDepartment].contains(self)
    }

    /// Two digits used in generated agency codes.
    var number: Int { AgencyKind.allCases.firstIndex(of: self)! + 1 }
}

/// An agency of a unit, with a stable code of the QCVN 102:2016 electronic-identifier shape.
public struct Agency: Hashable, Sendable {
    public var code: String
    public var name: String
    public var kind: AgencyKind
    /// The unit it belongs to: a province (2 digits) or a commune (5 digits).
    public var unitCode: String
    public var provinceCode: String
    public var parentCode: String?
    public var fields: [String]
    public var validFrom: LocalDate
    public var validTo: LocalDate

    public init(
        code: String, name: String, kind: AgencyKind, unitCode: String, provinceCode: String, parentCode: String? = nil,
        fields: [String] = [], validFrom: LocalDate = Reform.effectiveDate, validTo: LocalDate = .distantFuture
    ) {
        self.code = code
        self.name = name
        self.kind = kind
        self.unitCode = unitCode
        self.provinceCode = provinceCode
        self.parentCode = parentCode
        self.fields = fields
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public var place: Place {
        unitCode.count == 5 ? .commune(code: unitCode, province: provinceCode) : .province(provinceCode)
    }

    /// The first agency of a unit of the first kind it has, else any of them: who receives at a
    /// unit's counter, or who decides a procedure there.
    public static func first(of kinds: [AgencyKind], in agencies: [Agency]) -> Agency? {
        for kind in kinds { if let found = agencies.first(where: { $0.kind == kind }) { return found } }
        return agencies.first
    }

    /// The kinds that receive at a unit's counter, in order of preference.
    public static let counterKinds: [AgencyKind] = [.communeServiceCentre, .provincialServiceCentre, .communePeoplesCommittee, .provincialPeoplesCommittee]

    /// The kinds that may decide a procedure, in order of preference.
    public static func deciderKinds(_ procedureKind: AgencyKind) -> [AgencyKind] {
        [procedureKind, .communePeoplesCommittee, .provincialPeoplesCommittee]
    }
}

/// Agency codes: the QCVN 102:2016 shape `NNN.NN.NN.HPP`. Real codes are imported where known; the
/// others are generated in the same shape so that they sort and validate alike.
public enum AgencyCode {
    /// `000.00.01.H56`: three digits, two, two, then H and two digits.
    public static func isValid(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 13 else { return false }
        for (index, byte) in bytes.enumerated() {
            switch index {
            case 3, 6, 9: if byte != UInt8(ascii: ".") { return false }
            case 10: if byte != UInt8(ascii: "H") { return false }
            default: if byte < 0x30 || byte > 0x39 { return false }
            }
        }
        return true
    }

    /// A generated code: the commune's position in its province (000 for provincial agencies), the
    /// agency kind, a sequence number, and the province.
    public static func generated(provinceCode: String, communeIndex: Int, kind: AgencyKind, sequence: Int = 1) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(communeIndex, 3)).\(pad(kind.number, 2)).\(pad(sequence, 2)).H\(provinceCode)"
    }

    /// A service centre and a People's Committee for every current province and commune.
    public static func seed(units: [AdministrativeUnit]) -> [Agency] {
        var agencies: [Agency] = []
        let current = units.filter { $0.isValid(at: Reform.effectiveDate) }
        for province in current.filter({ $0.level == .province }).sorted(by: { $0.code < $1.code }) {
            let place = province.shortName
            agencies.append(Agency(
                code: generated(provinceCode: province.code, communeIndex: 0, kind: .provincialPeoplesCommittee),
                name: "Ủy ban nhân dân \(province.name)", kind: .provincialPeoplesCommittee,
                unitCode: province.code, provinceCode: province.code
            ))
            agencies.append(Agency(
                code: generated(provinceCode: province.code, communeIndex: 0, kind: .provincialServiceCentre),
                name: "Trung tâm Phục vụ hành chính công \(province.type == .tinh ? "tỉnh" : "thành phố") \(place)",
                kind: .provincialServiceCentre, unitCode: province.code, provinceCode: province.code
            ))
            let communes = current.filter { $0.level == .commune && $0.provinceCode == province.code }.sorted { $0.code < $1.code }
            for (index, commune) in communes.enumerated() {
                let committee = generated(provinceCode: province.code, communeIndex: index + 1, kind: .communePeoplesCommittee)
                agencies.append(Agency(
                    code: committee, name: "Ủy ban nhân dân \(commune.name.lowercasedTypeWord)",
                    kind: .communePeoplesCommittee, unitCode: commune.code, provinceCode: province.code
                ))
                agencies.append(Agency(
                    code: generated(provinceCode: province.code, communeIndex: index + 1, kind: .communeServiceCentre),
                    name: "Trung tâm Phục vụ hành chính công \(commune.name.lowercasedTypeWord)",
                    kind: .communeServiceCentre, unitCode: commune.code, provinceCode: province.code, parentCode: committee
                ))
            }
        }
        return agencies
    }
}

extension String {
    /// `Phường Ba Đình` → `phường Ba Đình`, as the type word reads inside an agency's name.
    var lowercasedTypeWord: String {
        for type in UnitType.allCases where hasPrefix(type.typeWord + " ") {
            return type.typeWord.lowercased() + dropFirst(type.typeWord.count)
        }
        return self
    }
}
