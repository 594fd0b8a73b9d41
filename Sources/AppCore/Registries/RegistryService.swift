public import Domain
public import Registries
public import Storage
public import Logging
import Foundation

/// The use cases that reach other systems: portal intake, population look-ups, reconciliation and the
/// operators' view of the outbox.
public struct RegistryService: Sendable {
    public let store: any Store
    public let targets: RegistryTargets
    let dossiers: DossierService
    let identity: IdentityService
    let logger: Logger

    public init(store: any Store, targets: RegistryTargets, dossiers: DossierService, identity: IdentityService, logger: Logger) {
        self.store = store
        self.targets = targets
        self.dossiers = dossiers
        self.identity = identity
        self.logger = logger
    }

    // MARK: Portal intake

    /// A dossier filed on the portal becomes a submitted dossier here, once: the portal id is the
    /// idempotency key, so a filing pulled twice, or pulled and pushed, files one dossier.
    public func accept(_ filing: PortalFiling) async throws(AppError) -> DossierAnswer {
        guard !filing.portalID.isEmpty, filing.portalID.utf8.count <= 64 else { throw .invalid("portalID", "Thiếu mã hồ sơ trên Cổng Dịch vụ công") }
        let request = NewDossierRequest(
            procedureCode: filing.procedureCode, channel: .onlinePortal, intake: .submit, receivingUnit: filing.receivingUnit,
            competentUnit: filing.competentUnit, applicant: filing.applicant, summary: filing.summary, portalID: filing.portalID
        )
        let key = "portal:\(filing.portalID)"
        return try await dossiers.create(request, by: nil, idempotency: IdempotencyInput(key: key, fingerprint: key))
    }

    /// Pulls the portal's feed from the stored cursor until it is empty; returns how many filings were
    /// read. A filing the rules refuse is logged and skipped (the portal keeps it and shows the refusal);
    /// a failure of our own database stops the pull with the cursor where it was.
    @discardableResult
    public func pullPortal(limit: Int = 100) async throws -> Int {
        var total = 0
        while true {
            let cursor = try await store.outbox.cursor("portal")
            let page = try await targets.portal.filings(after: cursor, limit: limit)
            for filing in page.items {
                do throws(AppError) {
                    _ = try await accept(filing)
                } catch {
                    // The database failing is no refusal: stop before the cursor moves, and read the page again.
                    if case .storage = error { throw error }
                    if case .unavailable = error { throw error }
                    logger.warning("portal filing refused", metadata: ["portalID": "\(filing.portalID)", "error": "\(error)"])
                }
            }
            total += page.items.count
            if let next = page.next, next != cursor { try await store.outbox.setCursor("portal", next) }
            if page.items.isEmpty || page.next == cursor { return total }
        }
    }

    // MARK: Population register

    /// A look-up of a person in the population register by an officer with a grant, for a dossier they
    /// may see. Every attempt, allowed or refused, is written to the access log.
    public func person(
        personalID: String, purpose: String?, birthYear: Int?, sex: Applicant.Sex?, by user: UserRecord, client: String
    ) async throws(AppError) -> PersonRecord {
        let purposeCode = (purpose ?? "").trimmingCharacters(in: .whitespaces)
        func refuse(_ error: AppError) async throws(AppError) -> Never {
            try await identity.logAccess(
                by: user, action: "populationLookupRefused", resource: "population:\(Masking.personalID(personalID))",
                subject: Masking.personalID(personalID), fields: [], purpose: purposeCode.isEmpty ? "(none)" : purposeCode, client: client
            )
            throw error
        }
        guard let id = PersonalID(personalID) else {
            try await refuse(.invalid("personalID", "Số định danh cá nhân phải gồm đúng 12 chữ số"))
        }
        if let birthYear, let sex, !id.agrees(birthYear: birthYear, sex: sex == .male ? .male : .female) {
            try await refuse(.invalid("personalID", "Số định danh không khớp năm sinh \(birthYear) hoặc giới tính đã khai"))
        }
        guard !purposeCode.isEmpty else {
            try await refuse(.invalid("purpose", "Phải nêu mục đích tra cứu: mã hồ sơ đang giải quyết"))
        }
        let dossier: Dossier
        do throws(AppError) {
            dossier = try await dossiers.dossier(code: purposeCode, by: user)
        } catch {
            try await refuse(.invalid("purpose", "Mục đích tra cứu phải là mã một hồ sơ ông/bà được xem"))
        }
        let grant = try await identity.hasActiveGrant(userID: user.id)
        if case .deny(let reason, _) = AccessPolicy.decide(user.officer, .queryPopulationRegister, Resource(place: user.place, activeGrant: grant)) {
            try await refuse(.forbidden(reason))
        }
        let found: PersonRecord?
        do throws(RegistryError) {
            found = try await targets.population.person(id.value)
        } catch {
            throw .unavailable("Không kết nối được Cơ sở dữ liệu quốc gia về dân cư: \(error)")
        }
        try await identity.logAccess(
            by: user, action: "populationLookup", resource: "population:\(id.value)", subject: id.value,
            fields: found == nil ? [] : ["name", "birthDate", "sex", "permanentAddress", "currentAddress"], purpose: dossier.code, client: client
        )
        guard let found else { throw .notFound(what: "công dân với số định danh", code: Masking.personalID(id.value)) }
        guard found.agreesWithID else { throw .unavailable("Cơ sở dữ liệu dân cư trả về bản ghi không khớp số định danh") }
        return found
    }

