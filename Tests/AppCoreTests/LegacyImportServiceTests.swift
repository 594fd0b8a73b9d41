import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Synchronization
import Testing

/// A generated pre-reform export brought over on each engine: every valid record under its new unit
/// or in the review queue, every planted invalid row reported by line and field with nothing written,
/// `verify` clean, a second import changing nothing, the citizen finding a dossier by its old code, and
/// an officer's choice settling a split commune. `scripts/legacy-import` runs 50,000 records.
@Suite("legacy dossier import")
struct LegacyImportServiceTests {
    static let count = ProcessInfo.processInfo.environment["MOTCUA_LEGACY_TEST_COUNT"].flatMap(Int.init) ?? 800
    static let seed: UInt64 = 5

    @Test("a generated export imported, re-imported, looked up and reviewed", arguments: TestStores.engines)
    func importExport(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        _ = try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
        _ = try await IdentityService(store: store, now: { Date() }).seedAgencies()
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        let export = try await LegacyExportGenerator(store: store, seed: Self.seed).run(
            count: Self.count, clock: calendar.defaultClock, splitShare: 0.03, invalidShare: 0.02
        )
        let manifest = export.manifest
        #expect(manifest.invalid.count == Int((Double(Self.count) * 0.02).rounded()) && manifest.split > 0 && manifest.inFlight > 0)
        // The first valid record again at the end: refused as a repeat of its line, however far apart the file's chunks put them.
        let repeated = try #require((1...export.lines.count).first { manifest.invalid[$0] == nil })
        let lines = export.lines + [export.lines[repeated - 1]]
        let file = Array((lines.joined(separator: "\n") + "\n").utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-export-\(UUID().uuidString).jsonl").path
        try Data(file).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let service = LegacyImportService(store: store, calendar: calendar, now: { Date() })

        // A dry run reports what the import will do and writes nothing.
        let dry = try await service.importFile(from: .bytes(file, blockSize: 2_048), dryRun: true, by: nil, batchSize: 100, chunkRecords: 60)
        #expect(try await store.dossiers.count(provinceCode: nil) == 0)
        #expect(try await store.dossiers.reviews(provinceCode: nil, resolved: false, after: nil, limit: 10).isEmpty)

        // Read from the file 4 KB at a time, 250 records checked at once: the same report as the dry run's 60 at once, 2 KB at a time from memory.
        let report = try await service.importFile(
            from: .file(atPath: path, blockSize: 4_096), dryRun: false, by: nil, batchSize: 100, chunkRecords: 250
        )
        #expect(report.imported == dry.imported && report.queuedForReview == dry.queuedForReview && report.problems == dry.problems)
        #expect(report.records == lines.count && dry.records == lines.count)
        #expect(report.imported + report.queuedForReview == manifest.valid)
        #expect(report.queuedForReview == manifest.split)
        #expect(report.invalidRecords == manifest.invalid.count + 1)
        // Each planted row, and nothing else, is reported, with the field the generator broke.
        var planted = manifest.invalid
        planted[lines.count] = "code"
        #expect(Dictionary(uniqueKeysWithValues: report.problems.map { ($0.line, $0.field) }) == planted)
        #expect(report.problems.last?.reason == "Trùng mã hồ sơ gốc với dòng \(repeated)")
        #expect(try await store.dossiers.count(provinceCode: nil) == report.imported)
        let verification = try await DossierVerification.run(store, provinceCode: nil)
        #expect(verification.problems.isEmpty, "\(verification.problems.prefix(5))")

        // The data-quality report finds every planted defect, and nothing where none was planted.
        let quality = try await DataQualityService(store: store, calendar: calendar, now: { Date() }).report(provinceCode: nil)
        #expect(quality.dossiersRead == report.imported)
        #expect(quality.totals == Dictionary(uniqueKeysWithValues: QualityCheck.allCases.map { ($0.rawValue, manifest.quality[$0.rawValue] ?? 0) }))
        #expect(manifest.quality["missingFields", default: 0] > 0 && manifest.quality["notLive", default: 0] > 0)
        // What the last reconciliation with the civil-status register found counts too.
        try await store.outbox.recordMismatches(system: .civilStatus, perUnit: ["00004": 2], at: 0)
        let withRegister = try await DataQualityService(store: store, calendar: calendar, now: { Date() }).report(provinceCode: "01", by: "unit")
        #expect(withRegister.totals["registerMismatch"] == 2 && withRegister.rows.first { $0.unitCode == "00004" }?.counts["registerMismatch"] == 2)
        try await store.outbox.recordMismatches(system: .civilStatus, perUnit: [:], at: 0)

        // A file that cannot be read to its end: the import says so (not a storage failure); what it had read stays imported.
        struct Unreadable: Error {}
        let blocks = Mutex(0)
        await #expect(throws: AppError.unavailable("the exchange file could not be read after 4096 bytes: \(Unreadable().localizedDescription)")) {
            _ = try await service.importFile(from: .blocks {
                try blocks.withLock { count in
                    count += 1
                    guard count == 1 else { throw Unreadable() }
                    return Array(file.prefix(4_096))
                }
            }, dryRun: true, by: nil, chunkRecords: 1)
        }

        let again = try await service.importFile(file, dryRun: false, by: nil, batchSize: 100)
        #expect(again.imported == 0 && again.queuedForReview == 0 && again.alreadyKnown == manifest.valid && again.invalidRecords == planted.count)
        #expect(try await store.dossiers.count(provinceCode: nil) == report.imported)

        try await Self.lookUp(export, store: store, calendar: calendar)
        try await Self.review(service, store: store)
        try await Self.addresses(store, clock: calendar.defaultClock)
        try await store.close()
    }

