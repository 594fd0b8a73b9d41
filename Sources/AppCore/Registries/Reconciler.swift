public import Domain
import Registries
import Storage
import Foundation

/// What a reconciliation found.
public struct ReconciliationReport: Sendable, Codable, Equatable {
    public var system: ExternalSystem
    public var since: LocalDate
    /// Dossiers whose side was compared.
    public var checked: Int
    public var mismatches: [Mismatch]
    /// Messages queued again by `--repair`.
    public var repaired: Int

    /// Mismatches per unit, for the monitoring.
    public var perUnit: [String: Int] { Dictionary(grouping: mismatches, by: \.unitCode).mapValues(\.count) }
}

extension RegistryService {
    /// Compares our dossiers changed since `since` with what `system` holds; with `repair`, queues again
    /// what the other side is missing (a new key, since the first write evidently did not land).
    public func reconcile(_ system: ExternalSystem, since: LocalDate, repair: Bool) async throws -> ReconciliationReport {
        let from = Instant(vietnam: since, minuteOfDay: 0)
        let ours = try await store.dossiers.changed(since: from, provinceCode: nil)
        var mismatches: [Mismatch] = []
        var checked = 0
        var repairs: [OutboxMessage] = []
        let stamp = String(Int(Date().timeIntervalSince1970 * 1000))
        switch system {
        case .civilStatus, .business:
            var expected: [RegisterRecord] = []
            for dossier in ours where dossier.opening.register.map(ExternalSystem.init) == system && dossier.outcome == .approved {
                let events = try await store.dossiers.events(code: dossier.code)
                if let record = Outbound.expectedRecord(dossier, events: events) { expected.append(record) }
            }
            checked = expected.count
            var held = try await targets.register(system).records(dossierCode: nil)
            held = try await withoutOlder(held.map(\.dossierCode), expected: Set(expected.map(\.dossierCode))).flatMap { keep in
                held.filter { keep.contains($0.dossierCode) }
            } ?? held
            mismatches = Reconciliation.records(expected: expected, held: held)
            let byCode = Dictionary(expected.map { ($0.dossierCode, $0) }, uniquingKeysWith: { first, _ in first })
            for mismatch in mismatches where mismatch.kind == .missing {
                guard let record = byCode[mismatch.dossierCode], let dossier = ours.first(where: { $0.code == mismatch.dossierCode }) else { continue }
                let resolve = dossier.history.lastIndex { $0.kind == .resolve }.map { $0 + 1 } ?? dossier.version
                repairs.append(OutboxMessage(
                    system: system, provinceCode: dossier.provinceCode, unitCode: dossier.opening.competentUnit, dossierCode: dossier.code,
                    eventSequence: resolve, key: OutboxMessage.key(system, dossierCode: dossier.code, eventSequence: resolve, suffix: "repair-\(stamp)"),
                    payload: .record(record)
                ))
            }
        case .portal:
            var expected: [String: (unit: String, statuses: [Int])] = [:]
            var updates: [String: [OutboxMessage]] = [:]
            for dossier in ours {
                let events = try await store.dossiers.events(code: dossier.code)
                let messages = Outbound.messages(before: nil, events: events, settings: OutboundSettings(notifications: false))
                updates[dossier.code] = messages
                expected[dossier.code] = (dossier.opening.competentUnit, messages.compactMap {
                    if case .status(let update) = $0.payload { return update.status }
                    return nil
                })
            }
            checked = expected.count
            var held = try await targets.portal.statuses()
            if let keep = try await withoutOlder(Array(held.keys), expected: Set(expected.keys)) {
                held = held.filter { keep.contains($0.key) }
            }
            mismatches = Reconciliation.statuses(expected: expected, held: held)
            for mismatch in mismatches where mismatch.kind == .missing {
                let sent = held[mismatch.dossierCode]?.count ?? 0
                for var message in (updates[mismatch.dossierCode] ?? []).dropFirst(sent) {
                    message.key += ":repair-\(stamp)"
                    repairs.append(message)
                }
            }
        case .population, .notification:
            throw AppError.invalid("system", "Chỉ đối chiếu được với Cổng Dịch vụ công, hộ tịch và đăng ký kinh doanh")
        }
        if repair, !repairs.isEmpty {
            try await store.outbox.enqueue(repairs, at: Int(Date().timeIntervalSince1970 * 1000))
        }
        // What monitoring shows per unit until the next reconciliation.
        try await store.outbox.recordMismatches(
            system: system, perUnit: Dictionary(grouping: mismatches, by: \.unitCode).mapValues(\.count), at: Int(Date().timeIntervalSince1970 * 1000)
        )
        return ReconciliationReport(system: system, since: since, checked: checked, mismatches: mismatches, repaired: repair ? repairs.count : 0)
    }

    /// The codes the other side holds that are ours but older than the window (not extras), left out;
    /// nil when nothing needs leaving out.
    func withoutOlder(_ held: [String], expected: Set<String>) async throws -> Set<String>? {
        var keep = Set<String>()
        var dropped = false
        for code in Set(held) {
            if expected.contains(code) {
                keep.insert(code)
            } else if try await store.dossiers.dossier(code: code) != nil {
                dropped = true
            } else {
                keep.insert(code)
            }
        }
        return dropped ? keep : nil
    }
}
