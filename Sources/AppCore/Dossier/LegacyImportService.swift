import Domain
public import Foundation
public import Storage
import Synchronization

/// Brings over the dossiers of pre-reform one-stop systems (Resolution 268 §III.8): each record of an
/// exchange file is checked, its old units mapped through the lineage, its history replayed by the
/// dossier rules, and written by the bulk path with its alias, so that the counters count it and the
/// citizen finds it by the code they hold. A record whose old commune was split waits in the review
/// queue for an officer of the province. A record already imported or queued is skipped: a re-import
/// changes nothing.
public struct LegacyImportService: Sendable {
    public struct RowProblem: Sendable, Codable, Equatable {
        public var line: Int
        public var code: String?
        public var field: String
        public var reason: String
    }

    public struct Report: Sendable, Codable, Equatable {
        public var dryRun: Bool
        public var records = 0
        public var imported = 0
        public var queuedForReview = 0
        public var alreadyKnown = 0
        public var invalidRecords = 0
        public var events = 0
        /// Every problem of every invalid record, by line.
        public var problems: [RowProblem] = []
        public var importedByProvince: [String: Int] = [:]
    }

    public let store: any Store
    let calendar: CalendarService
    let now: @Sendable () -> Date

    public init(store: any Store, calendar: CalendarService, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.calendar = calendar
        self.now = now
    }

    var instant: Instant { Instant(secondsSince1970: now().timeIntervalSince1970) }

    /// What the import looks up for every record, loaded once.
    struct Context: Sendable {
        var units: LegacyUnits
        var catalog: Catalog
        var agencies: [String: [Agency]]
        var clock: WorkClock
        var now: Instant
    }