    // MARK: Outbox

    /// Outbox rows of the operator's province (all provinces for a system administrator).
    public func outbox(state: OutboxState?, system: ExternalSystem?, dossierCode: String?, afterID: Int?, limit: Int, by user: UserRecord) async throws(AppError) -> [OutboxRow] {
        guard (1...500).contains(limit) else { throw .invalid("limit", "limit phải từ 1 đến 500") }
        if let dossierCode, DossierCode(dossierCode) == nil { throw .invalid("dossier", "Mã hồ sơ “\(dossierCode)” không đúng dạng {mã cơ quan}-{yyMMdd}-{NNNN}") }
        let province = try authoriseOperator(user, province: nil)
        return try await storage {
            try await store.outbox.list(
                state: state, system: system, dossierCode: dossierCode, afterID: afterID, limit: limit, provinceCode: province
            )
        }
    }

    public func retry(id: Int, by user: UserRecord) async throws(AppError) {
        try await operatorsRow(id, user)
        guard try await storage({ try await store.outbox.retry(id: id, at: Int(Date().timeIntervalSince1970 * 1000)) }) else {
            throw .notAllowed("Chỉ gửi lại được thư đã dừng (dead) hoặc đã huỷ")
        }
        logger.notice("outbox message retried by operator", metadata: ["id": "\(id)", "by": "\(user.id)"])
    }

    public func discard(id: Int, by user: UserRecord) async throws(AppError) {
        try await operatorsRow(id, user)
        guard try await storage({ try await store.outbox.discard(id: id) }) else {
            throw .notAllowed("Chỉ huỷ được thư đang chờ gửi hoặc đã dừng")
        }
        logger.notice("outbox message discarded by operator", metadata: ["id": "\(id)", "by": "\(user.id)"])
    }

    /// A row the operator may act on; another province's is hidden (404).
    func operatorsRow(_ id: Int, _ user: UserRecord) async throws(AppError) {
        let row = try await storage { try await store.outbox.row(id: id) }
        guard let row else { throw .notFound(what: "thư chờ gửi", code: String(id)) }
        _ = try authoriseOperator(user, province: row.message.provinceCode)
    }

    /// Messages per system, unit and state, and the last reconciliations' mismatches per unit: what
    /// monitoring shows of the links to other systems.
    public func summary() async throws(AppError) -> (outbox: [OutboxCount], mismatches: [MismatchCount]) {
        try await storage { (try await store.outbox.counts(), try await store.outbox.mismatchCounts()) }
    }

    /// Checks the operator's right; returns the province their lists are limited to (nil: all).
    func authoriseOperator(_ user: UserRecord, province: String?) throws(AppError) -> String? {
        let place: Place = province.map { .province($0) } ?? user.place
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, .operateRegistries, Resource(place: place)) {
            throw hidden ? .notFound(what: "thư chờ gửi của tỉnh", code: province ?? "") : .forbidden(reason)
        }
        return user.roles.contains(.sysadmin) ? nil : user.provinceCode
    }
}
