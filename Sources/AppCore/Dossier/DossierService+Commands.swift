public import Domain
public import Storage
import Foundation

extension DossierService {
    /// Gives a command to a dossier at the version the caller saw. An officer acts within their roles
    /// and units; the applicant (no account) may withdraw or rate with the look-up secret.
    public func command(
        code: String, _ request: DossierCommandRequest, expectedVersion: Int?, by user: UserRecord?, secret: String?,
        idempotency: IdempotencyInput?
    ) async throws(AppError) -> DossierAnswer {
        let scope = user?.id ?? "public:\(code)"
        let dossier = try await existing(code)
        // Who may act is checked before a replay is answered: a replay shows the dossier too.
        if let user {
            if request.command == .rate { throw .forbidden("Chỉ người nộp hồ sơ được đánh giá") }
            try authorise(user, roles: request.command.roles, dossier, places: Self.places(dossier, for: request.command))
        } else {
            guard let secret, Self.matches(secret: secret, stored: dossier.opening.secretHash) else {
                throw .notFound(what: "hồ sơ", code: code)
            }
            guard request.command.applicantMay else { throw .forbidden("Người nộp hồ sơ chỉ có thể nộp bổ sung, rút hồ sơ hoặc đánh giá") }
        }
        if let replay = try await replay(idempotency, scope: scope) { return replay }
        guard let expectedVersion else {
            throw .preconditionRequired("Cần gửi phiên bản hồ sơ đang xem trong tiêu đề If-Match (hiện là \(dossier.version))")
        }
        guard expectedVersion == dossier.version else {
            throw .preconditionFailed("Hồ sơ đã thay đổi (phiên bản \(dossier.version), yêu cầu dựa trên \(expectedVersion)); hãy tải lại")
        }
        var target: Agency?
        if let code = request.targetAgency {
            guard let agency = try await agency(code: code) else {
                throw .invalid("targetAgency", "Không có cơ quan mã “\(code)”")
            }
            target = agency
        }
        if let assignee = request.assignee {
            guard let officer = try await storage({ try await store.identity.user(id: assignee) }), officer.active,
                  officer.provinceCode == dossier.provinceCode, !officer.roles.isDisjoint(with: [.specialist, .approver]) else {
                throw .invalid("assignee", "Không có chuyên viên hoặc lãnh đạo đang hoạt động với mã “\(assignee)” trong tỉnh")
            }
        }
        let files = request.files ?? [:]
        try await checkUploaded((request.attachments ?? []) + Array(files.values))
        var signatures: [ResultSignature] = []
        if request.command == .resolve, DossierTransitions.next(dossier.status, .resolve) != nil, dossier.decision != nil {
            // The agency that resolves it issues the result: its key signs every result document. Only a
            // resolve the rules will accept signs (the first signature makes the agency's key).
            signatures = try await signing.sign(request.attachments ?? [], dossierCode: dossier.code, agencyCode: dossier.currentAgency)
        }
        let now = instant
        let clock = try await calendar.clock(centre: dossier.opening.receivingUnit)
        let context = DossierContext(now: now, actor: user.map(Self.actor) ?? .applicant, clock: clock, settings: settings.rules)
        let domainRequest = DossierRequest(
            request.command, reason: request.reason, assignee: request.assignee, target: target, allotted: request.allotted,
            missing: request.missing ?? [], amount: request.amount, paymentChannel: request.paymentChannel, outcome: request.outcome,
            newAppointment: request.newAppointment, returnChannel: request.returnChannel, rating: request.rating, comment: request.comment,
            provided: request.provided, attachments: request.attachments ?? [], files: files, signatures: signatures
        )
        let event: DossierEvent
        do throws(DossierError) {
            event = try DossierDecider.decide(dossier, domainRequest, context: context)
        } catch {
            throw AppError(error)
        }
        let after = dossier.applying(event)
        do {
            let body = try Self.json(DossierView(after))
            let record = idempotency.map {
                IdempotencyRecord(scope: scope, key: $0.key, fingerprint: $0.fingerprint, status: 200, body: body, dossierCode: code, createdAt: now)
            }
            try await store.dossiers.append(DossierChange(
                before: dossier, events: [event], after: after, idempotency: record, publicView: try Self.json(PublicDossierView(after)),
                outbox: Outbound.messages(before: dossier, events: [event], settings: settings.outbound)
            ))
            return DossierAnswer(status: 200, body: Array(body.utf8), version: after.version, code: after.code, replayed: false)
        } catch DossierWriteError.staleVersion {
            throw .preconditionFailed("Hồ sơ vừa được người khác cập nhật; hãy tải lại")
        } catch DossierWriteError.idempotencyKeyUsed {
            if let replay = try await replay(idempotency, scope: scope) { return replay }
            throw .conflict("Idempotency-Key đang được dùng cho một yêu cầu khác")
        } catch {
            throw Self.storageError(error)
        }
    }

