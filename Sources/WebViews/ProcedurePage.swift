public import Domain

/// One procedure as a citizen needs it: documents, time limit, fee, where to file, and a step-by-step
/// guide (Resolution 268 §III.5 asks for detailed guidance).
public struct ProcedurePage: Page {
    public static let template = PageTemplate.procedure

    struct DocumentLine: Sendable {
        let name: String
        let kind: String
        let count: Int
        let required: Bool
    }

    public var chrome: PageChrome
    let code: String
    let nationalCode: String?
    let name: String
    let field: String
    let level: String
    let agency: String
    let limit: String
    let onlineLimit: String?
    let fee: String
    let whereToFile: String
    let onlineLevel: String
    let documents: [DocumentLine]
    let guide: [String]
    let legalBasis: [String]
    let hasLegalBasis: Bool
    let notes: String?
    let mayFileOnline: Bool

    public init(_ procedure: ProcedureVersion) {
        code = procedure.code
        nationalCode = procedure.nationalCode
        name = procedure.name
        field = procedure.field
        level = HomePage.levelName(procedure.level)
        agency = procedure.agencyName ?? Self.agencyName(procedure.agencyKind)
        limit = VietnameseFormat.limit(procedure.limit)
        onlineLimit = procedure.onlineLimit.map(VietnameseFormat.limit)
        fee = (procedure.fee.map { $0 == 0 ? "Không thu" : VietnameseFormat.money($0) } ?? "Theo quy định của tỉnh")
            + (procedure.feeNote.map { " (\($0))" } ?? "")
        whereToFile = procedure.level == .commune
            ? "Bộ phận một cửa của bất kỳ xã, phường, đặc khu nào trong tỉnh, hoặc trực tuyến"
            : "Trung tâm Phục vụ hành chính công tỉnh hoặc bộ phận một cửa của xã, phường trong tỉnh, hoặc trực tuyến"
        onlineLevel = switch procedure.onlineLevel {
        case .full: "Toàn trình"
        case .partial: "Một phần (nộp trực tuyến, nhận kết quả hoặc nộp bản gốc trực tiếp)"
        case .none: "Không"
        }
        documents = procedure.documents.map {
            DocumentLine(name: $0.name, kind: $0.original ? "bản chính" : "bản sao", count: $0.count, required: $0.required)
        }
        guide = Self.guide(procedure)
        legalBasis = procedure.legalBasis
        hasLegalBasis = !procedure.legalBasis.isEmpty
        notes = procedure.notes
        mayFileOnline = procedure.onlineLevel != .none
        chrome = PageChrome(title: procedure.name, section: .citizen(current: "/"))
    }

    /// The steps a citizen goes through, from the procedure's own steps where it has them.
    static func guide(_ procedure: ProcedureVersion) -> [String] {
        var guide = [
            "Chuẩn bị thành phần hồ sơ theo danh sách trên.",
            procedure.onlineLevel == .none
                ? "Nộp hồ sơ tại bộ phận một cửa; cán bộ kiểm tra và cấp giấy tiếp nhận có mã hồ sơ, mã tra cứu và ngày hẹn."
                : "Nộp tại bộ phận một cửa hoặc trực tuyến trên trang này; nhận mã hồ sơ và mã tra cứu.",
        ]
        if let fee = procedure.fee, fee > 0 { guide.append("Nộp lệ phí \(VietnameseFormat.money(fee)) tại quầy hoặc trực tuyến.") }
        for step in procedure.steps where step.action == .process || step.action == .decide {
            let who = step.agencyName ?? agencyName(step.agencyKind)
            let when = step.limit.map { " (\(VietnameseFormat.limit($0)))" } ?? ""
            guide.append(step.action == .decide ? "\(who) quyết định\(when)." : "\(who) thẩm định, xử lý\(when).")
        }
        guide.append("Nếu hồ sơ thiếu, cơ quan gửi một lần danh sách giấy tờ cần bổ sung; thời hạn tạm dừng đến khi bổ sung đủ.")
        guide.append("Theo dõi tình trạng bằng mã hồ sơ và mã tra cứu; nhận kết quả đúng ngày hẹn và đánh giá mức độ hài lòng.")
        return guide
    }

    static func agencyName(_ kind: AgencyKind) -> String {
        switch kind {
        case .provincialServiceCentre: "Trung tâm Phục vụ hành chính công tỉnh"
        case .provincialPeoplesCommittee: "Ủy ban nhân dân tỉnh"
        case .provincialDepartment: "Sở, ngành của tỉnh"
        case .communeServiceCentre: "Trung tâm Phục vụ hành chính công xã"
        case .communePeoplesCommittee: "Ủy ban nhân dân xã"
        case .communeOffice: "Phòng chuyên môn của xã"
        case .receptionPoint: "Điểm tiếp nhận"
        }
    }
}
