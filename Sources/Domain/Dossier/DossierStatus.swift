/// The statuses of a dossier (DOMAIN.md §4), as provincial systems and the national portal use them.
public enum DossierStatus: String, Sendable, CaseIterable, Codable {
    /// Mới đăng ký: filed online, not yet checked by an officer.
    case submitted
    /// Được tiếp nhận: complete and valid; code, receipt and due time issued.
    case received
    /// Không được tiếp nhận: refused at the counter, with reasons.
    case refusedAtIntake
    /// Đang xử lý: at the competent agency.
    case processing
    /// Yêu cầu bổ sung: the applicant must add or fix documents; the clock stops.
    case awaitingSupplement
    /// Yêu cầu nghĩa vụ tài chính: waiting for fees or taxes; the clock stops.
    case awaitingPayment
    /// Rút hồ sơ.
    case withdrawn
    /// Dừng xử lý, with a notice and reason.
    case stopped
    /// Đã xử lý xong: result issued, approved or refused on the merits.
    case resolved
    /// Đã trả kết quả.
    case returned

    /// No command moves a dossier out of these.
    public var isFinal: Bool { [.refusedAtIntake, .withdrawn, .stopped].contains(self) }
}

/// What an officer or applicant asks to do to a dossier; the transition table decides.
public enum DossierCommand: String, Sendable, CaseIterable, Codable {
    case receive
    case refuseAtIntake
    case assign
    case proposeDecision
    case decide
    case transfer
    case requestSupplement
    case receiveSupplement
    case requestPayment
    case recordPayment
    case apologise
    case stop
    case resolve
    case returnResult
    case withdraw
    case rate
}
