public import Domain
public import Foundation
public import Storage

/// Addresses still written with pre-reform units: applicants' communes in dossiers and facilities'
/// units. Each one whose old unit has a single successor is converted — for a dossier by an event that
/// records the commune before and after, for a facility by saving it — and recorded; one whose old unit
/// was split waits for an officer's choice. Running the job again finds only what is still old.
public struct AddressUpdateService: Sendable {
    public struct Summary: Sendable, Codable, Equatable {
        public var dryRun: Bool
        public var dossiersRead = 0
        public var applicantsConverted = 0
        public var applicantsForReview = 0
        public var facilitiesConverted = 0
        public var facilitiesForReview = 0
        /// Codes neither current nor in the lineage: left as they are (the data-quality report lists them).
        public var unknown = 0
    }

    public let store: any Store
    let clock: WorkClock
    let now: @Sendable () -> Date

    public init(store: any Store, clock: WorkClock, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
        self.now = now
    }

    var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }

    func units() async throws(AppError) -> LegacyUnits {
        let (units, lineage) = try await storage { (try await store.geography.allUnits(), try await store.geography.allLineage()) }
        return LegacyUnits(units: units, lineage: lineage)
    }

    static let actor = DossierActor(userID: "address-update", name: "Cập nhật địa chỉ theo đơn vị hành chính mới")

    /// Finds and converts (or queues) every old address of the scope; with `dryRun`, only counts.
    public func run(provinceCode: String? = nil, dryRun: Bool) async throws(AppError) -> Summary {
        try IdentityService.requireCode(provinceCode, field: "province", levels: [.province])
        let units = try await units()
        let at = instant
        var summary = Summary(dryRun: dryRun)
        var after: (province: String, code: String)?
        while true {
            let page = try await storage { try await store.dossiers.subjects(provinceCode: provinceCode, after: after, limit: 1_000) }
            summary.dossiersRead += page.count
            var records: [AddressUpdate] = []
            for subject in page {
                guard let old = subject.applicant.communeCode, units.unit(old) == nil else { continue }
                let record = AddressUpdate(
                    kind: .applicant, subject: subject.code, provinceCode: subject.provinceCode, oldCode: old, newCode: nil, candidates: [],
                    address: subject.applicant.address, state: .review, at: at, actor: Self.actor.userID ?? ""
                )
                switch units.resolve(old, at: Reform.lastLegacyDate) {
                case .unit(let code, _):
                    summary.applicantsConverted += 1
                    if !dryRun, let dossier = try await storage({ try await store.dossiers.dossier(code: subject.code) }) {
                        try await convert(dossier, to: code, at: at, by: Self.actor)
                        records.append(with(record) { $0.newCode = code; $0.state = .converted })
                    }
                case .choice(_, let candidates):
                    summary.applicantsForReview += 1
                    records.append(with(record) { $0.candidates = candidates })
                case .unknown:
                    summary.unknown += 1
                }
            }
            if !dryRun { try await storage { try await store.dossiers.recordAddressConversions(records) } }
            guard page.count == 1_000, let last = page.last else { break }
            after = (last.provinceCode, last.code)
        }
        let facilities = try await storage { try await store.bookkeeping.facilities(provinceCode: provinceCode, unitCode: nil).facilities }
        var moved: [Facility] = [], records: [AddressUpdate] = []
        for facility in facilities where units.unit(facility.unitCode) == nil {
            let record = AddressUpdate(
                kind: .facility, subject: facility.id, provinceCode: facility.provinceCode, oldCode: facility.unitCode, newCode: nil, candidates: [],
                address: facility.name, state: .review, at: at, actor: Self.actor.userID ?? ""
            )
            switch units.resolve(facility.unitCode, at: Reform.lastLegacyDate) {
            case .unit(let code, let province):
                summary.facilitiesConverted += 1
                moved.append(with(facility) { $0.unitCode = code; $0.provinceCode = province })
                records.append(with(record) { $0.newCode = code; $0.state = .converted })
            case .choice(_, let candidates):
                summary.facilitiesForReview += 1
                records.append(with(record) { $0.candidates = candidates })
            case .unknown:
                summary.unknown += 1
            }
        }
        if !dryRun {
            try await storage {
                try await store.bookkeeping.saveFacilities(moved, equipment: [], at: at)
                try await store.dossiers.recordAddressConversions(records)
            }
        }
        return summary
    }

    /// The applicant's commune corrected by an event, version-checked like any dossier change.
    func convert(_ dossier: Dossier, to commune: String, at: Instant, by actor: DossierActor) async throws(AppError) {
        let event: DossierEvent
        do throws(DossierError) {
            event = try DossierDecider.correctAddress(dossier, to: commune, context: DossierContext(now: at, actor: actor, clock: clock))
        } catch {
            throw .invalid(error.problems.map { AppError.FieldIssue($0.field, $0.reason) })
        }
        let next = dossier.applying(event)
        let view: String
        do { view = try DossierService.json(PublicDossierView(next)) } catch { throw .unavailable("\(error)") }
        try await storage { try await store.dossiers.append(DossierChange(before: dossier, events: [event], after: next, publicView: view)) }
    }

    /// Addresses waiting for a choice (or converted, or resolved), of a province or all. With `user` (the
    /// API), only those the officer may review: an address is personal data, so an officer sees the
    /// records of their province or of a commune among the candidates, as with imported dossiers.
    public func pending(
        state: AddressUpdate.State = .review, provinceCode: String?, limit: Int = 200, by user: UserRecord? = nil
    ) async throws(AppError) -> [AddressUpdate] {
        try IdentityService.requireCode(provinceCode, field: "province", levels: [.province])
        let records = try await storage { try await store.dossiers.addressConversions(state: state, provinceCode: provinceCode, limit: limit) }
        guard let user else { return records }
        let allowed = AccessPolicy.roles(for: .reviewImports)
        guard !user.roles.isDisjoint(with: allowed) else { throw .forbidden("Chỉ cán bộ xử lý hoặc quản trị được xem địa chỉ chờ chuyển đổi") }
        let units = try await units()
        return records.filter { record in
            let places = [Place.province(record.provinceCode)] + (record.candidates + [record.newCode].compactMap { $0 }).compactMap(units.place(of:))
            return AccessPolicy.decide(user.officer, roles: allowed, places: places).isAllowed
        }
    }

    /// An officer's choice for a split old unit: the address is converted and the record resolved.
    /// `user`, when given, must be allowed to review imports at the chosen commune.
    public func resolve(kind: AddressUpdate.Kind, subject: String, choice: String, by user: UserRecord?) async throws(AppError) {
        let waiting = try await storage { try await store.dossiers.addressConversions(state: .review, provinceCode: nil, limit: 100_000) }
        guard var record = waiting.first(where: { $0.kind == kind && $0.subject == subject }) else {
            throw .notFound(what: "địa chỉ chờ xác định đơn vị", code: subject)
        }
        guard record.candidates.contains(choice), let unit = try await units().unit(choice) else {
            throw .invalid("choice", "Chọn một trong các đơn vị kế thừa: \(record.candidates.joined(separator: ", "))")
        }
        if let user, !AccessPolicy.decide(user.officer, .reviewImports, Resource(place: .commune(code: unit.code, province: unit.provinceCode))).isAllowed {
            throw .forbidden("Ngoài phạm vi đơn vị được giao")
        }
        let at = instant
        let actor = user.map { DossierActor(userID: $0.id, name: $0.fullName, unitCode: $0.unitCode, agencyCode: $0.agencyCode) } ?? Self.actor
        switch kind {
        case .applicant:
            guard let dossier = try await storage({ try await store.dossiers.dossier(code: subject) }) else {
                throw .notFound(what: "hồ sơ", code: subject)
            }
            try await convert(dossier, to: choice, at: at, by: actor)
        case .facility:
            guard var facility = try await storage({ try await store.bookkeeping.facilities(provinceCode: nil, unitCode: record.oldCode) })
                .facilities.first(where: { $0.id == subject }) else {
                throw .notFound(what: "trụ sở, tài sản", code: subject)
            }
            facility.unitCode = unit.code
            facility.provinceCode = unit.provinceCode
            try await storage { try await store.bookkeeping.saveFacilities([facility], equipment: [], at: at) }
        }
        record.newCode = choice
        record.state = .resolved
        record.at = at
        record.actor = actor.userID ?? ""
        try await storage { try await store.dossiers.recordAddressConversions([record]) }
    }
}

/// A copy with a change: for building a variant of a value in one expression.
func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
