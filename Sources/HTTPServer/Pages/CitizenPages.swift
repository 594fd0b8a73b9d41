import AppCore
import Domain
import Foundation
import Hummingbird
import WebViews

/// The citizens' pages: procedure search and guide, online submission, look-up and rating. No account;
/// the look-up secret is the key to one's own dossier.
struct CitizenPages<Context: RequestContext & RemoteAddressRequestContext>: Sendable {
    let pages: PageRenderer
    let catalog: CatalogService
    let geography: GeographyService
    let dossiers: DossierService
    let lookupLimiter: RateLimiter
    let identity: IdentityAPI<Context>

    var routes: [Route<Context>] {
        [
            Route(.get, "", home),
            Route(.get, "thu-tuc/:code", procedure),
            Route(.get, "nop-ho-so/:code", submitForm),
            Route(.post, "nop-ho-so/:code", submit),
            Route(.get, "tra-cuu", lookupForm),
            Route(.post, "tra-cuu", lookup),
            Route(.post, "tra-cuu/danh-gia", rate),
            Route(.post, "tra-cuu/bo-sung", supply),
            Route(.get, "doi-dia-chi", address),
        ]
    }

    static var pageSize: Int { 30 }

    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let text = (query.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let level = query.get("level").flatMap { $0.isEmpty ? nil : $0 }
        let field = query.get("field").flatMap { $0.isEmpty ? nil : $0 }
        let offset = try QueryFlag.integer(query.get("tu").flatMap { $0.isEmpty ? nil : $0 }, field: "tu") ?? 0
        let found = try await catalog.search(
            text: text.isEmpty ? nil : String(text.prefix(200)), level: level, field: field, at: nil, offset: offset, limit: Self.pageSize + 1
        )
        var next: String?
        if found.count > Self.pageSize {
            var items = [URLQueryItem(name: "tu", value: String(offset + Self.pageSize))]
            if !text.isEmpty { items.append(URLQueryItem(name: "q", value: text)) }
            if let level { items.append(URLQueryItem(name: "level", value: level)) }
            if let field { items.append(URLQueryItem(name: "field", value: field)) }
            var components = URLComponents()
            components.path = "/"
            components.queryItems = items
            next = components.string
        }
        let fields = try await catalog.fields()
        return PageResponse.html(pages.render(HomePage(
            query: text, level: level, field: field, fields: fields, results: Array(found.prefix(Self.pageSize)), nextHref: next
        )))
    }

    @Sendable func procedure(_ request: Request, context: Context) async throws -> Response {
        let version = try await catalog.version(code: try context.parameters.require("code"))
        return PageResponse.html(pages.render(ProcedurePage(version)))
    }

    @Sendable func submitForm(_ request: Request, context: Context) async throws -> Response {
        let version = try await onlineProcedure(context)
        let csrf = PageResponse.csrf(request)
        var response = PageResponse.html(pages.render(SubmitPage(
            procedure: version, values: [:], errors: [], formToken: IdentityService.randomToken(), csrf: csrf.token,
            maximumBytes: dossiers.settingsDocumentLimit
        )))
        PageResponse.remember(csrf, in: &response, request: request)
        return response
    }

