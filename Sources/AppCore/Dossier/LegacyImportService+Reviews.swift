public import Domain
public import Storage

/// The review queue: records whose old commune was split, each waiting for an officer who may work in
/// one of its candidate communes to say which one the address lies in.
extension LegacyImportService {
    public struct ReviewView: Sendable, Codable, Equatable {
        public struct Candidate: Sendable, Codable, Equatable {
            public var code: String
            public var name: String
        }

        public var sourceSystem: String
        public var originalCode: String
        public var provinceCode: String
        public var procedureCode: String
        public var applicantName: String
        /// The part of the address below the commune, as the old system wrote it: what decides.
        public var address: String?
        public var oldCommune: String?
        public var firstStatusAt: Instant?
        /// Old code → its successors.
        public var candidates: [String: [Candidate]]
        public var queuedAt: Instant
        public var resolvedAt: Instant?
        public var dossierCode: String?
    }

    func view(_ review: LegacyImportReview, units: LegacyUnits) -> ReviewView {
        ReviewView(
            sourceSystem: review.sourceSystem, originalCode: review.originalCode, provinceCode: review.provinceCode,
            procedureCode: review.record.procedureCode, applicantName: Masking.name(review.record.applicant.name),
            address: review.record.applicant.address, oldCommune: review.record.applicant.communeCode,
            firstStatusAt: review.record.history.first?.at,
            candidates: review.candidates.mapValues { codes in codes.map { ReviewView.Candidate(code: $0, name: units.unit($0)?.name ?? $0) } },
            queuedAt: review.queuedAt, resolvedAt: review.resolvedAt, dossierCode: review.dossierCode
        )
    }

    /// Whether an officer may settle a review: in one of its candidate communes, or over its province.
    func mayReview(_ user: UserRecord, _ review: LegacyImportReview, units: LegacyUnits) -> Bool {
        let places = [Place.province(review.provinceCode)] + review.candidates.values.joined().compactMap(units.place(of:))
        return AccessPolicy.decide(user.officer, roles: AccessPolicy.roles(for: .reviewImports), places: places).isAllowed
    }

    /// A page of a province's reviews (pending, or resolved), those the officer may settle.
    public func reviews(
        by user: UserRecord, provinceCode: String?, resolved: Bool, after: (system: String, code: String)?, limit: Int
    ) async throws(AppError) -> [ReviewView] {
        guard (1...500).contains(limit) else { throw .invalid("limit", "limit phải từ 1 đến 500") }
        try IdentityService.requireCode(provinceCode, field: "province", levels: [.province])
        let units = try await legacyUnits()
        var result: [ReviewView] = []
        var position = after
        // Pages are filtered by rights, so read until the page is full or the queue ends.
        while result.count < limit {
            let page = try await storage {
                try await store.dossiers.reviews(provinceCode: provinceCode ?? scopeProvince(user), resolved: resolved, after: position, limit: limit)
            }
            result += page.filter { mayReview(user, $0, units: units) }.map { view($0, units: units) }
            guard page.count == limit, let last = page.last else { break }
            position = (last.sourceSystem, last.originalCode)
        }
        return Array(result.prefix(limit))
    }

    func scopeProvince(_ user: UserRecord) -> String? { user.roles.contains(.sysadmin) ? nil : user.provinceCode }

    func legacyUnits() async throws(AppError) -> LegacyUnits {
        let (units, lineage) = try await storage { (try await store.geography.allUnits(), try await store.geography.allLineage()) }
        return LegacyUnits(units: units, lineage: lineage)
    }

    /// Settles a review with the officer's choice for each split old code, and imports the dossier: its
    /// alias and the review's closing are written in the dossier's transaction. Returns the new code.
    public func resolve(
        sourceSystem: String, originalCode: String, choices: [String: String], by user: UserRecord?
    ) async throws(AppError) -> String {
        guard let review = try await storage({ try await store.dossiers.review(sourceSystem: sourceSystem, originalCode: originalCode) }) else {
            throw .notFound(what: "hồ sơ chờ xác định đơn vị", code: originalCode)
        }
        let context = try await context()
        if let user, !mayReview(user, review, units: context.units) {
            throw .notFound(what: "hồ sơ chờ xác định đơn vị", code: originalCode)
        }
        if let code = review.dossierCode { throw .conflict("Hồ sơ đã được xác định đơn vị và chuyển thành hồ sơ \(code)") }
        var issues: [AppError.FieldIssue] = []
        for (old, candidates) in review.candidates.sorted(by: { $0.key < $1.key }) {
            guard let chosen = choices[old] else {
                issues.append(.init("choices.\(old)", "Chưa chọn đơn vị kế thừa cho mã cũ \(old)"))
                continue
            }
            if !candidates.contains(chosen) {
                issues.append(.init("choices.\(old)", "Đơn vị \(chosen) không phải đơn vị kế thừa của \(old); chọn một trong: \(candidates.joined(separator: ", "))"))
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        switch Self.prepare(review.record, choices: choices, reviewedBy: user?.id ?? "operator", context: context, user: user) {
        case .invalid(let problems):
            throw .invalid(problems.map { AppError.FieldIssue($0.field, $0.reason) })
        case .review:
            throw .invalid("choices", "Vẫn còn mã đơn vị cũ chưa được xác định")
        case .ready(let change, let block):
            do {
                let changes = try await Self.reserveAndName([(change, block)], store: store)
                try await store.dossiers.appendMany(changes)
                return changes[0].after.code
            } catch DossierWriteError.staleVersion {
                throw .conflict("Hồ sơ vừa được cán bộ khác xác định đơn vị")
            } catch {
                throw DossierService.storageError(error)
            }
        }
    }
}