    /// The citizen's old receipt (original code and secret) finds the dossier with its whole history.
    static func lookUp(_ export: LegacyExportGenerator.Output, store: any Store, calendar: CalendarService) async throws {
        let lines = LegacyExchangeFile.parse(Array(export.lines.joined(separator: "\n").utf8))
        var found: LegacyDossierRecord?
        for line in lines where export.manifest.invalid[line.number] == nil {
            guard let record = line.record, record.secretSha256 != nil, record.history.count >= 4, record.history.last?.status == .returned,
                  try await store.dossiers.lookup(code: record.code) != nil else { continue }
            found = record
            break
        }
        let record = try #require(found)
        let identity = IdentityService(store: store, now: { Date() })
        let dossiers = DossierService(store: store, calendar: calendar, identity: identity, now: { Date() })
        let secret = LegacyExportGenerator.secret(code: record.code, seed: seed)
        let view = try JSONDecoder().decode(PublicDossierView.self, from: Data(try await dossiers.lookup(code: record.code, secret: secret)))
        #expect(view.status == .returned)
        #expect(view.originalCode == record.code)
        let events = try await store.dossiers.events(code: view.code)
        #expect(view.history.count == events.count && events.count >= record.history.count)
        #expect(view.history.first?.at == record.history.first?.at && view.history.last?.at == record.history.last?.at)
        await #expect(throws: AppError.self) { try await dossiers.lookup(code: record.code, secret: "WRONGSECRET") }
    }

