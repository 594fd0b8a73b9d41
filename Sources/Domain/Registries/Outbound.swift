/// What a dossier change must tell other systems: a pure function of the change, so that the outbox
/// rows are decided with the events and written in their transaction.
public enum Outbound {
    /// The writes caused by `events`, applied in order from `before` (nil for a new dossier).
    public static func messages(before: Dossier?, events: [DossierEvent], settings: OutboundSettings = OutboundSettings()) -> [OutboxMessage] {
        var messages: [OutboxMessage] = []
        var dossier = before
        for event in events {
            guard let current = dossier ?? Dossier.opened(by: event) else { continue }
            let after = current.applying(event)
            dossier = after
            let opening = after.opening
            func message(_ system: ExternalSystem, suffix: String? = nil, _ payload: OutboxPayload) -> OutboxMessage {
                OutboxMessage(
                    system: system, provinceCode: opening.provinceCode, unitCode: opening.competentUnit, dossierCode: opening.code,
                    eventSequence: event.sequence,
                    key: OutboxMessage.key(system, dossierCode: opening.code, eventSequence: event.sequence, suffix: suffix),
                    payload: payload
                )
            }
            // Every status change goes to the portal, with its number so that the portal keeps the order.
            if settings.portal, event.from != event.to {
                messages.append(message(.portal, .status(PortalStatusUpdate(
                    dossierCode: opening.code, portalID: opening.portalID, procedureCode: opening.procedureCode,
                    unitCode: opening.competentUnit, status: PortalStatus.code(after.status), sequence: event.sequence, at: event.at,
                    dueAt: after.dueAt, finishedAt: after.finishedAt
                ))))
            }
            if event.kind == .resolve, after.outcome == .approved, let register = opening.register {
                messages.append(message(ExternalSystem(register), .record(record(after, event))))
            }
            if settings.notifications, let template = NoticeTemplate(event.kind) {
                let subject = template.subject(code: opening.code)
                let text = template.text(after, event)
                for (medium, address) in [(Notice.Medium.sms, opening.applicant.phone), (.email, opening.applicant.email)] {
                    guard let address, !address.isEmpty else { continue }
                    messages.append(message(.notification, suffix: medium.rawValue, .notice(Notice(
                        medium: medium, to: address, template: template, dossierCode: opening.code, subject: subject, text: text
                    ))))
                }
            }
        }
        return messages
    }

    /// The register record a resolved, approved dossier writes.
    public static func record(_ dossier: Dossier, _ resolve: DossierEvent) -> RegisterRecord {
        let opening = dossier.opening
        return RegisterRecord(
            dossierCode: opening.code, procedureCode: opening.procedureCode, entry: opening.procedureName,
            subjectName: opening.applicant.name, personalID: opening.applicant.personalID, unitCode: opening.competentUnit,
            agencyCode: dossier.currentAgency, decidedAt: resolve.at, resultDocument: dossier.resultDocuments.first
        )
    }

    /// The register record a dossier should have produced, if any: what reconciliation expects.
    public static func expectedRecord(_ dossier: Dossier, events: [DossierEvent]) -> RegisterRecord? {
        guard dossier.opening.register != nil, dossier.outcome == .approved,
              let resolve = events.last(where: { $0.kind == .resolve }) else { return nil }
        var replayed: Dossier?
        for event in events {
            guard let current = replayed ?? Dossier.opened(by: event) else { continue }
            replayed = current.applying(event)
            if event.sequence == resolve.sequence { break }
        }
        return replayed.map { record($0, resolve) }
    }

    /// The portal statuses a dossier's events produce, in order: what reconciliation expects the portal to hold.
    public static func expectedStatuses(_ events: [DossierEvent]) -> [Int] {
        messages(before: nil, events: events, settings: OutboundSettings(notifications: false)).compactMap {
            if case .status(let update) = $0.payload { return update.status }
            return nil
        }
    }
}

/// Which writes a change produces: each outgoing system can be turned off by configuration (for an
/// installation not yet connected to it).
public struct OutboundSettings: Hashable, Sendable {
    public var portal: Bool
    public var notifications: Bool

    public init(portal: Bool = true, notifications: Bool = true) {
        self.portal = portal
        self.notifications = notifications
    }
}
