import AppCore
import Domain

/// A filing's body without `JSONDecoder` (`FlatJSON`): every reception at a counter sends one.
extension NewDossierRequest: FlatJSONDecodable {
    init?(flat fields: inout FlatFields) {
        let channel = fields.value("channel", Channel.init(rawValue:))
        let intake = fields.value("intake", Intake.init(rawValue:))
        let applicant = fields.object("applicant") { (applicant: inout FlatFields) -> Applicant? in
            let personalID = applicant.string("personalID"), birthDate = applicant.value("birthDate") { LocalDate(iso: $0) }
            let sex = applicant.value("sex", Applicant.Sex.init(rawValue:)), phone = applicant.string("phone")
            let email = applicant.string("email"), address = applicant.string("address"), commune = applicant.string("communeCode")
            guard let name = applicant.string("name") else { return nil }
            return Applicant(
                name: name, personalID: personalID, birthDate: birthDate, sex: sex, phone: phone, email: email, address: address,
                communeCode: commune
            )
        }
        let receivingUnit = fields.string("receivingUnit"), competentUnit = fields.string("competentUnit")
        let returnUnit = fields.string("returnUnit"), summary = fields.string("summary"), provided = fields.strings("provided")
        let reason = fields.string("reason"), portalID = fields.string("portalID"), files = fields.dictionary("files")
        guard let procedureCode = fields.string("procedureCode"), let applicant else { return nil }
        self.init(
            procedureCode: procedureCode, channel: channel, intake: intake, receivingUnit: receivingUnit, competentUnit: competentUnit,
            returnUnit: returnUnit, applicant: applicant, summary: summary, provided: provided, reason: reason, portalID: portalID
        )
        self.files = files
    }
}
