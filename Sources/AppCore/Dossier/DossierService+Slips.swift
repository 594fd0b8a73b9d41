public import Domain
public import Storage
import Foundation

extension DossierService {
    /// A slip of a dossier, for an officer who may see it or for the applicant with the secret (who may
    /// have every paper but the internal process control slip).
    public func slip(code: String, kind: String, by user: UserRecord?, secret: String?) async throws(AppError) -> Slip {
        guard let kind = Slip.Kind(rawValue: kind) else {
            throw .invalid("kind", "Loại phiếu không hợp lệ; dùng: \(Slip.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let dossier: Dossier
        if let user {
            dossier = try await self.dossier(code: code, by: user)
        } else {
            dossier = try await existing(code)
            guard let secret, Self.matches(secret: secret, stored: dossier.opening.secretHash), kind != .control else {
                throw .notFound(what: "hồ sơ", code: code)
            }
        }
        let names = try await names(for: [dossier])
        do throws(Slip.Failure) {
            return try Slip.make(kind, dossier, names: names, today: instant.vietnamDate)
        } catch {
            throw .notFound(what: "phiếu “\(kind.rawValue)” của hồ sơ (chưa phát sinh)", code: code)
        }
    }

    /// The tracking book of a counter (the officer's own by default) for the local days `from`…`to`.
    public func trackingBook(agencyCode: String?, from: String?, to: String?, by user: UserRecord) async throws(AppError) -> TrackingBook {
        let today = instant.vietnamDate
        let first = try CatalogService.date(from, field: "from") ?? today
        let last = try CatalogService.date(to, field: "to") ?? first
        guard first <= last, last.daysSinceEpoch - first.daysSinceEpoch <= 366 else {
            throw .invalid("to", "Khoảng thời gian từ 1 ngày đến 1 năm, “from” không sau “to”")
        }
        let code = agencyCode ?? user.agencyCode
        guard let agency = try await storage({ try await store.identity.agency(code: code) }) else { throw .notFound(what: "cơ quan", code: code) }
        if case .deny(let reason, let hidden) = AccessPolicy.decide(user.officer, .viewDossier, Resource(place: agency.place)) {
            throw hidden ? .notFound(what: "cơ quan", code: code) : .forbidden(reason)
        }
        let dossiers = try await storage {
            try await store.dossiers.received(
                provinceCode: agency.provinceCode, agencyCode: agency.code, from: Instant(vietnam: first, minuteOfDay: 0),
                to: Instant(vietnam: last.adding(days: 1), minuteOfDay: 0), limit: 100_000
            )
        }
        return TrackingBook(issuer: agency.name, from: first, to: last, dossiers: dossiers, names: try await names(for: dossiers))
    }

    /// Names of the agencies and units the dossiers mention, fetched once.
    func names(for dossiers: [Dossier]) async throws(AppError) -> Slip.Names {
        var agencyCodes: Set<String> = []
        var unitCodes: Set<String> = []
        for dossier in dossiers {
            let opening = dossier.opening
            agencyCodes.formUnion([opening.receivingAgency, opening.competentAgency, opening.returnAgency ?? "", dossier.currentAgency])
            agencyCodes.formUnion(dossier.steps.map(\.agencyCode))
            unitCodes.formUnion([opening.provinceCode, opening.receivingUnit, opening.competentUnit])
        }
        var agencies: [String: String] = [:]
        for code in agencyCodes where !code.isEmpty {
            agencies[code] = try await storage { try await store.identity.agency(code: code)?.name }
        }
        var units: [String: String] = [:]
        let day = max(instant.vietnamDate, Reform.effectiveDate)
        for code in unitCodes {
            let level: AdministrativeLevel = code.count == 2 ? .province : .commune
            units[code] = try await storage { try await store.geography.units(code: code, level: level, at: day).first?.shortName }
        }
        let agencyNames = agencies, unitNames = units
        return Slip.Names(agency: { agencyNames[$0] ?? $0 }, unit: { unitNames[$0] ?? $0 })
    }
}
