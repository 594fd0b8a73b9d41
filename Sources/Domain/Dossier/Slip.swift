/// A printable paper of the one-stop process, as data: the layout of the forms of Thông tư
/// 01/2018/TT-VPCP (mẫu 01–05) that provincial systems still print, plus the stop notice. The same value
/// is answered as JSON and rendered as an A5 page.
public struct Slip: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả (mẫu 01).
        case receipt
        /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02).
        case supplement
        /// Phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03).
        case refusal
        /// Phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04).
        case apology
        /// Thông báo dừng xử lý hồ sơ.
        case stop
        /// Phiếu kiểm soát quá trình giải quyết hồ sơ (mẫu 05).
        case control
    }

    public struct Line: Sendable, Codable, Equatable {
        public var label: String
        public var value: String
    }

    public var kind: Kind
    public var title: String
    public var code: String
    public var issuer: String
    public var dateline: String
    public var recipient: String
    public var lines: [Line]
    public var paragraphs: [String]
    public var list: [String]
    public var tableHeader: [String]
    public var table: [[String]]
    public var signer: String

    /// Names of agencies and units, looked up by the caller.
    public struct Names: Sendable {
        public var agency: @Sendable (String) -> String
        public var unit: @Sendable (String) -> String

        public init(agency: @escaping @Sendable (String) -> String, unit: @escaping @Sendable (String) -> String) {
            self.agency = agency
            self.unit = unit
        }
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The dossier has no such paper (a receipt before reception, an apology never made).
        case notIssued(Kind)
    }

    /// The paper of a kind for a dossier, issued on `today`.
    public static func make(_ kind: Kind, _ dossier: Dossier, names: Names, today: LocalDate) throws(Failure) -> Slip {
        let opening = dossier.opening
        let last = { (event: DossierEvent.Kind) in dossier.history.last { $0.kind == event } }
        var slip = Slip(
            kind: kind, title: "", code: dossier.code, issuer: names.agency(opening.receivingAgency),
            dateline: "\(names.unit(opening.provinceCode)), \(VietnameseFormat.dateline(today))", recipient: opening.applicant.name,
            lines: [], paragraphs: [], list: [], tableHeader: [], table: [], signer: "Người tiếp nhận"
        )
        let procedure = Line(label: "Thủ tục", value: opening.procedureName)
        let applicant = Line(label: "Người nộp", value: opening.applicant.name)
        switch kind {
        case .receipt:
            guard let received = dossier.receivedAt else { throw .notIssued(kind) }
            slip.title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
            slip.lines = [
                Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                Line(label: "Địa chỉ", value: opening.applicant.address ?? "—"),
                Line(label: "Số điện thoại", value: opening.applicant.phone.map(Masking.phone) ?? "—"),
                Line(label: "Nội dung yêu cầu", value: opening.summary ?? opening.procedureName),
                Line(label: "Thời hạn giải quyết", value: VietnameseFormat.limit(opening.limit)),
                Line(label: "Thời gian nhận hồ sơ", value: VietnameseFormat.time(received)),
                Line(label: "Thời gian trả kết quả", value: dossier.appointment.map(VietnameseFormat.time) ?? "—"),
                Line(label: "Nơi trả kết quả", value: names.agency(opening.returnAgency ?? opening.receivingAgency)),
                Line(label: "Cơ quan giải quyết", value: names.agency(opening.competentAgency)),
            ]
            slip.list = opening.documents.filter(\.provided).map { document in
                "\(document.name) (\(document.original ? "bản chính" : "bản sao"), \(document.count) bản)"
            }
            slip.paragraphs = [
                "Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu được cấp kèm giấy này.",
                "Khi đến nhận kết quả, đề nghị mang theo giấy này và giấy tờ tùy thân.",
            ]
        case .supplement:
            guard let request = last(.requestSupplement) else { throw .notIssued(kind) }
            slip.title = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
            slip.lines = [Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                          Line(label: "Ngày yêu cầu", value: VietnameseFormat.time(request.at))]
            slip.paragraphs = ["Đề nghị bổ sung, hoàn thiện hồ sơ gồm những nội dung sau (yêu cầu một lần, đầy đủ):"]
                + (request.reason.map { ["Lý do: \($0)"] } ?? [])
            slip.list = request.missing ?? []
            slip.signer = "Người hướng dẫn"
        case .refusal:
            guard dossier.status == .refusedAtIntake, let refusal = last(.refuseAtIntake) else { throw .notIssued(kind) }
            slip.title = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
            slip.lines = [Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                          Line(label: "Ngày từ chối", value: VietnameseFormat.time(refusal.at))]
            slip.paragraphs = ["Hồ sơ không đủ điều kiện tiếp nhận, giải quyết vì lý do sau:", refusal.reason ?? ""]
        case .apology:
            guard let apology = last(.apologise), let due = dossier.dueAt else { throw .notIssued(kind) }
            slip.title = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
            slip.issuer = names.agency(dossier.currentAgency)
            slip.lines = [Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                          Line(label: "Thời gian hẹn trả kết quả ban đầu", value: VietnameseFormat.time(due)),
                          Line(label: "Thời gian hẹn trả kết quả lần sau", value: apology.appointment.map(VietnameseFormat.time) ?? "—")]
            slip.paragraphs = ["Việc giải quyết hồ sơ quá thời hạn quy định vì lý do: \(apology.reason ?? "")",
                               "Cơ quan giải quyết xin lỗi ông/bà và hẹn lại thời gian trả kết quả như trên."]
            slip.signer = "Thủ trưởng cơ quan giải quyết"
        case .stop:
            guard dossier.status == .stopped, let stop = last(.stop) else { throw .notIssued(kind) }
            slip.title = "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ"
            slip.issuer = names.agency(dossier.currentAgency)
            slip.lines = [Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                          Line(label: "Ngày dừng xử lý", value: VietnameseFormat.time(stop.at))]
            slip.paragraphs = ["Cơ quan giải quyết dừng xử lý hồ sơ vì lý do sau:", stop.reason ?? ""]
            slip.signer = "Thủ trưởng cơ quan giải quyết"
        case .control:
            guard dossier.receivedAt != nil else { throw .notIssued(kind) }
            slip.title = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
            slip.lines = [Line(label: "Mã hồ sơ", value: dossier.code), applicant, procedure,
                          Line(label: "Thời gian nhận", value: dossier.receivedAt.map(VietnameseFormat.time) ?? "—"),
                          Line(label: "Hạn giải quyết", value: dossier.dueAt.map(VietnameseFormat.time) ?? "—")]
            slip.tableHeader = ["Bước", "Cơ quan, bộ phận", "Người nhận", "Thời gian giao nhận", "Hạn xử lý", "Hoàn thành", "Kết quả"]
            let verdicts: [Verdict: String] = [.early: "Trước hạn", .onTime: "Đúng hạn", .late: "Quá hạn"]
            slip.table = dossier.steps.map { step in
                [String(step.sequence), names.agency(step.agencyCode), step.handler ?? "—", VietnameseFormat.short(step.givenAt),
                 step.dueAt.map(VietnameseFormat.short) ?? "—", step.finishedAt.map(VietnameseFormat.short) ?? "đang xử lý",
                 step.verdict.map { verdicts[$0] ?? "" } ?? "—"]
            }
            slip.signer = "Bộ phận tiếp nhận và trả kết quả"
        }
        return slip
    }
}

