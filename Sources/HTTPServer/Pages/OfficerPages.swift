import AppCore
import Domain
import Foundation
import Hummingbird
import Storage
import WebViews

/// The officers' pages: sign-in, the work queue, a dossier with the commands its reader may give, and
/// the reception desk. Every form carries the CSRF token; command forms also a one-time token used as
/// the Idempotency-Key, so a double submit gives one event.
struct OfficerPages<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let pages: PageRenderer
    let catalog: CatalogService
    let dossiers: DossierService
    let identity: IdentityAPI<Context>
    let registries: RegistryService?
    let imports: LegacyImportService
    let now: @Sendable () -> Date

    var routes: [Route<Context>] {
        [
            Route(.get, "can-bo/dang-nhap", loginForm),
            Route(.post, "can-bo/dang-nhap", login),
            Route(.post, "can-bo/dang-xuat", logout),
            Route(.get, "can-bo", queue),
            Route(.get, "can-bo/ho-so/:code", dossier),
            Route(.post, "can-bo/ho-so/:code", command),
            Route(.post, "can-bo/ho-so/:code/nguoi-nop", applicant),
            Route(.post, "can-bo/ho-so/:code/dan-cu", population),
            Route(.get, "can-bo/tiep-nhan", receptionForm),
            Route(.post, "can-bo/tiep-nhan", receive),
            Route(.get, "can-bo/chuyen-doi", reviews),
            Route(.post, "can-bo/chuyen-doi", settleReview),
        ]
    }

    /// The review queue of imported dossiers whose old commune was split, those this officer may settle.
    @Sendable func reviews(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officer(request)
        return try await renderReviews(user: user, csrf: csrf, notice: request.uri.queryParameters.get("da").map { "Đã chuyển hồ sơ \($0) vào hệ thống." }, error: nil)
    }

    func renderReviews(user: UserRecord, csrf: String, notice: String?, error: String?) async throws -> Response {
        let views = try await imports.reviews(by: user, provinceCode: nil, resolved: false, after: nil, limit: 50)
        let items = views.map { view in
            ReviewQueuePage.Item(
                sourceSystem: view.sourceSystem, originalCode: view.originalCode, applicant: view.applicantName, address: view.address ?? "",
                procedure: view.procedureCode, firstStatusAt: view.firstStatusAt,
                candidates: view.candidates.sorted { $0.key < $1.key }.map { ($0.key, $0.value.map { ($0.code, $0.name) }) }
            )
        }
        return PageResponse.html(pages.render(ReviewQueuePage(items: items, notice: notice, error: error, officer: user.fullName, csrf: csrf)))
    }

    @Sendable func settleReview(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 8 * 1024))
        let (user, csrf) = try await officer(request, form: form)
        var choices: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("chon-") { choices[String(name.dropFirst("chon-".count))] = value }
        do {
            let code = try await imports.resolve(sourceSystem: form["system"] ?? "", originalCode: form["code"] ?? "", choices: choices, by: user)
            return PageResponse.redirect("/can-bo/chuyen-doi?da=\(code)")
        } catch {
            return try await renderReviews(user: user, csrf: csrf, notice: nil, error: PageInput.message(error))
        }
    }

    /// The signed-in officer of a page request, from the session cookie; a form must also carry the
    /// CSRF token.
    func officer(_ request: Request, form: [String: String]? = nil) async throws -> (UserRecord, csrf: String) {
        guard let token = request.cookies[IdentityAPI<Context>.sessionCookie]?.value, !token.isEmpty else {
            throw AppError.unauthenticated("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại")
        }
        if let form { try PageResponse.checkCSRF(request, form: form["csrf"]) }
        let user = try await identity.service.authenticate(token: token)
        return (user, request.cookies[IdentityAPI<Context>.csrfCookie]?.value ?? "")
    }

    static func safeNext(_ next: String?) -> String {
        // Only a path of this site: "//host" and "/\host" would send the browser elsewhere.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/can-bo" }
        return next
    }

    @Sendable func loginForm(_ request: Request, context: Context) async throws -> Response {
        let csrf = PageResponse.csrf(request)
        var response = PageResponse.html(pages.render(LoginPage(next: Self.safeNext(request.uri.queryParameters.get("tiep")), csrf: csrf.token)))
        PageResponse.remember(csrf, in: &response, request: request)
        return response
    }

    @Sendable func login(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 8 * 1024))
        try PageResponse.checkCSRF(request, form: form["csrf"])
        let username = form["username"] ?? ""
        let next = Self.safeNext(form["tiep"])
        let session: IdentityService.Session
        do {
            session = try await identity.service.login(
                username: username, password: form["password"] ?? "", client: identity.client(request, context), kind: .session
            )
        } catch {
            let answer: (message: String, status: HTTPResponse.Status)
            switch error {
            case .unauthenticated: answer = ("Tên đăng nhập hoặc mật khẩu không đúng.", .unauthorized)
            case .tooManyAttempts(let seconds): answer = ("Đăng nhập sai quá nhiều lần; thử lại sau \(seconds) giây.", .tooManyRequests)
            default: throw error
            }
            return PageResponse.html(pages.render(LoginPage(
                username: username, error: answer.message, next: next, csrf: form["csrf"] ?? ""
            )), status: answer.status)
        }
        var response = PageResponse.redirect(next)
        IdentityAPI<Context>.setSessionCookies(session, in: &response, request: request)
        return response
    }

    @Sendable func logout(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 4 * 1024))
        try PageResponse.checkCSRF(request, form: form["csrf"])
        if let token = request.cookies[IdentityAPI<Context>.sessionCookie]?.value, !token.isEmpty {
            try? await identity.service.logout(token: token)
        }
        var response = PageResponse.redirect("/")
        response.setCookie(Cookie(name: IdentityAPI<Context>.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func queue(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officer(request)
        let query = request.uri.queryParameters
        let status = query.get("status").flatMap { $0.isEmpty ? nil : $0 }
        let procedure = query.get("procedure").flatMap { $0.isEmpty ? nil : $0 }
        let field = query.get("field").flatMap { $0.isEmpty ? nil : $0 }
        let fields = try await catalog.fields()
        let open: [DossierStatus] = [.submitted, .received, .processing, .awaitingSupplement, .awaitingPayment, .resolved]
        let page = try await dossiers.queue(
            by: user, agencyCode: nil, statuses: status.map { [$0] } ?? open.map(\.rawValue), procedureCode: procedure, field: field, assignee: nil,
            cursor: query.get("cursor"), limit: 50
        )
        var next: String?
        if let cursor = page.next {
            var components = URLComponents()
            components.path = "/can-bo"
            components.queryItems = [URLQueryItem(name: "cursor", value: cursor)]
                + (status.map { [URLQueryItem(name: "status", value: $0)] } ?? [])
                + (procedure.map { [URLQueryItem(name: "procedure", value: $0)] } ?? [])
                + (field.map { [URLQueryItem(name: "field", value: $0)] } ?? [])
            next = components.string
        }
        return PageResponse.html(pages.render(QueuePage(
            dossiers: page.items, status: status, procedure: procedure, field: field, fields: fields, nextHref: next, now: Instant(secondsSince1970: now().timeIntervalSince1970), officer: user.fullName, csrf: csrf
        )))
    }

    @Sendable func dossier(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officer(request)
        let code = try context.parameters.require("code")
        let notice = request.uri.queryParameters.get("da").flatMap(DossierCommand.init(rawValue:)).map { "Đã thực hiện: \($0.vietnameseName)." }
        return try await render(code: code, user: user, csrf: csrf, applicant: nil, notice: notice, error: nil, status: .ok)
    }

    func render(
        code: String, user: UserRecord, csrf: String, applicant: Applicant?, notice: String?, error: String?, status: HTTPResponse.Status,
        population: PersonRecord? = nil
    ) async throws -> Response {
        let dossier = try await dossiers.dossier(code: code, by: user)
        let commands = dossiers.availableCommands(dossier, for: user)
        let colleagues = commands.contains(.assign) ? try await dossiers.assignees(for: dossier).map {
            DossierPage.Colleague(id: $0.id, name: "\($0.fullName) (\($0.username))")
        } : []
        let names = Slip.Names(agency: { $0 }, unit: { $0 })
        let slips = Slip.Kind.allCases.compactMap { kind -> (kind: String, title: String)? in
            guard let slip = try? Slip.make(kind, dossier, names: names, today: Instant(secondsSince1970: now().timeIntervalSince1970).vietnamDate) else { return nil }
            let lower = slip.title.lowercased(with: Locale(identifier: "vi"))
            return (kind.rawValue, lower.prefix(1).uppercased(with: Locale(identifier: "vi")) + lower.dropFirst())
        }
        return PageResponse.html(pages.render(DossierPage(
            dossier, applicant: applicant, commands: commands, colleagues: colleagues, slips: slips, notice: notice, error: error,
            formToken: IdentityService.randomToken(), officer: user.fullName, csrf: csrf, population: population
        )), status: status)
    }

    /// The applicant checked against the population register, for an officer with a grant; a refusal
    /// (no grant, register down) is shown on the page. Every attempt is in the access log.
    @Sendable func population(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 4 * 1024))
        let (user, csrf) = try await officer(request, form: form)
        let code = try context.parameters.require("code")
        let dossier = try await dossiers.dossier(code: code, by: user)
        guard let registries, let personalID = dossier.opening.applicant.personalID else {
            throw AppError.notAllowed("Hồ sơ không có số định danh để đối chiếu")
        }
        let person: PersonRecord
        do {
            person = try await registries.person(
                personalID: personalID, purpose: code, birthYear: nil, sex: nil, by: user, client: identity.client(request, context)
            )
        } catch {
            return try await render(code: code, user: user, csrf: csrf, applicant: nil, notice: nil, error: PageInput.message(error), status: .ok)
        }
        return try await render(code: code, user: user, csrf: csrf, applicant: nil, notice: "Đã ghi nhật ký truy cập.", error: nil, status: .ok, population: person)
    }

    @Sendable func applicant(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 4 * 1024))
        let (user, csrf) = try await officer(request, form: form)
        let code = try context.parameters.require("code")
        let person = try await dossiers.applicant(
            code: code, by: user, purpose: PageInput.nonEmpty(form["purpose"]), client: identity.client(request, context)
        )
        return try await render(code: code, user: user, csrf: csrf, applicant: person, notice: "Đã ghi nhật ký truy cập.", error: nil, status: .ok)
    }

    /// A command form. A refusal by the rules shows the page again with the reason; nothing changed.
    @Sendable func command(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        let contentType = request.headers[.contentType] ?? ""
        let body = try await FormBody.collect(request, limit: dossiers.settingsDocumentLimit + 64 * 1024)
        var form: [String: String] = [:]
        var lists: [String: [String]] = [:]
        var files: [FormBody.Part] = []
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            for part in try FormBody.parts(body, contentType: contentType) {
                guard let name = part.name else { continue }
                if part.filename != nil {
                    if !part.bytes.isEmpty { files.append(part) }
                } else {
                    form[name] = String(decoding: part.bytes, as: UTF8.self)
                }
            }
        } else {
            (form, lists) = FormBody.fieldsAndLists(body)
        }
        let (user, csrf) = try await officer(request, form: form)
        guard let command = form["command"].flatMap(DossierCommand.init(rawValue:)) else {
            throw AppError.invalid("command", "Thao tác không hợp lệ")
        }
        do {
            var attachments: [String] = []
            for file in files {
                let stored = try await dossiers.upload(
                    file.bytes, declaredType: file.contentType ?? "application/octet-stream", name: file.filename, by: user
                )
                attachments.append(stored.sha256)
            }
            let input = try PageInput.command(command, form: form, lists: lists, attachments: attachments, now: Instant(secondsSince1970: now().timeIntervalSince1970))
            let key = form["formToken"].flatMap { $0.isEmpty ? nil : $0 }
            _ = try await dossiers.command(
                code: code, input, expectedVersion: form["version"].flatMap(Int.init), by: user, secret: nil,
                idempotency: try key.map { try DossierAPI<Context>.idempotency(key: $0, path: "page \(code)", body: input) }
            )
            return PageResponse.redirect("/can-bo/ho-so/\(code)?da=\(command.rawValue)")
        } catch let error as AppError {
            switch error {
            case .invalid, .notAllowed, .preconditionFailed, .preconditionRequired, .conflict, .tooLarge:
                return try await render(
                    code: code, user: user, csrf: csrf, applicant: nil, notice: nil, error: PageInput.message(error), status: .unprocessableContent
                )
            default:
                throw error
            }
        }
    }

    @Sendable func receptionForm(_ request: Request, context: Context) async throws -> Response {
        let (user, csrf) = try await officer(request)
        let procedures = try await catalog.search(text: nil, level: nil, field: nil, at: nil, offset: 0, limit: 500)
        let chosen = request.uri.queryParameters.get("procedure").flatMap { code in procedures.first { $0.code == code } }
        return PageResponse.html(pages.render(ReceptionPage(
            procedures: procedures, chosen: chosen, values: [:], provided: chosen.map { Set($0.documents.filter(\.required).map(\.name)) },
            errors: [], filed: nil, formToken: IdentityService.randomToken(), officer: user.fullName, csrf: csrf
        )))
    }

    @Sendable func receive(_ request: Request, context: Context) async throws -> Response {
        let (form, lists) = FormBody.fieldsAndLists(try await FormBody.collect(request, limit: 64 * 1024))
        let (user, csrf) = try await officer(request, form: form)
        let procedures = try await catalog.search(text: nil, level: nil, field: nil, at: nil, offset: 0, limit: 500)
        let chosen = try await catalog.version(code: form["procedure"] ?? "")
        let provided = lists["provided"] ?? []
        let refuse = form["intake"] == "refuse"
        func again(_ errors: [SubmitPage.FieldError], filed: ReceptionPage.Filed? = nil) -> Response {
            PageResponse.html(pages.render(ReceptionPage(
                procedures: procedures, chosen: chosen, values: filed == nil ? form : [:], provided: Set(provided), errors: errors, filed: filed,
                formToken: filed == nil ? (form["formToken"] ?? IdentityService.randomToken()) : IdentityService.randomToken(),
                officer: user.fullName, csrf: csrf
            )), status: errors.isEmpty ? .ok : .unprocessableContent)
        }
        let new: NewDossierRequest
        do {
            // The desk takes no commune code: the dossier is received at the officer's own unit.
            var fields = form
            fields["communeCode"] = nil
            new = NewDossierRequest(
                procedureCode: chosen.code, intake: refuse ? .refuse : .receive, applicant: try PageInput.applicant(fields),
                // A refusal at intake has no checklist.
                provided: refuse ? nil : provided, reason: PageInput.nonEmpty(form["reason"])
            )
        } catch {
            guard case .invalid(let issues) = error else { throw error }
            return again(issues.map { .init(field: $0.field, message: $0.message) })
        }
        do {
            let key = form["formToken"].flatMap { $0.isEmpty ? nil : $0 }
            let answer = try await dossiers.create(
                new, by: user, idempotency: try key.map { try DossierAPI<Context>.idempotency(key: $0, path: "page reception", body: new) }
            )
            let view = try JSONDecoder().decode(DossierView.self, from: Data(answer.body))
            return again([], filed: ReceptionPage.Filed(code: view.code, secret: view.lookupSecret ?? "", status: view.statusName))
        } catch AppError.invalid(let issues) {
            return again(issues.map { .init(field: CitizenPages<Context>.formField($0.field), message: $0.message) })
        }
    }
}
