public import Domain
public import Storage
public import Foundation
import Crypto
import Synchronization

/// The one-stop dossier life cycle: file, act, look up. Each use case loads the dossier, asks the
/// domain, and hands the events with their projections to the store in one transaction.
public struct DossierService: Sendable {
    public struct Settings: Sendable {
        public var rules = DossierSettings()
        /// Characters of the look-up secret, from an alphabet without look-alikes (0/O, 1/I/L).
        public var secretLength = 10
        /// Seconds a reception's reference data (procedure version, units, agencies, clock) is kept in
        /// memory; a catalogue import reaches running servers within this time.
        public var referenceCacheSeconds: Double = 60
        /// Officer views kept in memory for the work queue (about 2.5 KB each; 0 keeps none).
        public var viewCacheCapacity = 4_096
        /// Size limit and allowed types of uploaded files.
        public var documents = DocumentRules()
        /// Which other systems dossier changes are written to (through the outbox).
        public var outbound = OutboundSettings()

        public init() {}
    }

    public let store: any Store
    let calendar: CalendarService
    let catalog: CatalogService
    let identity: IdentityService
    let settings: Settings
    let now: @Sendable () -> Date
    let receptions = ExpiringCache<Reception>()
    /// Agencies by code, kept as receptions are: every queue read names one (on PostgreSQL a round trip).
    let agencies = ExpiringCache<Agency>()
    let views: DossierViewCache
    public let signing: ResultSigning

    public init(store: any Store, calendar: CalendarService, identity: IdentityService, settings: Settings = Settings(), now: @escaping @Sendable () -> Date) {
        self.store = store
        self.calendar = calendar
        self.catalog = CatalogService(store: store, now: now)
        self.identity = identity
        self.settings = settings
        self.now = now
        self.signing = ResultSigning(store: store, now: now)
        self.views = DossierViewCache(capacity: settings.viewCacheCapacity)
    }