/// The tracking book (sổ theo dõi hồ sơ, mẫu 06) of a counter for a period: one row per dossier received.
public struct TrackingBook: Sendable, Codable, Equatable {
    public var issuer: String
    public var from: LocalDate
    public var to: LocalDate
    public var header: [String]
    public var rows: [[String]]

    public init(issuer: String, from: LocalDate, to: LocalDate, dossiers: [Dossier], names: Slip.Names) {
        self.issuer = issuer
        self.from = from
        self.to = to
        header = ["STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Nhận lúc", "Hẹn trả", "Chuyển đến", "Hoàn thành", "Trả kết quả", "Ghi chú"]
        rows = dossiers.enumerated().map { index, dossier in
            let transferred = dossier.steps.filter { $0.kind == .transfer }.map { names.agency($0.agencyCode) }.joined(separator: "; ")
            let figures = DossierFigures(dossier)
            let note = figures.finished ? (figures.onTime == true ? "Đúng hạn" : "Quá hạn") : dossier.status.vietnameseName
            return [String(index + 1), dossier.code, dossier.opening.procedureName, dossier.opening.applicant.name,
                    dossier.receivedAt.map(VietnameseFormat.short) ?? "—", dossier.appointment.map(VietnameseFormat.short) ?? "—",
                    transferred.isEmpty ? "—" : transferred, dossier.finishedAt.map(VietnameseFormat.short) ?? "—",
                    dossier.returnedAt.map(VietnameseFormat.short) ?? "—", note]
        }
    }
}
