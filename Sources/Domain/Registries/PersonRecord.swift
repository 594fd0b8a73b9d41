/// What the population register answers for a personal ID: the fields that pre-fill an applicant.
/// Addresses carry the current (post-reform) commune code.
public struct PersonRecord: Hashable, Sendable, Codable {
    public var personalID: String
    public var name: String
    public var birthDate: LocalDate
    public var sex: Applicant.Sex
    public var permanentAddress: String
    public var permanentCommune: String
    public var currentAddress: String
    public var currentCommune: String

    public init(
        personalID: String, name: String, birthDate: LocalDate, sex: Applicant.Sex, permanentAddress: String, permanentCommune: String,
        currentAddress: String, currentCommune: String
    ) {
        self.personalID = personalID
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
        self.permanentAddress = permanentAddress
        self.permanentCommune = permanentCommune
        self.currentAddress = currentAddress
        self.currentCommune = currentCommune
    }

    /// The applicant it pre-fills (contact details are the applicant's to give).
    public var applicant: Applicant {
        Applicant(name: name, personalID: personalID, birthDate: birthDate, sex: sex, address: currentAddress, communeCode: currentCommune)
    }

    /// Whether the register's answer agrees with the number asked (a register is not trusted blindly).
    public var agreesWithID: Bool {
        guard let id = PersonalID(personalID) else { return false }
        return id.agrees(birthYear: birthDate.year, sex: sex == .male ? .male : .female)
    }
}