    func context() async throws(AppError) -> Context {
        let (units, lineage, versions, agencies) = try await storage {
            (try await store.geography.allUnits(), try await store.geography.allLineage(), try await store.catalog.all(),
             try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000))
        }
        let catalog: Catalog
        do { catalog = try Catalog(versions) } catch { throw .invalid("catalog", "Danh mục thủ tục không hợp lệ: \(error)") }
        let today = instant.vietnamDate
        let current = agencies.filter { $0.validFrom <= today && today <= $0.validTo }
        return Context(
            units: LegacyUnits(units: units, lineage: lineage), catalog: catalog, agencies: Dictionary(grouping: current, by: \.unitCode),
            clock: try await calendar.clock(centre: nil), now: instant
        )
    }

    /// What became of one record before anything is written.
    enum Prepared: Sendable {
        case invalid([FieldProblem])
        case review(LegacyImportReview)
        case ready(change: DossierChange, block: CodeBlock)
    }

    /// Checks, maps and replays one record under a stand-in code (the real one is reserved for the
    /// records that pass). `user`, when given, must be allowed to import into the dossier's province.
    static func prepare(
        _ record: LegacyDossierRecord, choices: [String: String] = [:], reviewedBy: String? = nil, context: Context, user: UserRecord?
    ) -> Prepared {
        let problems = record.problems(now: context.now)
        guard problems.isEmpty else { return .invalid(problems) }
        // The procedure is checked before the units, so that the review queue holds only records its
        // choice makes importable.
        let level: ProcedureVersion.Level = record.competentUnit.utf8.count == 2 ? .province : .commune
        let procedure: ProcedureVersion
        do throws(DossierError) {
            procedure = try LegacyReplay.procedure(for: record, catalog: context.catalog, level: level).version
        } catch {
            return .invalid(error.problems)
        }
        let placement: LegacyPlacement
        switch context.units.place(record, choices: choices) {
        case .invalid(let problems):
            return .invalid(problems)
        case .review(let candidates):
            // Checked whole under a provisional choice, so that the queue holds only records the
            // officer's choice makes importable.
            let trial = prepare(record, choices: candidates.mapValues { $0[0] }, reviewedBy: "", context: context, user: nil)
            if case .invalid(let problems) = trial { return .invalid(problems) }
            let province = candidates.values.lazy.compactMap { $0.first.flatMap(context.units.unit)?.provinceCode }.first ?? ""
            if let user, let denial = denial(user, .importDossiers, .province(province)) {
                return .invalid([FieldProblem(field: "competentUnit", reason: denial)])
            }
            return .review(LegacyImportReview(record: record, provinceCode: province, candidates: candidates, queuedAt: context.now))
        case .placed(let placed):
            placement = placed
        }
        if let user, reviewedBy == nil, let denial = denial(user, .importDossiers, .province(placement.provinceCode)) {
            return .invalid([FieldProblem(field: "competentUnit", reason: denial)])
        }
        do throws(DossierError) {
            guard let receiving = Agency.first(of: Agency.counterKinds, in: context.agencies[placement.receivingUnit] ?? []) else {
                throw .field("receivingUnit", "Đơn vị \(placement.receivingUnit) chưa có cơ quan tiếp nhận hồ sơ")
            }
            guard let competent = Agency.first(of: Agency.deciderKinds(procedure.agencyKind), in: context.agencies[placement.competentUnit] ?? [])
            else {
                throw .field("competentUnit", "Đơn vị \(placement.competentUnit) chưa có cơ quan giải quyết")
            }
            let references = record.documents ?? []
            var documents = procedure.documents.map { required in
                ReceivedDocument(
                    name: required.name, original: required.original, count: required.count, required: required.required, provided: false,
                    file: references.first { $0.name == required.name }?.sha256
                )
            }
            for reference in references where !documents.contains(where: { $0.name == reference.name }) {
                documents.append(ReceivedDocument(name: reference.name, original: false, count: 1, required: false, provided: false, file: reference.sha256))
            }
            var applicant = record.applicant
            applicant.communeCode = placement.addressCommune
            var opening = DossierOpening(
                code: standIn, provinceCode: placement.provinceCode, procedure: procedure, channel: record.channel,
                receivingUnit: placement.receivingUnit, receivingAgency: receiving.code, competentUnit: placement.competentUnit,
                competentAgency: competent.code, returnUnit: placement.receivingUnit, returnAgency: receiving.code, applicant: applicant,
                summary: record.summary, documents: documents, portalID: nil,
                secretHash: record.secretSha256.map { "\(DossierService.unsaltedMark)$\($0.lowercased())" } ?? ""
            )
            opening.imported = ImportedOrigin(
                sourceSystem: record.sourceSystem, originalCode: record.code, receivingUnit: record.receivingUnit,
                competentUnit: record.competentUnit, addressCommune: record.applicant.communeCode, documents: references,
                results: record.results ?? [], reviewedBy: reviewedBy
            )
            let (events, dossier) = try LegacyReplay.replay(record, opening: opening, clock: context.clock)
            let block = CodeBlock(
                provinceCode: placement.provinceCode, agencyCode: receiving.code, day: dossier.submittedAt.vietnamDate, count: 1
            )
            return .ready(change: DossierChange(before: nil, events: events, after: dossier), block: block)
        } catch {
            return .invalid(error.problems.isEmpty ? [FieldProblem(field: "history", reason: error.message)] : error.problems)
        }
    }

    /// The code every prepared dossier carries until its own is reserved.
    static let standIn = "~legacy~"

    /// The change with its reserved code in the opening (the only place a dossier's code is written).
    static func named(_ change: DossierChange, code: String) throws -> DossierChange {
        var change = change
        change.after.opening.code = code
        change.events[0].details.opening?.code = code
        change.publicView = try DossierService.json(PublicDossierView(change.after))
        return change
    }

    static func denial(_ user: UserRecord, _ action: Action, _ place: Place) -> String? {
        if case .deny(let reason, _) = AccessPolicy.decide(user.officer, action, Resource(place: place)) { return reason }
        return nil
    }

    // MARK: Import

    /// Imports an exchange file (JSON Lines or CSV) in memory; see `importFile(from:…)`.
    public func importFile(
        _ bytes: [UInt8], dryRun: Bool, by user: UserRecord?, batchSize: Int = 1_000, concurrency: Int = 4, chunkRecords: Int = 25_000,
        progress: @Sendable @escaping (Int, Int) -> Void = { _, _ in }
    ) async throws(AppError) -> Report {
        try await importFile(
            from: .bytes(bytes), dryRun: dryRun, by: user, batchSize: batchSize, concurrency: concurrency, chunkRecords: chunkRecords,
            progress: progress
        )
    }

    /// Imports an exchange file (JSON Lines or CSV) read from `source`. With `dryRun` everything is
    /// checked and reported and nothing is written. The file is read `chunkRecords` records at a time,
    /// the next chunk read and checked while the batches of the one before are written, so that memory
    /// holds two chunks, plus each record's source and original code (to find repeats: ~100 bytes a
    /// record) and the invalid rows' problems (a 300,000-record export: peak RSS 0.70 GB, where holding
    /// it whole took 1.79 GB and grew with the file). Each chunk goes in filing order
    /// (`filingOrder`). `progress` hears records done of all, the total estimated from the bytes read
    /// until the end.
    public func importFile(
        from source: ExchangeFileSource, dryRun: Bool, by user: UserRecord?, batchSize: Int = 1_000, concurrency: Int = 4,
        chunkRecords: Int = 25_000, progress: @Sendable @escaping (Int, Int) -> Void = { _, _ in }
    ) async throws(AppError) -> Report {
        let context = try await context()
        let shared = ImportTally(Report(dryRun: dryRun), done: 0)
        var firstLine: [String: Int] = [:]
        let store = self.store
        do {
            var chunk = try Self.readChunk(ExchangeChunk(), from: source, records: max(1, chunkRecords))
            while true {
                var candidates: [(line: Int, record: LegacyDossierRecord)] = []
                shared.state.withLock { state in
                    state.report.records += chunk.lines.count
                    for line in chunk.lines {
                        guard let record = line.record else {
                            state.report.add(line.number, code: nil, line.problems)
                            continue
                        }
                        let key = "\(record.sourceSystem)\u{1F}\(record.code)"
                        if let first = firstLine[key] {
                            state.report.add(line.number, code: record.code, [FieldProblem(field: "code", reason: "Trùng mã hồ sơ gốc với dòng \(first)")])
                            continue
                        }
                        firstLine[key] = line.number
                        candidates.append((line.number, record))
                    }
                    state.done += chunk.lines.count - candidates.count
                }
                let current = chunk
                let estimate = { @Sendable (done: Int) -> Void in
                    let records = shared.state.withLock { $0.report.records }
                    let total = current.ended || source.size == nil
                        ? records : max(records, Int(Double(records) * Double(source.size ?? 0) / Double(max(1, current.bytesRead))))
                    progress(done, total)
                }
                estimate(shared.state.withLock { $0.done })
                let ordered = Self.filingOrder(candidates)
                let batches = stride(from: 0, to: ordered.count, by: batchSize).map { Array(ordered[$0..<min(ordered.count, $0 + batchSize)]) }
                async let following = current.ended ? nil : Self.readChunk(current.next(), from: source, records: max(1, chunkRecords))
                try await Self.importBatches(batches, shared: shared, concurrency: concurrency, progress: estimate) { batch in
                    try await Self.importBatch(batch, context: context, store: store, user: user, dryRun: dryRun)
                }
                guard let next = try await following else { break }
                chunk = next
            }
        } catch let error as AppError {
            throw error
        } catch {
            throw DossierService.storageError(error)
        }
        var report = shared.state.withLock { $0.report }
        report.problems.sort { ($0.line, $0.field) < ($1.line, $1.field) }
        return report
    }

    /// The next chunk's lines: at least `records`, or what is left of the file.
    static func readChunk(_ start: ExchangeChunk, from source: ExchangeFileSource, records: Int) throws -> ExchangeChunk {
        var chunk = start
        while chunk.lines.count < records {
            let read: [UInt8]?
            do {
                read = try source.read()
            } catch {
                // The chunks before this one stay imported: each record is whole, and importing the file again finishes it.
                throw AppError.unavailable("the exchange file could not be read after \(chunk.bytesRead) bytes: \(error.localizedDescription)")
            }
            guard let block = read else {
                chunk.lines += chunk.reader.lines([], final: true)
                chunk.ended = true
                break
            }
            chunk.bytesRead += block.count
            chunk.lines += chunk.reader.lines(block, final: false)
        }
        return chunk
    }

    /// The batches of one chunk, `concurrency` of them in flight, each one's report added as it ends.
    static func importBatches(
        _ batches: [[(line: Int, record: LegacyDossierRecord)]], shared: ImportTally, concurrency: Int,
        progress: @Sendable @escaping (Int) -> Void,
        _ run: @Sendable @escaping ([(line: Int, record: LegacyDossierRecord)]) async throws -> Report
    ) async throws {
        let cursor = BatchCursor()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        let index = cursor.next.add(1, ordering: .relaxed).oldValue
                        guard index < batches.count else { return }
                        let part = try await run(batches[index])
                        let done = shared.state.withLock { state in
                            state.report.merge(part)
                            state.done += batches[index].count
                            return state.done
                        }
                        progress(done)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// The records in the order they were filed (their first status), not the file's: a batch then adds
    /// to the counters of a few days, which share pages, where a batch of an export in any order dirtied
    /// a page for nearly every counter row, and SQLite's single writer wrote each to its log in full (153
    /// KB per imported dossier, BENCHMARKS.md). The line breaks ties, so the order is the same every run.
    static func filingOrder(_ records: [(line: Int, record: LegacyDossierRecord)]) -> [(line: Int, record: LegacyDossierRecord)] {
        records.sorted { ($0.record.history.first?.at.minutes ?? .max, $0.line) < ($1.record.history.first?.at.minutes ?? .max, $1.line) }
    }

    /// One batch: what is known is skipped, the rest prepared, and the ready ones written in one
    /// transaction under codes reserved for them; the reviews are queued after.
    static func importBatch(
        _ batch: [(line: Int, record: LegacyDossierRecord)], context: Context, store: any Store, user: UserRecord?, dryRun: Bool
    ) async throws -> Report {
        var report = Report(dryRun: dryRun)
        var known: Set<String> = []
        for (system, codes) in Dictionary(grouping: batch.map(\.record), by: \.sourceSystem) {
            for code in try await store.dossiers.knownOriginals(sourceSystem: system, codes: codes.map(\.code)) {
                known.insert("\(system)\u{1F}\(code)")
            }
        }
        var ready: [(change: DossierChange, block: CodeBlock)] = []
        var reviews: [LegacyImportReview] = []
        for (line, record) in batch {
            if known.contains("\(record.sourceSystem)\u{1F}\(record.code)") {
                report.alreadyKnown += 1
                continue
            }
            switch prepare(record, context: context, user: user) {
            case .invalid(let problems): report.add(line, code: record.code, problems)
            case .review(let review): reviews.append(review)
            case .ready(let change, let block): ready.append((change, block))
            }
        }
        report.queuedForReview = reviews.count
        report.imported = ready.count
        report.events = ready.reduce(0) { $0 + $1.change.events.count }
        for item in ready { report.importedByProvince[item.change.after.provinceCode, default: 0] += 1 }
        guard !dryRun else { return report }
        if !ready.isEmpty {
            let changes = try await reserveAndName(ready, store: store)
            try await store.dossiers.appendMany(changes)
        }
        try await store.dossiers.queueReviews(reviews)
        return report
    }

    /// Reserves the codes of prepared dossiers by agency and day, and names each dossier with its own.
    static func reserveAndName(_ ready: [(change: DossierChange, block: CodeBlock)], store: any Store) async throws -> [DossierChange] {
        let codes = try await CodeBlock.reserve(ready.map(\.block), in: store)
        return try zip(ready, codes).map { item, code in try named(item.change, code: code) }
    }
}

