import Domain
import DomainTesting
import Foundation
import ReferenceData
import Testing
import WebViews

/// Every page's view model variants rendered from fixtures (no database), compared with the recorded
/// HTML; and what every page must be: Vietnamese, NFC, escaped, under 100 KB.
@Suite("page snapshots")
struct PageSnapshotTests {
    static let renderer: PageRenderer = {
        do { return try PageRenderer() } catch { preconditionFailure("\(error)") }
    }()

    static let catalog: [ProcedureVersion] = {
        do { return try CatalogFileReader.read(Data(try ReferenceFiles.catalog().utf8)).procedures } catch { preconditionFailure("\(error)") }
    }()

    static func procedure(_ code: String) -> ProcedureVersion { catalog.first { $0.code == code }! }

    static let now = DossierScenario.at("2025-07-08T08:00")

    /// Checks the page, then compares it with its snapshot.
    static func check(_ html: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"vi\">"), "\(name): a Vietnamese HTML document", sourceLocation: sourceLocation)
        #expect(html == html.precomposedStringWithCanonicalMapping, "\(name): NFC", sourceLocation: sourceLocation)
        #expect(!html.contains("{{") && !html.contains("}}"), "\(name): no Mustache tag left", sourceLocation: sourceLocation)
        #expect(html.utf8.count < 100_000, "\(name): under 100 KB", sourceLocation: sourceLocation)
        try Snapshot.check(html, named: name, sourceLocation: sourceLocation)
    }

    static func scenario() throws -> DossierScenario {
        var scenario = try DossierScenario("001.05.01.H01-250702-0001", at: "2025-07-02T09:00", channel: .online)
        try scenario.apply("2025-07-02T09:30", DossierRequest(.assign, assignee: "u2"))
        try scenario.apply("2025-07-02T10:00", DossierRequest(.requestSupplement, reason: "Thiếu <giấy tờ>", missing: ["Bản sao giấy khai sinh"]))
        return scenario
    }

    @Test("citizens' pages: home, procedure, submission, receipt")
    func citizenPages() throws {
        let online = Self.procedure("MC-HT-001")
        try Self.check(Self.renderer.render(HomePage(
            query: "khai sinh", level: "commune", field: nil, fields: ["Hộ tịch", "Chứng thực"], results: [online], nextHref: "/?tu=30&q=khai%20sinh"
        )), "home-results")
        try Self.check(Self.renderer.render(HomePage(query: "không có", level: nil, field: nil, fields: [], results: [], nextHref: nil)), "home-empty")
        try Self.check(Self.renderer.render(ProcedurePage(online)), "procedure-online")
        let counterOnly = Self.catalog.first { $0.onlineLevel == .none } ?? online
        try Self.check(Self.renderer.render(ProcedurePage(counterOnly)), "procedure-counter-only")
        try Self.check(Self.renderer.render(SubmitPage(
            procedure: online, values: [:], errors: [], formToken: "form-token-1", csrf: "csrf-1", maximumBytes: 10_485_760
        )), "submit-empty")
        try Self.check(Self.renderer.render(SubmitPage(
            procedure: online, values: ["name": "<script>", "personalID": "12"], errors: [
                .init(field: "personalID", message: "Số định danh cá nhân phải gồm 12 chữ số"), .init(field: "tep-2", message: "Chưa đính kèm: Giấy chứng sinh"),
            ], formToken: "form-token-1", csrf: "csrf-1", maximumBytes: 10_485_760
        )), "submit-errors")
        try Self.check(Self.renderer.render(ReceiptPage(
            code: "001.05.01.H01-250702-0001", secret: "ABCD2345EF", procedureName: online.name, submittedAt: Self.now
        )), "receipt")
    }

    @Test("look-up: the form, a wrong secret, a supplement asked for, a result to rate")
    func lookupPages() throws {
        try Self.check(Self.renderer.render(LookupPage(csrf: "csrf-1")), "lookup-form")
        try Self.check(Self.renderer.render(LookupPage(code: "X", csrf: "csrf-1", error: "Mã hồ sơ hoặc mã tra cứu không đúng.")), "lookup-wrong")
        let waiting = try Self.scenario().dossier
        func result(_ dossier: Dossier, mayRate: Bool, maySupply: Bool) -> LookupPage.Result {
            LookupPage.Result(
                code: dossier.code, secret: "ABCD2345EF", version: dossier.version, procedureName: dossier.opening.procedureName,
                applicantName: dossier.opening.applicant.name, statusName: dossier.status.vietnameseName, appointment: dossier.appointment,
                resultReady: dossier.status == .resolved, outcome: dossier.outcome, returned: dossier.returnedAt != nil, missing: dossier.missing,
                history: dossier.history.map {
                    .init(at: $0.at, action: DossierCommand(rawValue: $0.kind.rawValue)?.vietnameseName ?? "Nộp hồ sơ",
                          statusName: $0.status.vietnameseName, reason: $0.reason, missing: $0.missing, appointment: $0.appointment)
                },
                mayRate: mayRate, maySupply: maySupply, rating: dossier.rating
            )
        }
        try Self.check(Self.renderer.render(LookupPage(code: waiting.code, csrf: "csrf-1", result: result(waiting, mayRate: false, maySupply: true))), "lookup-supplement")
        var scenario = try Self.scenario()
        try scenario.apply("2025-07-03T09:00", DossierRequest(.receiveSupplement))
        try scenario.resolve(at: "2025-07-03T10:00")
        try scenario.apply("2025-07-03T11:00", DossierRequest(.returnResult, returnChannel: .counter))
        try Self.check(Self.renderer.render(LookupPage(
            code: scenario.dossier.code, csrf: "csrf-1", notice: nil, result: result(scenario.dossier, mayRate: true, maySupply: false)
        )), "lookup-returned")
    }

    @Test("officers' pages: sign-in, queue with overdue and due-today rows, dossier with its commands, reception desk")
    func officerPages() throws {
        try Self.check(Self.renderer.render(LoginPage(next: "/can-bo", csrf: "csrf-1")), "login")
        try Self.check(Self.renderer.render(LoginPage(username: "demo", error: "Tên đăng nhập hoặc mật khẩu không đúng.", next: "/can-bo", csrf: "csrf-1")), "login-error")
        let overdue = try DossierScenario("001.05.01.H01-250701-0001", at: "2025-07-01T09:00", channel: .inPerson).dossier
        let today = try DossierScenario("001.05.01.H01-250703-0002", at: "2025-07-03T09:00", channel: .inPerson).dossier
        let later = try DossierScenario("001.05.01.H01-250707-0003", at: "2025-07-07T09:00", channel: .online).dossier
        try Self.check(Self.renderer.render(QueuePage(
            dossiers: [overdue, today, later], status: nil, procedure: nil, field: "Hộ tịch", fields: ["Chứng thực", "Hộ tịch"], nextHref: "/can-bo?cursor=x",
            now: Self.now, officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "queue")
        try Self.check(Self.renderer.render(QueuePage(
            dossiers: [], status: "resolved", procedure: "MC-HT-001", nextHref: nil, now: Self.now, officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "queue-empty")
        let submitted = try DossierScenario("001.05.01.H01-250708-0003", at: "2025-07-08T09:00", channel: .online, receive: false).dossier
        try Self.check(Self.renderer.render(DossierPage(
            submitted, applicant: nil, commands: [.receive, .refuseAtIntake, .withdraw], colleagues: [], slips: [],
            notice: nil, error: nil, formToken: "form-token-1", officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "dossier-submitted")
        let waiting = try Self.scenario().dossier
        try Self.check(Self.renderer.render(DossierPage(
            waiting, applicant: waiting.opening.applicant, commands: [.receiveSupplement, .apologise, .stop, .withdraw],
            colleagues: [.init(id: "u2", name: "Trần Chuyên Viên (demo.specialist)")],
            slips: [("receipt", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), ("supplement", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")],
            notice: "Đã ghi nhật ký truy cập.", error: nil, formToken: "form-token-1", officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "dossier-supplement-opened")
        let person = PersonRecord(
            personalID: "001190000123", name: "Nguyễn Thị Hoa", birthDate: LocalDate(iso: "1990-05-01")!, sex: .female,
            permanentAddress: "Số 1 phố Quán Thánh, Phường Ba Đình, Thành phố Hà Nội", permanentCommune: "00004",
            currentAddress: "Số 1 phố Quán Thánh, Phường Ba Đình, Thành phố Hà Nội", currentCommune: "00004"
        )
        try Self.check(Self.renderer.render(DossierPage(
            waiting, applicant: nil, commands: [], colleagues: [], slips: [], notice: "Đã ghi nhật ký truy cập.", error: nil,
            formToken: "form-token-1", officer: "Lê Văn Tiếp", csrf: "csrf-1", population: person
        )), "dossier-population")
        try Self.check(Self.renderer.render(DossierPage(
            waiting, applicant: nil, commands: [], colleagues: [], slips: [], notice: nil,
            error: "Hồ sơ đã thay đổi (phiên bản 4, yêu cầu dựa trên 3); hãy tải lại", formToken: "form-token-1", officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "dossier-no-actions")
        let online = Self.procedure("MC-HT-001")
        try Self.check(Self.renderer.render(ReceptionPage(
            procedures: [online], chosen: nil, values: [:], provided: nil, errors: [], filed: nil, formToken: "t", officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "reception-choose")
        try Self.check(Self.renderer.render(ReceptionPage(
            procedures: [online], chosen: online, values: ["name": ""], provided: [online.documents[0].name],
            errors: [.init(field: "name", message: "Thiếu họ và tên")], filed: nil, formToken: "t", officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "reception-errors")
        try Self.check(Self.renderer.render(ReceptionPage(
            procedures: [online], chosen: online, values: [:], provided: nil, errors: [],
            filed: .init(code: "001.05.01.H01-250708-0004", secret: "ABCD2345EF", status: "Được tiếp nhận"), formToken: "t",
            officer: "Lê Văn Tiếp", csrf: "csrf-1"
        )), "reception-filed")
    }

    @Test("the dashboard with figures, ranking and deliveries, and with nothing yet; error pages")
    func dashboardAndErrors() throws {
        var cohort = CohortSums()
        cohort.received = 1_250
        cohort.receivedOnline = 900
        cohort.finished = 1_000
        cohort.onTime = 720
        cohort.pending = 250
        cohort.pendingOverdue = 40
        let total = IndicatorRow(group: [:], cohort: cohort, flow: CounterValues())
        let from = LocalDate(iso: "2025-07-01")!, to = LocalDate(iso: "2025-07-07")!
        let points = (0..<7).map { SeriesChart.Point(label: "0\($0 + 1)/07", received: 150 + $0 * 10, finished: 100 + $0 * 12) }
        try Self.check(Self.renderer.render(DashboardPage(
            scope: "nation", scopeLabel: "Toàn quốc", from: from, to: to, provinces: [("01", "Thành phố Hà Nội"), ("79", "Thành phố Hồ Chí Minh")],
            total: total, series: SeriesChart(points: points, caption: "Hồ sơ theo ngày"), breakdownTitle: "Theo tỉnh, thành phố",
            breakdown: [
                .init(name: "Thành phố Hà Nội", href: "/theo-doi?scope=province:01", row: total),
                .init(name: "Thành phố Hồ Chí Minh", href: "/theo-doi?scope=province:79", row: IndicatorRow(group: [:], cohort: CohortSums(), flow: CounterValues())),
            ],
            sort: "online", ranking: [(1, "Thành phố Hà Nội", 87.54, "Tốt")], rankingTitle: "Chỉ số phục vụ",
            deliveries: [("Cổng Dịch vụ công quốc gia", 3, 1_200, 1)], up: nil,
            quality: (findings: 1_234, dossiers: 65_326, at: Instant(iso: "2025-07-08T09:30:00+07:00")!)
        )), "dashboard-nation")
        try Self.check(Self.renderer.render(DashboardPage(
            scope: "commune:00004", scopeLabel: "Phường Ba Đình", from: from, to: to, provinces: [], total: IndicatorRow(group: [:], cohort: CohortSums(), flow: CounterValues()),
            series: SeriesChart(points: [], caption: "Hồ sơ theo ngày"), breakdownTitle: "Theo thủ tục", breakdown: [], sort: "received",
            ranking: [], rankingTitle: "", deliveries: [], up: ("/theo-doi?scope=province:01", "Thành phố Hà Nội")
        )), "dashboard-empty")
        try Self.check(Self.renderer.render(ErrorPage(status: 404, message: nil, requestID: "r1")), "error-404")
        try Self.check(Self.renderer.render(ErrorPage(status: 403, message: "Vai trò của bạn không được xem hồ sơ", requestID: "r2")), "error-403")
        let failure = Self.renderer.render(ErrorPage(status: 500, message: nil, requestID: "r3"))
        #expect(failure.contains("Đã xảy ra lỗi") && failure.contains("r3"))
        try Self.check(failure, "error-500")
    }

    @Test("the review queue of imported dossiers: a record with two split codes and an error; the empty queue")
    func reviewQueue() throws {
        let item = ReviewQueuePage.Item(
            sourceSystem: "mc-01", originalCode: "001-250512-0007", applicant: "Nguyễn V. A.", address: "Số 5, ngõ <12>, Hàng Bông",
            procedure: "1.004873", firstStatusAt: Instant(iso: "2025-05-12T08:00:00+07:00"),
            candidates: [("00076", [("00070", "Phường Hoàn Kiếm"), ("00082", "Phường Cửa Nam")]), ("001", [("00082", "Phường Cửa Nam")])]
        )
        try Self.check(Self.renderer.render(ReviewQueuePage(
            items: [item], error: "Đơn vị 00004 không phải đơn vị kế thừa của 00076", officer: "Đỗ Văn Trang", csrf: "t1"
        )), "reviews")
        try Self.check(Self.renderer.render(ReviewQueuePage(items: [], notice: "Đã chuyển hồ sơ X vào hệ thống.", officer: "Đỗ Văn Trang", csrf: "t1")), "reviews-empty")
    }

    @Test("the bookkeeping page: a report with two tables, one cut at the row limit and one empty")
    func bookkeeping() throws {
        let rows = (1...(BookkeepingPage.rowLimit + 5)).map { ["\(String(format: "%05d", $0))", "Phường <số \($0)>", "1.234", "12,5%"] }
        let html = Self.renderer.render(BookkeepingPage(
            scope: "province:01", scopeLabel: "Thành phố Hà Nội", provinces: [("01", "Thành phố Hà Nội"), ("79", "Thành phố Hồ Chí Minh")],
            kinds: [("agencies", "Cơ quan chuyên môn"), ("staffing", "Biên chế và vị trí việc làm")], kind: "staffing",
            tables: [
                .init(name: "Thừa thiếu", headers: ["Mã", "Tên", "Biên chế", "Tỷ lệ"], rows: rows, labelColumns: 2),
                .init(name: "Luân chuyển", headers: ["Tỉnh", "Số người"], rows: [], labelColumns: 1),
            ]
        ))
        let limit = BookkeepingPage.rowLimit
        #expect(html.contains("Hiển thị \(limit) trên \(limit + 5) dòng") && html.contains(String(format: "%05d", limit)))
        #expect(!html.contains(String(format: "%05d", limit + 1)))
        #expect(html.contains("Phường &lt;số 1&gt;"), "escaped")
        #expect(html.contains("href=\"/api/v1/bookkeeping/export/staffing?scope=province:01&amp;format=csv&amp;bom=true&amp;sheet=2\""))
        #expect(html.contains("aria-current=\"page\">Biên chế và vị trí việc làm</a>"))
        try Self.check(html, "bookkeeping-staffing")
    }

    @Test("the old-address page: the empty form")
    func address() throws {
        try Self.check(Self.renderer.render(AddressPage(input: "", conversion: nil)), "address-form")
    }

    @Test("an admin page with a form, a table with row buttons, and an error")
    func admin() throws {
        try Self.check(Self.renderer.render(AdminPage(
            section: "/quan-tri/thu-cho-gui", heading: "Thư chờ gửi", notice: nil, error: "Không có quyền <gửi lại>",
            tables: [
                .init(title: "Thư", headers: ["Số", "Hệ thống"], rows: [
                    .init(cells: ["7", "Cổng Dịch vụ công quốc gia"], buttons: [.init(action: "/quan-tri/thu-cho-gui/7/gui-lai", label: "Gửi lại")]),
                    .init(cells: ["8", "Hộ tịch"]),
                ], empty: "Không có thư nào."),
                .init(title: "Trống", headers: ["A"], rows: [], empty: "Không có gì."),
            ],
            forms: [.init(id: "tao", title: "Tạo tài khoản", action: "/quan-tri/tai-khoan", submit: "Tạo", fields: [
                ("username", "Tên đăng nhập", "text", true, []), ("password", "Mật khẩu", "password", true, []),
                ("role", "Vai trò", "select", true, [Option(value: "receptionist", label: "Cán bộ tiếp nhận")]), ("file", "Tệp", "file", false, []),
            ])],
            officer: "Quản trị", csrf: "csrf-1"
        )), "admin")
    }

    @Test("text from users is escaped and the chart draws one titled bar per point")
    func escaping() throws {
        let html = Self.renderer.render(SubmitPage(
            procedure: Self.procedure("MC-HT-001"), values: ["name": "<script>alert(1)</script>"], errors: [], formToken: "t", csrf: "c", maximumBytes: 1
        ))
        #expect(!html.contains("<script>alert(1)") && html.contains("&lt;script&gt;"))
        let chart = SeriesChart(points: [.init(label: "<b>", received: 3, finished: 1), .init(label: "02/07", received: 0, finished: 2)], caption: "a & b").svg
        #expect(chart.components(separatedBy: "<rect").count - 1 == 2)
        #expect(chart.contains("&lt;b&gt;: 3 tiếp nhận, 1 giải quyết xong") && chart.contains("a &amp; b") && !chart.contains("<b>"))
    }
}