    // MARK: Reading

    /// A dossier for an officer who may see it (applicant masked).
    public func dossier(code: String, by user: UserRecord) async throws(AppError) -> Dossier {
        let dossier = try await existing(code)
        try authorise(user, roles: AccessPolicy.roles(for: .viewDossier), dossier)
        return dossier
    }

    /// The applicant's full record, for an officer who may see personal data; the view is logged.
    public func applicant(code: String, by user: UserRecord, purpose: String?, client: String) async throws(AppError) -> Applicant {
        let dossier = try await existing(code)
        try authorise(user, roles: AccessPolicy.roles(for: .viewPersonalData), dossier)
        let applicant = dossier.opening.applicant
        let fields = ["name", "personalID", "birthDate", "sex", "phone", "email", "address"].filter { name in
            switch name {
            case "personalID": applicant.personalID != nil
            case "birthDate": applicant.birthDate != nil
            case "sex": applicant.sex != nil
            case "phone": applicant.phone != nil
            case "email": applicant.email != nil
            case "address": applicant.address != nil
            default: true
            }
        }
        try await identity.logAccess(
            by: user, action: "viewApplicant", resource: "dossier:\(dossier.code)", subject: applicant.personalID ?? applicant.name,
            fields: fields, purpose: purpose ?? dossier.code, client: client
        )
        return applicant
    }

    /// The events of a dossier, for an officer who may see it.
    public func history(code: String, by user: UserRecord) async throws(AppError) -> [DossierEvent] {
        _ = try await dossier(code: code, by: user)
        return try await storage { try await store.dossiers.events(code: code) }
    }

    /// The applicant's look-up: the same answer for an unknown code and a wrong secret. Reads the look-up
    /// projection only (one row), and answers with its JSON as stored.
    public func lookup(code: String, secret: String) async throws(AppError) -> [UInt8] {
        guard code.utf8.count <= 64, secret.utf8.count <= 64,
              let row = try await storage({ try await store.dossiers.lookup(code: code) }),
              Self.matches(secret: secret, stored: row.secretHash) else {
            throw .notFound(what: "hồ sơ với mã và mã tra cứu này", code: "")
        }
        return Array(row.publicView.utf8)
    }

    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The work queue: dossiers at the officer's agency (or the asked one within their scope), by due time.
    public func queue(by user: UserRecord, agencyCode: String?, statuses: [String], procedureCode: String?, field: String? = nil,
                      assignee: String?, cursor: String?, limit: Int) async throws(AppError) -> (items: [Dossier], next: String?) {
        let query = try await queueQuery(
            by: user, agencyCode: agencyCode, statuses: statuses, procedureCode: procedureCode, field: field, assignee: assignee,
            cursor: cursor, limit: limit
        )
        let items = try await storage { try await store.dossiers.queue(query) }
        let next = items.count == limit ? items.last.map { Self.cursor(dueKey: $0.dueAt?.minutes ?? 0, code: $0.code) } : nil
        return (items, next)
    }

