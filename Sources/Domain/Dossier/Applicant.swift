/// The person or organisation a dossier is for. Only what the procedure needs; the personal ID is
/// checked for shape and for agreement with the birth year and sex when those are given.
public struct Applicant: Hashable, Sendable, Codable {
    public enum Sex: String, Sendable, Codable { case male, female }

    public var name: String
    public var personalID: String?
    public var birthDate: LocalDate?
    public var sex: Sex?
    public var phone: String?
    public var email: String?
    /// The address as written (parts below the commune kept as they are).
    public var address: String?
    /// The current commune of the address, when known.
    public var communeCode: String?

    public init(
        name: String, personalID: String? = nil, birthDate: LocalDate? = nil, sex: Sex? = nil, phone: String? = nil,
        email: String? = nil, address: String? = nil, communeCode: String? = nil
    ) {
        self.name = name
        self.personalID = personalID
        self.birthDate = birthDate
        self.sex = sex
        self.phone = phone
        self.email = email
        self.address = address
        self.communeCode = communeCode
    }

    /// The fields that are wrong, by name, with the reason in Vietnamese; empty when all is well.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let trimmed = name.trimmingWhitespace
        if trimmed.isEmpty { problems.append(.init(field: "applicant.name", reason: "Chưa nhập họ tên người nộp hồ sơ")) }
        if trimmed.count > 200 { problems.append(.init(field: "applicant.name", reason: "Họ tên dài quá 200 ký tự")) }
        if let personalID {
            if let id = PersonalID(personalID) {
                if let birthDate, let sex, !id.agrees(birthYear: birthDate.year, sex: sex == .male ? .male : .female) {
                    problems.append(.init(field: "applicant.personalID", reason: "Số định danh không khớp năm sinh hoặc giới tính"))
                }
            } else {
                problems.append(.init(field: "applicant.personalID", reason: "Số định danh cá nhân phải gồm đúng 12 chữ số"))
            }
        }
        if let phone, !Self.isPhone(phone) {
            problems.append(.init(field: "applicant.phone", reason: "Số điện thoại không hợp lệ"))
        }
        if let email, !(email.contains("@") && email.count <= 254 && !email.contains(" ")) {
            problems.append(.init(field: "applicant.email", reason: "Địa chỉ thư điện tử không hợp lệ"))
        }
        if let communeCode, communeCode.utf8.count != 5 || !communeCode.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            problems.append(.init(field: "applicant.communeCode", reason: "Mã xã phải gồm 5 chữ số"))
        }
        if let address, address.count > 500 { problems.append(.init(field: "applicant.address", reason: "Địa chỉ dài quá 500 ký tự")) }
        return problems
    }

    /// Vietnamese numbers: 0 and 9–10 more digits, or +84 and 9–10 digits; spaces and dots allowed.
    static func isPhone(_ text: String) -> Bool {
        var digits = text.filter { $0 != " " && $0 != "." && $0 != "-" }
        if digits.hasPrefix("+84") { digits = "0" + digits.dropFirst(3) }
        return digits.hasPrefix("0") && (10...11).contains(digits.count) && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }
}

/// One field of a request that is wrong, and why (Vietnamese).
public struct FieldProblem: Hashable, Sendable, Codable {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