    var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }

    // MARK: Filing

    /// Files a dossier. With an officer: at their counter (received, refused at intake, or submitted).
    /// Without one: online by the applicant, submitted for an officer to check.
    public func create(_ request: NewDossierRequest, by user: UserRecord?, idempotency: IdempotencyInput?) async throws(AppError) -> DossierAnswer {
        let scope = user?.id ?? "public"
        if let replay = try await replay(idempotency, scope: scope) { return replay }
        let now = instant
        let intake: NewDossierRequest.Intake
        let channel: Channel
        let receivingUnit: String
        if let user {
            channel = request.channel ?? .inPerson
            intake = request.intake ?? .receive
            receivingUnit = user.unitCode
            if case .deny(let reason, _) = AccessPolicy.decide(user.officer, .receiveDossier, Resource(place: user.place)) {
                throw .forbidden(reason)
            }
        } else {
            channel = request.channel ?? .online
            guard channel.isOnline else { throw .invalid("channel", "Hồ sơ nộp trực tuyến phải có kênh online hoặc online-portal") }
            guard request.intake == nil || request.intake == .submit else {
                throw .invalid("intake", "Hồ sơ trực tuyến được cán bộ kiểm tra rồi mới tiếp nhận")
            }
            intake = .submit
            guard let unit = request.receivingUnit ?? request.competentUnit else {
                throw .invalid("receivingUnit", "Chọn xã hoặc tỉnh nơi nộp hồ sơ")
            }
            receivingUnit = unit
        }
        if intake == .refuse, (request.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalid("reason", "Từ chối tiếp nhận phải nêu rõ lý do")
        }
        let place = try await reception(
            procedureCode: request.procedureCode, receivingUnit: receivingUnit, receivingAgency: user?.agencyCode,
            competentUnit: request.competentUnit, returnUnit: request.returnUnit, day: now.vietnamDate
        )
        if user == nil, place.procedure.onlineLevel == .none {
            throw .invalid("procedureCode", "Thủ tục “\(place.procedure.name)” chưa cung cấp dịch vụ công trực tuyến")
        }
        try await checkUploaded(Array((request.files ?? [:]).values))
        let secret = try await lookupSecret(for: idempotency, scope: scope)
        let context = DossierContext(now: now, actor: user.map(Self.actor) ?? .applicant, clock: place.clock, settings: settings.rules)
        let documents = place.procedure.documents.map {
            ReceivedDocument(name: $0.name, original: $0.original, count: $0.count, required: $0.required, provided: false)
        }
        let secretHash = Self.hash(secret: secret)
        let outbound = settings.outbound
        /// The dossier's first events under a code. The store calls it once, before its transaction, so a
        /// refusal by the rules costs no code number.
        let build: @Sendable (String) throws -> DossierChange = { code in
            let opening = DossierOpening(
                code: code, provinceCode: place.province, procedure: place.procedure, channel: channel,
                receivingUnit: place.receiving.code, receivingAgency: place.receivingAgency, competentUnit: place.competent.code,
                competentAgency: place.competentAgency, returnUnit: place.returnUnit.code, returnAgency: place.returnAgency,
                applicant: request.applicant,
                summary: request.summary, documents: documents, portalID: request.portalID,
                secretHash: secretHash
            )
            let submitted = try DossierDecider.submit(opening, files: intake == .submit ? request.files ?? [:] : [:], context: context)
            var events = [submitted]
            var dossier = Dossier.opened(by: submitted)!.applying(submitted)
            switch intake {
            case .submit: break
            case .receive:
                events.append(try DossierDecider.decide(
                    dossier, DossierRequest(.receive, provided: request.provided, files: request.files ?? [:]), context: context
                ))
            case .refuse:
                events.append(try DossierDecider.decide(dossier, DossierRequest(.refuseAtIntake, reason: request.reason), context: context))
            }
            if let event = events.last, events.count > 1 { dossier = dossier.applying(event) }
            let record = try idempotency.map {
                IdempotencyRecord(
                    scope: scope, key: $0.key, fingerprint: $0.fingerprint, status: 201, body: try Self.json(DossierView(dossier)),
                    dossierCode: code, createdAt: now
                )
            }
            return DossierChange(
                before: nil, events: events, after: dossier, idempotency: record, publicView: try Self.json(PublicDossierView(dossier)),
                outbox: Outbound.messages(before: nil, events: events, settings: outbound)
            )
        }
        do {
            let built = BuiltBox()
            let code = try await store.dossiers.create(
                provinceCode: place.province, agencyCode: place.receivingAgency, day: now.vietnamDate
            ) { standIn in
                let change = try build(standIn)
                built.set(standIn, change.after)
                return change
            }
            guard let (standIn, after) = built.get() else { throw AppError.unavailable("the new dossier was not built") }
            let encoded = try Self.json(DossierView(after, lookupSecret: secret))
            let body = StandIn.replacing(standIn, with: code, in: encoded) ?? encoded
            return DossierAnswer(status: 201, body: Array(body.utf8), version: after.version, code: code, replayed: false)
        } catch DossierWriteError.idempotencyKeyUsed {
            if let replay = try await replay(idempotency, scope: scope) { return replay }
            throw .conflict("Idempotency-Key đang được dùng cho một yêu cầu khác")
        } catch let error as DossierError {
            throw AppError(error)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Where a new dossier goes: the procedure in force, the receiving, competent and return units (all
    /// of one province), their agencies and the receiving centre's clock. Reference data that changes
    /// rarely, so it is kept for `Settings.referenceCacheSeconds`.
    struct Reception: Sendable {
        var procedure: ProcedureVersion
        var receiving: AdministrativeUnit
        var competent: AdministrativeUnit
        var returnUnit: AdministrativeUnit
        var province: String
        var receivingAgency: String
        var competentAgency: String
        var returnAgency: String
        var clock: WorkClock
    }

    func reception(
        procedureCode: String, receivingUnit: String, receivingAgency: String?, competentUnit: String?, returnUnit: String?, day: LocalDate
    ) async throws(AppError) -> Reception {
        let key = [procedureCode, receivingUnit, receivingAgency ?? "", competentUnit ?? "", returnUnit ?? "", day.description].joined(separator: "|")
        let now = self.now().timeIntervalSince1970
        if let cached = receptions.value(key, now: now) { return cached }
        let procedure: ProcedureVersion
        do {
            procedure = try await catalog.version(code: procedureCode, at: day)
        } catch {
            if case .notFound = error {
                throw .invalid("procedureCode", "Không có thủ tục mã “\(procedureCode)” đang hiệu lực trong danh mục")
            }
            throw error
        }
        let receiving = try await unit(receivingUnit, field: "receivingUnit", at: day)
        let province = Self.province(of: receiving)
        let competentCode: String
        switch procedure.level {
        case .province:
            competentCode = province
        case .commune:
            guard let code = competentUnit ?? (receiving.level == .commune ? receiving.code : nil) else {
                throw .invalid("competentUnit", "Thủ tục cấp xã: chọn xã có thẩm quyền giải quyết")
            }
            competentCode = code
        }
        // Mostly one unit receives, decides and returns: each look-up is a round trip of the filing.
        let competent = competentCode == receiving.code ? receiving : try await unit(competentCode, field: "competentUnit", at: day)
        let backCode = returnUnit ?? receiving.code
        let back = backCode == receiving.code ? receiving : backCode == competent.code ? competent : try await unit(backCode, field: "returnUnit", at: day)
        for (field, unit) in [("competentUnit", competent), ("returnUnit", back)] where Self.province(of: unit) != province {
            throw .invalid(field, "Chỉ tiếp nhận hồ sơ của các đơn vị trong cùng tỉnh, thành phố (mã \(province))")
        }
        if procedure.level == .commune, competent.level != .commune {
            throw .invalid("competentUnit", "Thủ tục cấp xã phải do một xã giải quyết")
        }
        let counterKinds: [AgencyKind] = [.communeServiceCentre, .provincialServiceCentre, .communePeoplesCommittee, .provincialPeoplesCommittee]
        let receivingCode = try await agency(receivingAgency, at: receiving.code, kinds: counterKinds)
        let reception = Reception(
            procedure: procedure, receiving: receiving, competent: competent, returnUnit: back, province: province,
            receivingAgency: receivingCode,
            competentAgency: try await agency(nil, at: competent.code, kinds: [procedure.agencyKind, .communePeoplesCommittee, .provincialPeoplesCommittee]),
            returnAgency: back.code == receiving.code ? receivingCode : try await agency(nil, at: back.code, kinds: counterKinds),
            clock: try await calendar.clock(centre: receiving.code)
        )
        receptions.store(key, reception, now: now, lifetime: settings.referenceCacheSeconds)
        return reception
    }

    /// The agency of that code (nil: none), read at most once per `Settings.referenceCacheSeconds`.
    func agency(code: String) async throws(AppError) -> Agency? {
        let now = self.now().timeIntervalSince1970
        if let cached = agencies.value(code, now: now) { return cached }
        guard let agency = try await storage({ try await store.identity.agency(code: code) }) else { return nil }
        agencies.store(code, agency, now: now, lifetime: settings.referenceCacheSeconds)
        return agency
    }

    // MARK: Helpers

    static func actor(_ user: UserRecord) -> DossierActor {
        let role = [Role.receptionist, .specialist, .approver, .unitAdmin, .provinceAdmin, .sysadmin].first { user.roles.contains($0) }
        return DossierActor(userID: user.id, name: user.fullName, role: role, unitCode: user.unitCode, agencyCode: user.agencyCode)
    }

    static func province(of unit: AdministrativeUnit) -> String {
        unit.level == .province ? unit.code : unit.provinceCode
    }

    /// A current province or commune by code.
    func unit(_ code: String, field: String, at date: LocalDate) async throws(AppError) -> AdministrativeUnit {
        guard let level = AdministrativeLevel.forCode(code), level != .district else {
            throw .invalid(field, "Mã đơn vị “\(code)” không hợp lệ: mã tỉnh 2 chữ số, mã xã 5 chữ số")
        }
        let day = max(date, Reform.effectiveDate)
        guard let unit = try await storage({ try await store.geography.units(code: code, level: level, at: day).first }) else {
            throw .invalid(field, "Không có đơn vị hành chính đang hiệu lực với mã “\(code)”")
        }
        return unit
    }

    /// The agency given, or the first agency of the unit of the kinds asked, in that order of preference.
    func agency(_ code: String?, at unit: String, kinds: [AgencyKind]) async throws(AppError) -> String {
        if let code { return code }
        let agencies = try await storage { try await store.identity.agencies(provinceCode: nil, unitCode: unit, offset: 0, limit: 100) }
        for kind in kinds {
            if let agency = agencies.first(where: { $0.kind == kind }) { return agency.code }
        }
        guard let any = agencies.first else { throw .notFound(what: "cơ quan của đơn vị", code: unit) }
        return any.code
    }

    /// The stored answer to an Idempotency-Key already used, or nil when it is new.
    func replay(_ idempotency: IdempotencyInput?, scope: String) async throws(AppError) -> DossierAnswer? {
        guard let idempotency else { return nil }
        guard let record = try await storage({ try await store.dossiers.idempotencyRecord(scope: scope, key: idempotency.key) }) else { return nil }
        guard record.fingerprint == idempotency.fingerprint else { throw .idempotencyMismatch }
        var body = record.body
        if record.status == 201, var view = try? JSONDecoder().decode(DossierView.self, from: Data(body.utf8)) {
            // The secret is never stored; the same key derives the same secret again.
            view.lookupSecret = try await lookupSecret(for: idempotency, scope: scope)
            body = (try? Self.json(view)) ?? body
        }
        let version = (try? JSONDecoder().decode(VersionOnly.self, from: Data(record.body.utf8)))?.version
        return DossierAnswer(status: record.status, body: Array(body.utf8), version: version, code: record.dossierCode, replayed: true)
    }

    struct VersionOnly: Decodable { var version: Int }

    /// A fresh random secret, or — for a request with an Idempotency-Key — one derived from the key with
    /// the installation's secret, so that a replay can give the same secret without storing it.
    func lookupSecret(for idempotency: IdempotencyInput?, scope: String) async throws(AppError) -> String {
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        guard let idempotency else { return SecureRandom.code(length: settings.secretLength, alphabet: alphabet) }
        let proposed = IdentityService.randomToken()
        let key = try await storage { try await store.dossiers.serverKey(name: "lookup-secret", proposed: proposed, at: instant) }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(scope)|\(idempotency.key)".utf8), using: SymmetricKey(data: Data(key.utf8)))
        return String(Array(mac).prefix(settings.secretLength).map { alphabet[Int($0) % alphabet.count] })
    }

    /// What is stored instead of the secret: a random salt and the SHA-256 of salt and secret,
    /// `salt$digest` (hex), so that no table of precomputed digests helps.
    static func hash(secret: String) -> String {
        let salt = Hex.string(SecureRandom.bytes(16))
        return salt + "$" + Hex.string(SHA256.hash(data: Data("\(salt):\(secret.uppercased())".utf8)))
    }

    /// Marks a stored hash brought over from another system (`sha256$digest`): not a hex salt.
    public static let unsaltedMark = "sha256"

    /// Whether a secret matches its stored hash, in time independent of where they differ. Digests are
    /// compared with the stored hex in place: every citizen's look-up checks one, and building hex
    /// strings and arrays for it was 5 % of a look-up's CPU (perf).
    static func matches(secret: String, stored: String) -> Bool {
        guard secret.utf8.count <= 64, let dollar = stored.utf8.firstIndex(of: UInt8(ascii: "$")) else { return false }
        let salt = stored[..<dollar], expected = stored[stored.utf8.index(after: dollar)...]
        guard !salt.isEmpty, !expected.isEmpty else { return false }
        if salt == unsaltedMark {
            // A secret another system issued: its plain SHA-256, as exported, for the secret as printed.
            let asTyped = digest(Array(secret.utf8), equals: expected)
            let asPrinted = digest(Array(secret.uppercased().utf8), equals: expected)
            return asTyped || asPrinted
        }
        var input = Array(salt.utf8)
        input.append(UInt8(ascii: ":"))
        input.append(contentsOf: secret.uppercased().utf8)
        return digest(input, equals: expected)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether the SHA-256 of `input` is `hex` (lower case), looking at every digit whatever differs.
    static func digest(_ input: [UInt8], equals hex: Substring) -> Bool {
        let expected = Array(hex.utf8)
        guard expected.count == 2 * SHA256.byteCount else { return false }
        var difference: UInt8 = 0
        for (offset, byte) in SHA256.hash(data: input).enumerated() {
            difference |= expected[2 * offset] ^ hexDigits[Int(byte >> 4)]
            difference |= expected[2 * offset + 1] ^ hexDigits[Int(byte & 0x0F)]
        }
        return difference == 0
    }

    static func json(_ value: some Encodable) throws -> String {
        try StreamingJSONEncoder().string(value)
    }

    static func storageError(_ error: any Error) -> AppError {
        switch error {
        case let error as AppError: error
        case let error as StorageError: .storage(error)
        default: .unavailable(String(describing: error))
        }
    }
}

/// Carries the stand-in code and the dossier built with it out of the repository's call.
final class BuiltBox: Sendable {
    private let value = Mutex<(String, Dossier)?>(nil)

    func set(_ standIn: String, _ dossier: Dossier) { value.withLock { $0 = (standIn, dossier) } }
    func get() -> (String, Dossier)? { value.withLock { $0 } }
}
