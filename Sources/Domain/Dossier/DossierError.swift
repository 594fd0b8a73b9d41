/// Why a dossier command or a new dossier is refused. Nothing changes when one is thrown.
public enum DossierError: Error, Equatable, Sendable {
    case transitionNotAllowed(from: DossierStatus, command: DossierCommand)
    case decisionMissing
    case proposalMissing
    case alreadyRated
    case invalidRating(Int)
    case invalid([FieldProblem])
    case missingDocuments([String])
    case targetOutsideProvince(String)
    case calendar(CalendarError)

    public static func field(_ field: String, _ reason: String) -> DossierError { .invalid([FieldProblem(field: field, reason: reason)]) }

    /// What is wrong, in Vietnamese.
    public var message: String {
        switch self {
        case .transitionNotAllowed(let from, let command):
            "Không thể thực hiện “\(command.vietnameseName)” khi hồ sơ đang ở trạng thái “\(from.vietnameseName)”"
        case .decisionMissing: "Chưa có quyết định của lãnh đạo nên chưa thể trả kết quả giải quyết"
        case .proposalMissing: "Chưa có đề xuất của chuyên viên nên lãnh đạo chưa thể quyết định"
        case .alreadyRated: "Hồ sơ đã được đánh giá"
        case .invalidRating: "Mức đánh giá phải từ 1 đến 5"
        case .invalid(let problems): problems.map(\.reason).joined(separator: "; ")
        case .missingDocuments(let names): "Thiếu thành phần hồ sơ bắt buộc: \(names.joined(separator: "; "))"
        case .targetOutsideProvince(let code): "Cơ quan \(code) không thuộc tỉnh, thành phố của hồ sơ"
        case .calendar: "Không tính được thời hạn theo lịch làm việc"
        }
    }

    /// Field-level details for problem+json.
    public var problems: [FieldProblem] {
        switch self {
        case .invalid(let problems): problems
        case .missingDocuments(let names): names.map { FieldProblem(field: "documents", reason: "Thiếu: \($0)") }
        case .invalidRating: [FieldProblem(field: "rating", reason: "Mức đánh giá phải từ 1 đến 5")]
        case .targetOutsideProvince: [FieldProblem(field: "targetAgency", reason: message)]
        default: []
        }
    }
}

extension DossierStatus {
    public var vietnameseName: String {
        switch self {
        case .submitted: "Mới đăng ký"
        case .received: "Được tiếp nhận"
        case .refusedAtIntake: "Không được tiếp nhận"
        case .processing: "Đang xử lý"
        case .awaitingSupplement: "Yêu cầu bổ sung"
        case .awaitingPayment: "Yêu cầu thực hiện nghĩa vụ tài chính"
        case .withdrawn: "Rút hồ sơ"
        case .stopped: "Dừng xử lý"
        case .resolved: "Đã xử lý xong"
        case .returned: "Đã trả kết quả"
        }
    }
}

extension DossierCommand {
    public var vietnameseName: String {
        switch self {
        case .receive: "Tiếp nhận hồ sơ"
        case .refuseAtIntake: "Từ chối tiếp nhận"
        case .assign: "Phân công xử lý"
        case .proposeDecision: "Đề xuất kết quả"
        case .decide: "Phê duyệt"
        case .transfer: "Chuyển xử lý"
        case .requestSupplement: "Yêu cầu bổ sung hồ sơ"
        case .receiveSupplement: "Nhận hồ sơ bổ sung"
        case .requestPayment: "Yêu cầu thực hiện nghĩa vụ tài chính"
        case .recordPayment: "Ghi nhận đã nộp phí, lệ phí"
        case .apologise: "Xin lỗi và hẹn lại ngày trả kết quả"
        case .stop: "Dừng xử lý"
        case .resolve: "Hoàn thành xử lý"
        case .returnResult: "Trả kết quả"
        case .withdraw: "Rút hồ sơ"
        case .rate: "Đánh giá"
        }
    }
}
