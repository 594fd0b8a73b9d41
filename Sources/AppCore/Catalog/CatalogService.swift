public import Domain
public import Storage
public import Foundation
import ReferenceData

/// The procedure catalogue: import and export (JSON, CSV), search, and the shipped demo catalogue.
public struct CatalogService: Sendable {
    public enum Format: String, Sendable, CaseIterable { case json, csv }

    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    var today: LocalDate { max(LocalDate(vietnamTimeOf: now().timeIntervalSince1970), Reform.effectiveDate) }

    /// Reads a catalogue file and stores its versions, after checking them together with those already
    /// stored (two versions of one code may not overlap). All or nothing; returns how many were stored.
    @discardableResult
    /// An import by an officer: only those who manage the national catalogue.
    public func importCatalog(_ data: Data, format: Format, by user: UserRecord) async throws(AppError) -> Int {
        if case .deny(let reason, _) = AccessPolicy.decide(user.officer, .manageCatalog, Resource(place: .nation)) {
            throw .forbidden(reason)
        }
        return try await importCatalog(data, format: format)
    }

    public func importCatalog(_ data: Data, format: Format) async throws(AppError) -> Int {
        let versions: [ProcedureVersion]
        do throws(CatalogError) {
            switch format {
            case .json: versions = try CatalogFileReader.read(data).procedures
            case .csv: versions = try CatalogCSV.read(String(decoding: data, as: UTF8.self))
            }
        } catch {
            throw AppError(error)
        }
        guard !versions.isEmpty else { throw .invalid("procedures", "Tệp không có thủ tục nào") }
        let existing = try await storage { try await store.catalog.all() }
        let incoming = Set(versions.map { "\($0.code) \($0.validFrom)" })
        do throws(CatalogError) {
            let duplicates = Dictionary(grouping: versions) { "\($0.code) \($0.validFrom)" }.filter { $0.value.count > 1 }
            if let duplicate = duplicates.keys.sorted().first { throw .overlappingVersions(duplicate) }
            _ = try Catalog(existing.filter { !incoming.contains("\($0.code) \($0.validFrom)") } + versions)
        } catch {
            throw AppError(error)
        }
        let at = Instant(secondsSince1970: now().timeIntervalSince1970)
        try await storage { try await store.catalog.save(versions, at: at) }
        return versions.count
    }

    /// The whole catalogue in a file format.
    public func export(format: Format) async throws(AppError) -> Data {
        let versions = try await storage { try await store.catalog.all() }
        do {
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                return try encoder.encode(CatalogFile(procedures: versions))
            case .csv:
                return Data(try CatalogCSV.export(versions).utf8)
            }
        } catch {
            throw .unavailable("export: \(error)")
        }
    }

    /// Loads the shipped demo catalogue when the catalogue is empty; returns how many versions.
    @discardableResult
    public func loadShippedIfEmpty() async throws(AppError) -> Int {
        guard try await storage({ try await store.catalog.count() }) == 0 else { return 0 }
        let data: Data
        do {
            data = Data(try ReferenceFiles.catalog().utf8)
        } catch {
            throw .unavailable("\(error)")
        }
        let file: CatalogFile
        do throws(CatalogError) { file = try CatalogFileReader.read(data) } catch { throw AppError(error) }
        guard !file.procedures.isEmpty else { return 0 }
        return try await importCatalog(data, format: .json)
    }

    public func search(text: String?, level: String?, field: String?, at: String?, offset: Int, limit: Int) async throws(AppError)
        -> [ProcedureVersion] {
        var parsedLevel: ProcedureVersion.Level?
        if let level {
            guard let value = ProcedureVersion.Level(rawValue: level) else { throw .invalid("level", "Cấp “\(level)” không hợp lệ; dùng commune hoặc province") }
            parsedLevel = value
        }
        let date = try Self.date(at) ?? today
        guard (1...500).contains(limit) else { throw .invalid("limit", "limit phải từ 1 đến 500") }
        return try await storage {
            try await store.catalog.search(text: text, level: parsedLevel, field: field, at: date, offset: offset, limit: limit)
        }
    }

    /// The fields of the procedures in force today, in Vietnamese alphabetical order (for filters).
    public func fields() async throws(AppError) -> [String] {
        let versions = try await search(text: nil, level: nil, field: nil, at: nil, offset: 0, limit: 500)
        return Set(versions.map(\.field)).sorted { $0.compare($1, locale: Locale(identifier: "vi")) == .orderedAscending }
    }

    /// Every version of a procedure, oldest first.
    public func versions(code: String) async throws(AppError) -> [ProcedureVersion] {
        let versions = try await storage { try await store.catalog.versions(code: code) }
        guard !versions.isEmpty else { throw .notFound(what: "thủ tục", code: code) }
        return versions
    }

    /// The version in force on a date (default today).
    public func version(code: String, at: LocalDate? = nil) async throws(AppError) -> ProcedureVersion {
        let date = at ?? today
        guard let version = try await versions(code: code).first(where: { $0.isValid(at: date) }) else {
            throw .notFound(what: "thủ tục có hiệu lực ngày \(date)", code: code)
        }
        return version
    }

    static func date(_ text: String?, field: String = "at") throws(AppError) -> LocalDate? {
        guard let text else { return nil }
        guard let date = LocalDate(iso: text) else { throw .invalid(field, "Ngày “\(text)” không hợp lệ; dùng dạng YYYY-MM-DD") }
        return date
    }
}