    /// The form's token is the submission's Idempotency-Key: a second press of the button, or a resend
    /// on a bad line, answers with the same dossier and files nothing new.
    @Sendable func submit(_ request: Request, context: Context) async throws -> Response {
        let version = try await onlineProcedure(context)
        let limit = dossiers.settingsDocumentLimit * max(1, version.documents.count) + 256 * 1024
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            throw RequestError.unsupportedMediaType(contentType)
        }
        let parts = try FormBody.parts(try await FormBody.collect(request, limit: limit), contentType: contentType)
        let values = FormBody.fields(parts)
        try PageResponse.checkCSRF(request, form: values["csrf"])
        guard let formToken = values["formToken"], (16...200).contains(formToken.utf8.count),
              formToken.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw AppError.invalid("formToken", "Biểu mẫu thiếu mã gửi; vui lòng tải lại trang")
        }
        var errors: [SubmitPage.FieldError] = []
        var files: [String: String] = [:]
        for (index, document) in version.documents.enumerated() {
            let field = SubmitPage.documentField(index)
            guard let part = parts.first(where: { $0.name == field }), !(part.filename ?? "").isEmpty, !part.bytes.isEmpty else {
                if document.required { errors.append(.init(field: field, message: "Chưa đính kèm: \(document.name)")) }
                continue
            }
            do {
                let stored = try await dossiers.upload(
                    part.bytes, declaredType: part.contentType ?? "application/octet-stream", name: part.filename, by: nil
                )
                files[document.name] = stored.sha256
            } catch {
                errors.append(.init(field: field, message: "\(document.name): \(PageInput.message(error))"))
            }
        }
        // The applicant's fields are the rules' business (AppCore and the domain answer for them below);
        // the declaration is the form's own.
        if values["confirm"] != "1" { errors.append(.init(field: "confirm", message: "Cần cam đoan thông tin khai là đúng")) }
        func again(_ errors: [SubmitPage.FieldError]) -> Response {
            PageResponse.html(pages.render(SubmitPage(
                procedure: version, values: values, errors: errors, formToken: formToken, csrf: values["csrf"] ?? "",
                maximumBytes: dossiers.settingsDocumentLimit
            )), status: .unprocessableContent)
        }
        let applicant: Applicant
        do {
            applicant = try PageInput.applicant(values)
        } catch {
            if case .invalid(let issues) = error { errors += issues.map { .init(field: $0.field, message: $0.message) } }
            return again(errors)
        }
        guard errors.isEmpty else { return again(errors) }
        var filing = NewDossierRequest(
            procedureCode: version.code, channel: .online, intake: .submit, receivingUnit: applicant.communeCode, applicant: applicant,
            summary: PageInput.nonEmpty(values["summary"])
        )
        filing.files = files.isEmpty ? nil : files
        let answer: DossierAnswer
        do {
            answer = try await dossiers.create(
                filing, by: nil, idempotency: DossierAPI<Context>.idempotency(key: formToken, path: "page submit", body: filing)
            )
        } catch AppError.invalid(let issues) {
            return again(issues.map { .init(field: Self.formField($0.field), message: $0.message) })
        }
        let view = try JSONDecoder().decode(DossierView.self, from: Data(answer.body))
        return PageResponse.html(pages.render(ReceiptPage(
            code: view.code, secret: view.lookupSecret ?? "", procedureName: view.procedure.name, submittedAt: view.submittedAt
        )), status: answer.replayed ? .ok : .created)
    }

    @Sendable func lookupForm(_ request: Request, context: Context) async throws -> Response {
        let csrf = PageResponse.csrf(request)
        let notice = request.uri.queryParameters.get("da-danh-gia") != nil ? "Đã ghi nhận đánh giá của bạn. Cảm ơn bạn." : nil
        var response = PageResponse.html(pages.render(LookupPage(
            code: request.uri.queryParameters.get("code") ?? "", csrf: csrf.token, notice: notice
        )))
        PageResponse.remember(csrf, in: &response, request: request)
        return response
    }

    @Sendable func lookup(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 4 * 1024))
        try PageResponse.checkCSRF(request, form: form["csrf"])
        let now = Int(Date().timeIntervalSince1970)
        guard lookupLimiter.allow(identity.client(request, context), nowSeconds: now) else {
            throw AppError.tooManyAttempts(retryAfter: lookupLimiter.retryAfter(nowSeconds: now))
        }
        let code = (form["code"] ?? "").trimmingCharacters(in: .whitespaces)
        let secret = (form["secret"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let bytes = try await dossiers.lookup(code: code, secret: secret)
            let view = try JSONDecoder().decode(PublicDossierView.self, from: Data(bytes))
            return PageResponse.html(pages.render(LookupPage(code: code, csrf: form["csrf"] ?? "", result: Self.result(view, secret: secret))))
        } catch AppError.notFound {
            return PageResponse.html(pages.render(LookupPage(
                code: code, csrf: form["csrf"] ?? "",
                error: "Mã hồ sơ hoặc mã tra cứu không đúng. Hãy kiểm tra lại trên giấy tiếp nhận (chữ in hoa, không có khoảng trắng)."
            )), status: .notFound)
        }
    }

    @Sendable func rate(_ request: Request, context: Context) async throws -> Response {
        let form = FormBody.fields(try await FormBody.collect(request, limit: 8 * 1024))
        try PageResponse.checkCSRF(request, form: form["csrf"])
        let code = form["code"] ?? ""
        guard let rating = form["rating"].flatMap(Int.init), (1...5).contains(rating) else {
            throw AppError.invalid("rating", "Chọn mức độ hài lòng từ 1 đến 5")
        }
        var command = DossierCommandRequest(command: .rate)
        command.rating = rating
        command.comment = PageInput.nonEmpty(form["comment"])
        _ = try await dossiers.command(
            code: code, command, expectedVersion: form["version"].flatMap(Int.init), by: nil, secret: form["secret"], idempotency: nil
        )
        return PageResponse.redirect("/tra-cuu?da-danh-gia=1&code=" + (code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    /// The applicant supplies what was asked for: the files are stored, then the supplement is received
    /// with them as attachments (the clock starts again). Shown at once with the new status.
    @Sendable func supply(_ request: Request, context: Context) async throws -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { throw RequestError.unsupportedMediaType(contentType) }
        let parts = try FormBody.parts(try await FormBody.collect(request, limit: dossiers.settingsDocumentLimit * 5 + 64 * 1024), contentType: contentType)
        let form = FormBody.fields(parts)
        try PageResponse.checkCSRF(request, form: form["csrf"])
        let now = Int(Date().timeIntervalSince1970)
        guard lookupLimiter.allow(identity.client(request, context), nowSeconds: now) else {
            throw AppError.tooManyAttempts(retryAfter: lookupLimiter.retryAfter(nowSeconds: now))
        }
        let code = form["code"] ?? "", secret = form["secret"] ?? ""
        let files = parts.filter { $0.filename != nil && !$0.bytes.isEmpty }
        func show(notice: String?, error: String?) async throws -> Response {
            let view = try JSONDecoder().decode(PublicDossierView.self, from: Data(try await dossiers.lookup(code: code, secret: secret)))
            return PageResponse.html(pages.render(LookupPage(
                code: code, csrf: form["csrf"] ?? "", error: error, notice: notice, result: Self.result(view, secret: secret)
            )), status: error == nil ? .ok : .unprocessableContent)
        }
        guard !files.isEmpty, files.count <= 5 else { return try await show(notice: nil, error: "Chọn từ 1 đến 5 tệp để nộp bổ sung.") }
        do {
            var attachments: [String] = []
            for file in files {
                attachments.append(try await dossiers.upload(
                    file.bytes, declaredType: file.contentType ?? "application/octet-stream", name: file.filename, by: nil
                ).sha256)
            }
            _ = try await dossiers.command(
                code: code, DossierCommandRequest(command: .receiveSupplement, attachments: attachments),
                expectedVersion: form["version"].flatMap(Int.init), by: nil, secret: secret, idempotency: nil
            )
        } catch {
            if case .notFound = error { throw error }
            return try await show(notice: nil, error: PageInput.message(error))
        }
        return try await show(notice: "Đã nộp bổ sung. Cơ quan giải quyết tiếp tục xử lý hồ sơ.", error: nil)
    }

    @Sendable func address(_ request: Request, context: Context) async throws -> Response {
        let input = String((request.uri.queryParameters.get("dia-chi") ?? "").trimmingCharacters(in: .whitespaces).prefix(300))
        return PageResponse.html(pages.render(AddressPage(input: input, conversion: input.isEmpty ? nil : try geography.convert(address: input))))
    }

    func onlineProcedure(_ context: Context) async throws -> ProcedureVersion {
        let version = try await catalog.version(code: try context.parameters.require("code"))
        guard version.onlineLevel != .none else {
            throw AppError.notAllowed("Thủ tục “\(version.name)” chưa nhận hồ sơ trực tuyến; vui lòng nộp tại bộ phận một cửa")
        }
        return version
    }

    static func result(_ view: PublicDossierView, secret: String) -> LookupPage.Result {
        LookupPage.Result(
            code: view.code, secret: secret, version: view.version, procedureName: view.procedureName, applicantName: view.applicantName,
            statusName: view.statusName, appointment: view.appointment, resultReady: view.resultReady, outcome: view.outcome,
            returned: view.returnedAt != nil, missing: view.missing,
            history: view.history.map {
                .init(at: $0.at, action: $0.action, statusName: $0.statusName, reason: $0.reason, missing: $0.missing, appointment: $0.appointment)
            },
            mayRate: view.mayRate, maySupply: view.status == .awaitingSupplement, rating: view.rating
        )
    }

    /// The form field a use case's field name belongs to (`applicant/personalID`, `applicant.name` → the last part).
    static func formField(_ field: String) -> String {
        let last = field.split(whereSeparator: { $0 == "/" || $0 == "." }).last.map(String.init) ?? field
        return last == "receivingUnit" ? "communeCode" : last
    }
}