/// The report and progress the batches in flight add to.
final class ImportTally: Sendable {
    let state: Mutex<(report: LegacyImportService.Report, done: Int)>

    init(_ report: LegacyImportService.Report, done: Int) {
        state = Mutex((report, done))
    }
}

/// The next batch of a chunk to take.
final class BatchCursor: Sendable {
    let next = Atomic<Int>(0)
}

/// Records of an exchange file read so far, and the reader that goes on after them.
struct ExchangeChunk: Sendable {
    var reader = LegacyExchangeFile.Reader()
    var lines: [LegacyExchangeFile.Line] = []
    /// Bytes read from the file's start to this chunk's end.
    var bytesRead = 0
    var ended = false

    /// An empty chunk that reads on where this one stopped.
    func next() -> ExchangeChunk {
        ExchangeChunk(reader: reader, lines: [], bytesRead: bytesRead, ended: false)
    }
}

extension LegacyImportService.Report {
    mutating func add(_ line: Int, code: String?, _ problems: [FieldProblem]) {
        invalidRecords += 1
        self.problems += problems.map { LegacyImportService.RowProblem(line: line, code: code, field: $0.field, reason: $0.reason) }
    }

    mutating func merge(_ other: Self) {
        imported += other.imported
        queuedForReview += other.queuedForReview
        alreadyKnown += other.alreadyKnown
        invalidRecords += other.invalidRecords
        events += other.events
        problems += other.problems
        for (province, count) in other.importedByProvince { importedByProvince[province, default: 0] += count }
    }
}
