/// An SMS or e-mail to an applicant, rendered from a Vietnamese template when the event happens, so
/// that a retry sends the same words.
public struct Notice: Hashable, Sendable, Codable {
    public enum Medium: String, Sendable, Codable, CaseIterable { case sms, email }

    public var medium: Medium
    public var to: String
    public var template: NoticeTemplate
    public var dossierCode: String
    public var subject: String
    public var text: String

    public init(medium: Medium, to: String, template: NoticeTemplate, dossierCode: String, subject: String, text: String) {
        self.medium = medium
        self.to = to
        self.template = template
        self.dossierCode = dossierCode
        self.subject = subject
        self.text = text
    }
}

/// The moments an applicant hears from us (issue: receipt, supplement request, apology, result ready).
public enum NoticeTemplate: String, Sendable, Codable, CaseIterable {
    case received, supplementRequested, apology, resultReady

    /// The template that an event calls for, if any.
    public init?(_ kind: DossierEvent.Kind) {
        switch kind {
        case .receive: self = .received
        case .requestSupplement: self = .supplementRequested
        case .apologise: self = .apology
        case .resolve: self = .resultReady
        default: return nil
        }
    }

    public func subject(code: String) -> String {
        switch self {
        case .received: "Hồ sơ \(code) đã được tiếp nhận"
        case .supplementRequested: "Hồ sơ \(code) cần bổ sung giấy tờ"
        case .apology: "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ \(code)"
        case .resultReady: "Hồ sơ \(code) đã có kết quả"
        }
    }

    /// The message about a dossier just after the event.
    public func text(_ dossier: Dossier, _ event: DossierEvent) -> String {
        let code = dossier.code
        let procedure = dossier.opening.procedureName
        let appointment = (event.details.appointment ?? dossier.appointment).map(VietnameseFormat.short) ?? "sẽ thông báo sau"
        switch self {
        case .received:
            return "Hồ sơ \(code) (\(procedure)) đã được tiếp nhận lúc \(VietnameseFormat.short(event.at)). "
                + "Hẹn trả kết quả: \(appointment). Tra cứu bằng mã hồ sơ và mã tra cứu ghi trên giấy tiếp nhận."
        case .supplementRequested:
            let missing = (event.details.missing ?? dossier.missing).joined(separator: "; ")
            return "Hồ sơ \(code) (\(procedure)) cần bổ sung: \(missing). "
                + "Thời hạn giải quyết tạm dừng cho đến khi nhận đủ giấy tờ bổ sung."
        case .apology:
            return "Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ \(code) (\(procedure)) chưa có kết quả đúng hẹn"
                + (event.reason.map { " (\($0))" } ?? "") + ". Hẹn trả kết quả mới: \(appointment)."
        case .resultReady:
            let outcome = event.details.outcome ?? dossier.outcome
            let verdict = outcome == .refused ? "không được chấp thuận, có văn bản nêu rõ lý do" : "đã được giải quyết"
            return "Hồ sơ \(code) (\(procedure)) \(verdict). Mời ông/bà nhận kết quả theo hình thức đã đăng ký."
        }
    }
}
