public import Domain
import Foundation

/// The national public service portal: its feed of dossiers filed on it, and the status sync.
public protocol NationalPortal: Sendable {
    func filings(after cursor: String?, limit: Int) async throws(RegistryError) -> FilingPage
    func push(_ update: PortalStatusUpdate, key: String) async throws(RegistryError)
    /// The statuses it holds per dossier code, for reconciliation.
    func statuses() async throws(RegistryError) -> [String: [Int]]
}

/// The national population database: read only.
public protocol PopulationRegister: Sendable {
    /// The person with this ID, or nil when the register has none.
    func person(_ personalID: String) async throws(RegistryError) -> PersonRecord?
}

/// A register that takes a record per resolved dossier: civil status, household business.
public protocol RecordRegister: Sendable {
    var system: ExternalSystem { get }
    func write(_ record: RegisterRecord, key: String) async throws(RegistryError)
    /// What it holds for one dossier (nil: every record), for read-back and reconciliation.
    func records(dossierCode: String?) async throws(RegistryError) -> [RegisterRecord]
}

/// SMS and e-mail.
public protocol Notifier: Sendable {
    func send(_ notification: Notice, key: String) async throws(RegistryError)
}

/// Every system over HTTP, as the simulator (and, by configuration, the real systems' adapters) serve them.
public struct HTTPRegistries: NationalPortal, PopulationRegister, Notifier, Sendable {
    public let http: RegistryHTTP

    public init(http: RegistryHTTP) { self.http = http }

    public func filings(after cursor: String?, limit: Int) async throws(RegistryError) -> FilingPage {
        let query = "limit=\(limit)" + (cursor.map { "&after=\(Self.escape($0))" } ?? "")
        return try await http.read(.portal, "/portal/dossiers?\(query)", as: FilingPage.self)
    }

    public func push(_ update: PortalStatusUpdate, key: String) async throws(RegistryError) {
        try await http.write(.portal, "/portal/statuses", update, key: key)
    }

    public func statuses() async throws(RegistryError) -> [String: [Int]] {
        let histories = try await http.read(.portal, "/portal/statuses", as: Items<StatusHistory>.self).items
        return Dictionary(histories.map { ($0.dossierCode, $0.statuses) }, uniquingKeysWith: { $0 + $1 })
    }

    public func person(_ personalID: String) async throws(RegistryError) -> PersonRecord? {
        guard PersonalID(personalID) != nil else { return nil }
        let found: PersonRecord? = try await http.read(.population, "/population/people/\(personalID)", as: PersonRecord?.self, notFound: .some(nil))
        return found
    }

    public func send(_ notification: Notice, key: String) async throws(RegistryError) {
        try await http.write(.notification, "/notifications", notification, key: key)
    }

    public func register(_ system: ExternalSystem) -> HTTPRecordRegister {
        HTTPRecordRegister(http: http, system: system)
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// The civil-status or business register over HTTP.
public struct HTTPRecordRegister: RecordRegister {
    let http: RegistryHTTP
    public let system: ExternalSystem

    var path: String { system == .civilStatus ? "/civil-status/records" : "/business/records" }

    public func write(_ record: RegisterRecord, key: String) async throws(RegistryError) {
        try await http.write(system, path, record, key: key)
    }

    public func records(dossierCode: String?) async throws(RegistryError) -> [RegisterRecord] {
        try await http.read(system, path + (dossierCode.map { "?dossier=\(HTTPRegistries.escape($0))" } ?? ""), as: Items<RegisterRecord>.self).items
    }
}
