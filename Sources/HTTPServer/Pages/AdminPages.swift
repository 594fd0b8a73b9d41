import AppCore
import Domain
import Foundation
import Hummingbird
import Storage
import WebViews

/// The administrators' pages. Each use case checks the officer's right itself; a page an account may
/// not use answers 403 with the reason.
struct AdminPages<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let pages: PageRenderer
    let officers: OfficerPages<Context>
    let catalog: CatalogService
    let calendar: CalendarService
    let registries: RegistryService

    var routes: [Route<Context>] {
        [
            Route(.get, "quan-tri", { _, _ in PageResponse.redirect("/quan-tri/tai-khoan") }),
            Route(.get, "quan-tri/tai-khoan", accounts),
            Route(.post, "quan-tri/tai-khoan", createAccount),
            Route(.get, "quan-tri/thu-cho-gui", outbox),
            Route(.post, "quan-tri/thu-cho-gui/:id/gui-lai", retry),
            Route(.post, "quan-tri/thu-cho-gui/:id/huy", discard),
            Route(.get, "quan-tri/danh-muc", catalogPage),
            Route(.post, "quan-tri/danh-muc", importCatalog),
            Route(.get, "quan-tri/lich", calendarPage),
        ]
    }

    static var roleNames: [(Role, String)] {
        [
        (.receptionist, "Cán bộ tiếp nhận"), (.specialist, "Chuyên viên"), (.approver, "Lãnh đạo phê duyệt"), (.unitAdmin, "Quản trị đơn vị"),
        (.provinceAdmin, "Quản trị tỉnh"), (.inspector, "Thanh tra"), (.nationalMonitor, "Theo dõi toàn quốc"), (.sysadmin, "Quản trị hệ thống"),
        ]
    }

    static func roleName(_ role: Role) -> String { roleNames.first { $0.0 == role }?.1 ?? role.rawValue }

    func page(_ section: String, _ heading: String, user: UserRecord, csrf: String, notice: String? = nil, error: String? = nil,
              tables: [AdminPage.Table], forms: [AdminPage.Form], status: HTTPResponse.Status = .ok) -> Response {
        PageResponse.html(pages.render(AdminPage(
            section: section, heading: heading, notice: notice, error: error, tables: tables, forms: forms, officer: user.fullName, csrf: csrf
        )), status: status)
    }

    // MARK: Accounts

    func accountsPage(_ request: Request, _ context: Context, user: UserRecord, csrf: String, notice: String?, error: String?) async throws -> Response {
        let list = try await officers.identity.service.users(for: user, unitCode: nil, client: officers.identity.client(request, context))
        let rows = list.sorted { $0.username < $1.username }.map { account in
            AdminPage.Row(cells: [
                account.username, account.fullName, account.roles.sorted().map(Self.roleName).joined(separator: ", "), account.unitCode,
                account.active ? "Đang hoạt động" : "Đã khoá",
            ])
        }
        let form = AdminPage.Form(id: "tao-tai-khoan", title: "Tạo tài khoản", action: "/quan-tri/tai-khoan", submit: "Tạo tài khoản", fields: [
            ("username", "Tên đăng nhập (chữ thường, số, dấu chấm)", "text", true, []),
            ("fullName", "Họ và tên", "text", true, []),
            ("password", "Mật khẩu ban đầu", "password", true, []),
            ("role", "Vai trò", "select", true, Self.roleNames.map { Option(value: $0.0.rawValue, label: $0.1) }),
            ("unitCode", "Mã đơn vị (xã 5 chữ số, tỉnh 2 chữ số)", "text", true, []),
        ])
        return page("/quan-tri/tai-khoan", "Tài khoản trong phạm vi quản lý", user: user, csrf: csrf, notice: notice, error: error, tables: [
            AdminPage.Table(title: "\(list.count) tài khoản", headers: ["Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Trạng thái"], rows: rows, empty: "Chưa có tài khoản."),
        ], forms: [form], status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func accounts(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officers.officer(request)
        return try await accountsPage(request, context, user: user, csrf: csrf, notice: nil, error: nil)
    }

    @Sendable func createAccount(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 8 * 1024))
        let (user, csrf) = try await officers.officer(request, form: form)
        let created: UserRecord
        do {
            created = try await officers.identity.service.addUser(.init(
                username: form["username"] ?? "", fullName: form["fullName"] ?? "", password: form["password"] ?? "",
                roles: [form["role"] ?? ""], unitCode: form["unitCode"] ?? ""
            ), by: user.officer)
        } catch {
            if case .forbidden = error { throw error }
            return try await accountsPage(request, context, user: user, csrf: csrf, notice: nil, error: PageInput.message(error))
        }
        return try await accountsPage(request, context, user: user, csrf: csrf, notice: "Đã tạo tài khoản \(created.username).", error: nil)
    }

    // MARK: Outbox

    func outboxPage(user: UserRecord, csrf: String, notice: String?) async throws -> Response {
        let rows = try await registries.outbox(state: nil, system: nil, dossierCode: nil, afterID: nil, limit: 200, by: user)
        let states: [OutboxState: String] = [.pending: "Chờ gửi", .delivered: "Đã gửi", .dead: "Gửi không được", .discarded: "Đã huỷ"]
        let table = rows.reversed().map { row in
            AdminPage.Row(
                cells: [String(row.id), MonitorPages<Context>.systemName(row.message.system), row.message.dossierCode, states[row.state] ?? row.state.rawValue,
                        String(row.attempts), row.lastError ?? ""],
                buttons: row.state == .dead ? [
                    .init(action: "/quan-tri/thu-cho-gui/\(row.id)/gui-lai", label: "Gửi lại"),
                    .init(action: "/quan-tri/thu-cho-gui/\(row.id)/huy", label: "Huỷ", danger: true),
                ] : []
            )
        }
        return page("/quan-tri/thu-cho-gui", "Thư chờ gửi đến hệ thống bên ngoài", user: user, csrf: csrf, notice: notice, tables: [
            AdminPage.Table(title: "200 thư gần nhất", headers: ["Số", "Hệ thống", "Hồ sơ", "Trạng thái", "Số lần gửi", "Lỗi gần nhất"], rows: table,
                            empty: "Không có thư nào."),
        ], forms: [])
    }

    @Sendable func outbox(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officers.officer(request)
        return try await outboxPage(user: user, csrf: csrf, notice: nil)
    }

    @Sendable func retry(_ request: Request, context: Context) async throws -> Response {
        try await outboxAction(request, context) { id, user in
            try await registries.retry(id: id, by: user)
            return "Đã đưa thư \(id) vào hàng gửi lại."
        }
    }

    @Sendable func discard(_ request: Request, context: Context) async throws -> Response {
        try await outboxAction(request, context) { id, user in
            try await registries.discard(id: id, by: user)
            return "Đã huỷ thư \(id)."
        }
    }

    func outboxAction(_ request: Request, _ context: Context, _ action: (Int, UserRecord) async throws -> String) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 4 * 1024))
        let (user, csrf) = try await officers.officer(request, form: form)
        guard let id = Int(try context.parameters.require("id")) else { throw AppError.invalid("id", "Số thư không hợp lệ") }
        return try await outboxPage(user: user, csrf: csrf, notice: try await action(id, user))
    }

    // MARK: Catalogue and calendar

    func catalogPage(user: UserRecord, csrf: String, notice: String?, error: String?) async throws -> Response {
        let count = try await catalog.search(text: nil, level: nil, field: nil, at: nil, offset: 0, limit: 500).count
        let form = AdminPage.Form(id: "nap-danh-muc", title: "Nạp danh mục thủ tục", action: "/quan-tri/danh-muc", submit: "Nạp danh mục", fields: [
            ("file", "Tệp danh mục (JSON hoặc CSV theo mẫu xuất của MotCua)", "file", true, []),
            ("format", "Định dạng", "select", true, Option.list([("json", "JSON"), ("csv", "CSV")], current: "json")),
        ])
        return page("/quan-tri/danh-muc", "Danh mục thủ tục hành chính", user: user, csrf: csrf, notice: notice ?? "Đang có \(count) thủ tục có hiệu lực hôm nay. Mỗi thay đổi là một phiên bản mới có ngày hiệu lực; hồ sơ giữ phiên bản khi tiếp nhận.",
                    error: error, tables: [], forms: [form], status: error == nil ? .ok : .unprocessableContent)
    }

    @Sendable func catalogPage(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officers.officer(request)
        return try await catalogPage(user: user, csrf: csrf, notice: nil, error: nil)
    }

    @Sendable func importCatalog(_ request: Request, context: Context) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { throw RequestError.unsupportedMediaType(contentType) }
        let parts = try FormBody.parts(try await FormBody.collect(request, limit: 16 * 1_048_576), contentType: contentType)
        let fields = FormBody.fields(parts)
        let (user, csrf) = try await officers.officer(request, form: fields)
        guard let file = parts.first(where: { $0.name == "file" && $0.filename != nil }), !file.bytes.isEmpty else {
            return try await catalogPage(user: user, csrf: csrf, notice: nil, error: "Chưa chọn tệp danh mục.")
        }
        let count: Int
        do {
            count = try await catalog.importCatalog(Data(file.bytes), format: fields["format"] == "csv" ? .csv : .json, by: user)
        } catch {
            if case .forbidden = error { throw error }
            return try await catalogPage(user: user, csrf: csrf, notice: nil, error: PageInput.message(error))
        }
        return try await catalogPage(user: user, csrf: csrf, notice: "Đã nạp \(count) phiên bản thủ tục.", error: nil)
    }

    @Sendable func calendarPage(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officers.officer(request)
        let year = request.uri.queryParameters.get("nam") ?? String(LocalDate(vietnamTimeOf: officers.now().timeIntervalSince1970).year)
        let (number, days) = try calendar.year(year)
        let kinds: [DayKind: String] = [.holiday: "Nghỉ lễ, tết", .compensatory: "Nghỉ bù", .makeUpWorkday: "Làm bù"]
        let rows = days.map { AdminPage.Row(cells: [VietnameseFormat.date($0.date), kinds[$0.kind] ?? $0.kind.rawValue, $0.name, $0.source]) }
        return page("/quan-tri/lich", "Lịch làm việc năm \(number)", user: user, csrf: csrf,
                    notice: "Ngày nghỉ lễ, nghỉ bù và làm bù dùng để tính hạn giải quyết. Lịch của năm mới được nạp bằng lệnh “motcua calendar load”.",
                    tables: [AdminPage.Table(title: "Ngày khác thường lệ", headers: ["Ngày", "Loại", "Tên", "Nguồn"], rows: rows, empty: "Chưa có lịch của năm này.")],
                    forms: [])
    }
}
