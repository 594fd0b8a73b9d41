public import Storage
import Domain

/// The access log as CSV, ID numbers masked.
public enum AccessLogCSV {
    public static func render(_ entries: [AccessLogEntry]) -> String {
        CSV.line(["id", "at", "officer_id", "unit_code", "roles", "purpose", "action", "resource", "subject", "fields", "client"])
            + entries.map { entry in
                CSV.line([
                    entry.id.map(String.init) ?? "", entry.at, entry.officerID, entry.unitCode,
                    entry.roles.map(\.rawValue).joined(separator: ";"), entry.purpose, entry.action, entry.resource,
                    PersonalID(entry.subject).map(\.description) ?? entry.subject, entry.fields.joined(separator: ";"), entry.client,
                ])
            }.joined()
    }
}