    /// The same page as the API answers it, `{"items": [officer views], "nextCursor": …}`: a dossier whose
    /// view of its current version is in memory is neither decoded nor encoded.
    public func queueJSON(by user: UserRecord, agencyCode: String?, statuses: [String], procedureCode: String?, field: String? = nil,
                          assignee: String?, cursor: String?, limit: Int) async throws(AppError) -> [UInt8] {
        let query = try await queueQuery(
            by: user, agencyCode: agencyCode, statuses: statuses, procedureCode: procedureCode, field: field, assignee: assignee,
            cursor: cursor, limit: limit
        )
        let entries = try await storage { try await store.dossiers.queueEntries(query) }
        var bytes = Array(#"{"items":["#.utf8)
        do {
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if let view = views.view(code: entry.code, version: entry.version) {
                    bytes += view
                    continue
                }
                let view = try StreamingJSONEncoder().encode(DossierView(try entry.dossier()))
                views.store(code: entry.code, version: entry.version, json: view)
                bytes += view
            }
            bytes += "]".utf8
            if entries.count == limit, let last = entries.last {
                bytes += #","nextCursor":"#.utf8
                bytes += try StreamingJSONEncoder().encode(Self.cursor(dueKey: last.dueKey, code: last.code))
            }
        } catch {
            throw .unavailable("the work queue could not be written: \(error)")
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func cursor(dueKey: Int, code: String) -> String { "\(dueKey)|\(code)" }

    private func queueQuery(by user: UserRecord, agencyCode: String?, statuses: [String], procedureCode: String?, field: String?,
                            assignee: String?, cursor: String?, limit: Int) async throws(AppError) -> DossierQuery {
        guard (1...200).contains(limit) else { throw .invalid("limit", "limit phải từ 1 đến 200") }
        let parsed = statuses.compactMap(DossierStatus.init(rawValue:))
        guard parsed.count == statuses.count else {
            throw .invalid("status", "Trạng thái không hợp lệ; dùng: \(DossierStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let procedureCode, !ProcedureVersion.isValidCode(procedureCode) { throw .invalid("procedure", CatalogError.invalidCode(procedureCode).message) }
        let agencyCode = agencyCode ?? user.agencyCode
        guard let agency = try await agency(code: agencyCode) else {
            throw .notFound(what: "cơ quan", code: agencyCode)
        }
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, .viewDossier, Resource(place: agency.place)) {
            throw hidden ? .notFound(what: "cơ quan", code: agencyCode) : .forbidden(reason)
        }
        // A field is the procedures of that field in the catalogue (every version's code).
        var codes: [String]?
        if let field {
            let versions = try await storage { try await store.catalog.search(text: nil, level: nil, field: field, at: instant.vietnamDate, offset: 0, limit: 5_000) }
            codes = Array(Set(versions.map(\.code))).sorted()
            guard codes?.isEmpty == false else { throw .invalid("field", "Không có lĩnh vực “\(field)” trong danh mục thủ tục") }
        }
        var after: (dueAt: Int, code: String)?
        if let cursor {
            let parts = cursor.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let due = Int(parts[0]) else { throw .invalid("cursor", "Con trỏ trang không hợp lệ") }
            after = (due, String(parts[1]))
        }
        return DossierQuery(
            provinceCode: agency.provinceCode, agencyCode: agency.code, statuses: parsed, procedureCode: procedureCode,
            procedureCodes: codes, assignee: assignee, after: after, limit: limit
        )
    }

    // MARK: Checks

    func existing(_ code: String) async throws(AppError) -> Dossier {
        guard let dossier = try await storage({ try await store.dossiers.dossier(code: code) }) else {
            throw .notFound(what: "hồ sơ", code: code)
        }
        return dossier
    }

    /// The places a dossier lies in: where it was received, who decides, where it is now, where it returns.
    static func places(_ dossier: Dossier) -> [Place] {
        let opening = dossier.opening
        return place([opening.receivingUnit, opening.competentUnit, dossier.currentUnit, opening.returnUnit], dossier)
    }

    /// Where a command may be given from: counter work at the receiving or return counter (or where the
    /// dossier is); handling only where the dossier is now — after a transfer, the other agency acts.
    static func places(_ dossier: Dossier, for command: DossierCommand) -> [Place] {
        let units = command.atCounter ? [dossier.opening.receivingUnit, dossier.opening.returnUnit, dossier.currentUnit] : [dossier.currentUnit]
        return place(units, dossier)
    }

    static func place(_ units: [String], _ dossier: Dossier) -> [Place] {
        units.map { code in code.count == 5 ? .commune(code: code, province: dossier.provinceCode) : .province(code) }
    }

    func authorise(_ user: UserRecord, roles: Set<Role>, _ dossier: Dossier, places: [Place]? = nil) throws(AppError) {
        let places = places ?? Self.places(dossier)
        // Outside every unit of the dossier the officer learns nothing; inside, they are told why not.
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, roles: roles, places: places) {
            if hidden, case .allow = AccessPolicy.decide(user.officer, roles: AccessPolicy.roles(for: .viewDossier), places: Self.places(dossier)) {
                throw .forbidden("Hồ sơ đang ở đơn vị khác; chỉ đơn vị đang giữ hồ sơ được thực hiện thao tác này")
            }
            throw hidden ? .notFound(what: "hồ sơ", code: dossier.code) : .forbidden(reason)
        }
    }
}