    /// An officer's choice imports a queued record under the chosen commune; a second choice is refused.
    static func review(_ service: LegacyImportService, store: any Store) async throws {
        let pending = try await store.dossiers.reviews(provinceCode: nil, resolved: false, after: nil, limit: 1000)
        let review = try #require(pending.first)
        let (old, candidates) = try #require(review.candidates.first)
        await #expect(throws: AppError.self) {
            try await service.resolve(sourceSystem: review.sourceSystem, originalCode: review.originalCode, choices: [old: "99999"], by: nil)
        }
        let chosen = try #require(candidates.last)
        let choices = review.candidates.mapValues { $0.last! }
        let code = try await service.resolve(sourceSystem: review.sourceSystem, originalCode: review.originalCode, choices: choices, by: nil)
        let dossier = try #require(try await store.dossiers.dossier(code: code))
        #expect(dossier.opening.competentUnit == chosen || dossier.opening.receivingUnit == chosen || dossier.opening.applicant.communeCode == chosen)
        #expect(dossier.opening.imported?.reviewedBy == "operator")
        let settled = try #require(try await store.dossiers.review(sourceSystem: review.sourceSystem, originalCode: review.originalCode))
        #expect(settled.dossierCode == code && settled.resolvedAt != nil)
        #expect(try await store.dossiers.reviews(provinceCode: nil, resolved: false, after: nil, limit: 1000).count == pending.count - 1)
        await #expect(throws: AppError.conflict("Hồ sơ đã được xác định đơn vị và chuyển thành hồ sơ \(code)")) {
            try await service.resolve(sourceSystem: review.sourceSystem, originalCode: review.originalCode, choices: choices, by: nil)
        }
        #expect(try await store.dossiers.lookup(code: review.originalCode) != nil)
    }

    /// Applicants and facilities still in pre-reform units: the one-successor ones converted (a dossier by an
    /// event recording before and after), a split one queued and settled by a choice; `verify` stays clean.
    static func addresses(_ store: any Store, clock: WorkClock) async throws {
        let first = try #require(try await store.dossiers.subjects(provinceCode: "01", after: nil, limit: 1).first)
        let template = try #require(try await store.dossiers.dossier(code: first.code))
        var changes: [DossierChange] = []
        // Phường Phúc Xá went whole into Phường Hồng Hà (00097); Phường Hàng Bông (00076) was split.
        for (code, old) in [("ADDR-1", "00001"), ("ADDR-2", "00076")] {
            var opening = template.opening
            opening.code = code
            opening.imported = nil
            opening.applicant.communeCode = old
            let context = DossierContext(now: template.submittedAt, actor: DossierActor(userID: "u"), clock: clock)
            let submitted = try DossierDecider.submit(opening, context: context)
            let dossier = try #require(Dossier.opened(by: submitted)).applying(submitted)
            changes.append(DossierChange(before: nil, events: [submitted], after: dossier))
        }
        try await store.dossiers.appendMany(changes)
        let facility = Facility(id: "F-ADDR", provinceCode: "01", unitCode: "00004", name: "Trụ sở cũ", kind: .office, areaSquareMetres: 300,
                                condition: .fair, status: .surplus)
        try await store.bookkeeping.saveFacilities([with(facility) { $0.unitCode = "00001" }], equipment: [], at: template.submittedAt)

        let service = AddressUpdateService(store: store, clock: clock, now: { Date() })
        let dry = try await service.run(dryRun: true)
        #expect(dry.applicantsConverted == 1 && dry.applicantsForReview == 1 && dry.facilitiesConverted == 1 && dry.unknown == 0)
        #expect(try await store.dossiers.dossier(code: "ADDR-1")?.opening.applicant.communeCode == "00001", "a dry run changes nothing")
        let done = try await service.run(dryRun: false)
        #expect(done == with(dry) { $0.dryRun = false })
        let converted = try #require(try await store.dossiers.dossier(code: "ADDR-1"))
        #expect(converted.opening.applicant.communeCode == "00097" && converted.status == .submitted && converted.version == 2)
        let event = try #require(try await store.dossiers.events(code: "ADDR-1").last)
        #expect(event.kind == .correctAddress && event.details.communeBefore == "00001" && event.details.communeAfter == "00097")
        #expect(try await store.bookkeeping.facilities(provinceCode: "01", unitCode: "00097").facilities.contains { $0.id == "F-ADDR" })
        let waiting = try await service.pending(provinceCode: nil)
        #expect(waiting.map(\.subject) == ["ADDR-2"] && waiting.first?.candidates == ["00070", "00082"])
        let again = try await service.run(dryRun: false)
        #expect(again.applicantsConverted == 0 && again.facilitiesConverted == 0 && again.applicantsForReview == 1)

        await #expect(throws: AppError.self) { try await service.resolve(kind: .applicant, subject: "ADDR-2", choice: "00097", by: nil) }
        try await service.resolve(kind: .applicant, subject: "ADDR-2", choice: "00082", by: nil)
        #expect(try await store.dossiers.dossier(code: "ADDR-2")?.opening.applicant.communeCode == "00082")
        #expect(try await service.pending(provinceCode: nil).isEmpty)
        #expect(try await service.pending(state: .converted, provinceCode: "01").map(\.subject).sorted() == ["ADDR-1", "F-ADDR"])
        let verification = try await DossierVerification.run(store, provinceCode: "01")
        #expect(verification.problems.isEmpty, "\(verification.problems.prefix(5))")
    }

    @Test("a record written as a CSV row reads back as the same record")
    func csvRoundTrip() throws {
        let record = LegacyDossierRecord(
            sourceSystem: "mc-01", code: "001-250512-0007", procedureCode: "LG.01.101", procedureName: "Thủ tục riêng, “đặc biệt”",
            limit: try TimeLimit(value: 5, unit: .workingDays), channel: .online,
            applicant: Applicant(name: "Lê Thị Hà", personalID: "001190000123", phone: "0912345678", address: "Số 1, ngõ 2", communeCode: "00001"),
            receivingUnit: "001", competentUnit: "001", dueAt: Instant(iso: "2025-05-19T17:00:00+07:00"),
            history: [LegacyStatus(.submitted, at: Instant(iso: "2025-05-12T07:00:00+07:00")!), LegacyStatus(.received, at: Instant(iso: "2025-05-12T08:00:00+07:00")!)],
            documents: [DocumentReference(name: "Tờ khai", sha256: String(repeating: "ab", count: 32), uri: "https://cu.example/1")],
            rating: nil, secretSha256: String(repeating: "0f", count: 32)
        )
        let text = CSV.line(LegacyExchangeFile.columns.map(\.column)) + (try LegacyExportGenerator.csvLine(record)) + "\n"
        let lines = LegacyExchangeFile.parse(Array(text.utf8))
        #expect(lines.count == 1 && lines.first?.problems == [])
        #expect(lines.first?.record == record)
    }
}

/// A copy with a change.
private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
