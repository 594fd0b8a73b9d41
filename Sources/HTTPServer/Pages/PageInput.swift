import AppCore
import Domain
import Foundation

/// What page forms send, turned into the use cases' requests, and the use cases' refusals into one
/// sentence for the page.
enum PageInput {
    static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// The applicant as a form gives them (submission, reception desk); a malformed birth date is named.
    static func applicant(_ form: [String: String]) throws(AppError) -> Applicant {
        var birthDate: LocalDate?
        if let text = nonEmpty(form["birthDate"]) {
            guard let date = LocalDate(iso: text) else { throw .invalid("birthDate", "Ngày sinh không hợp lệ (năm-tháng-ngày)") }
            birthDate = date
        }
        return Applicant(
            name: form["name"] ?? "", personalID: nonEmpty(form["personalID"]), birthDate: birthDate, phone: nonEmpty(form["phone"]),
            email: nonEmpty(form["email"]), address: nonEmpty(form["address"]), communeCode: nonEmpty(form["communeCode"])
        )
    }

    /// A command form's fields as the command request; malformed numbers and dates are named.
    static func command(
        _ command: DossierCommand, form: [String: String], lists: [String: [String]], attachments: [String], now: Instant
    ) throws(AppError) -> DossierCommandRequest {
        var request = DossierCommandRequest(command: command, reason: nonEmpty(form["reason"]))
        request.assignee = nonEmpty(form["assignee"])
        request.targetAgency = nonEmpty(form["targetAgency"])
        if let days = nonEmpty(form["allottedDays"]) {
            guard let value = Int(days), value > 0 else { throw .invalid("allottedDays", "Thời hạn của bước phải là số ngày làm việc dương") }
            do throws(CalendarError) {
                request.allotted = try TimeLimit(value: value, unit: .workingDays)
            } catch {
                throw .invalid("allottedDays", "Thời hạn của bước không hợp lệ")
            }
        }
        if let missing = nonEmpty(form["missing"]) {
            request.missing = missing.split(whereSeparator: \.isNewline).compactMap { nonEmpty(String($0)) }
        }
        if let amount = nonEmpty(form["amount"]) {
            guard let value = Int(amount), value >= 0 else { throw .invalid("amount", "Số tiền phải là số đồng không âm") }
            request.amount = value
        }
        request.paymentChannel = form["paymentChannel"].flatMap(PaymentChannel.init(rawValue:))
        request.outcome = form["outcome"].flatMap(Outcome.init(rawValue:))
        request.returnChannel = form["returnChannel"].flatMap(ReturnChannel.init(rawValue:))
        if let text = nonEmpty(form["newAppointment"]) {
            // `2026-12-05T09:30` from a datetime-local input, in Vietnam's time.
            let parts = text.split(separator: "T")
            let clock = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : []
            guard parts.count == 2, let date = LocalDate(iso: parts[0]), clock.count >= 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else {
                throw .invalid("newAppointment", "Ngày hẹn mới không hợp lệ")
            }
            request.newAppointment = Instant(vietnam: date, minuteOfDay: clock[0] * 60 + clock[1])
        }
        if command == .receive || command == .receiveSupplement { request.provided = lists["provided"] ?? [] }
        if command == .receiveSupplement, request.provided?.isEmpty == true { request.provided = nil }
        if !attachments.isEmpty { request.attachments = attachments }
        return request
    }

    static func message(_ error: AppError) -> String {
        switch error {
        case .invalid(let issues): issues.map(\.message).joined(separator: "; ")
        case .notAllowed(let text), .preconditionFailed(let text), .preconditionRequired(let text), .conflict(let text), .forbidden(let text):
            text
        case .tooLarge(let limit): "Tệp quá lớn (tối đa \(limit / 1_048_576) MB)"
        case .notFound(let what, _): "Không có \(what)"
        default: "Không thực hiện được; vui lòng thử lại"
        }
    }
}
