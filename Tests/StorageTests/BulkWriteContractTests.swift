import Domain
import Storage
import StorageTesting
import Synchronization
import Testing

/// The bulk path (generation, import) on every engine: the same dossiers written in one multi-row
/// transaction leave exactly the rows and counters that writing them one by one leaves, and a batch
/// that fails writes nothing.
@Suite("bulk write store contract")
struct BulkWriteContractTests {
    /// The dossiers of the monitoring fixture as whole-life changes, read back from a store written one
    /// change at a time.
    static func changes(from store: any Store, _ dossiers: [Dossier]) async throws -> [DossierChange] {
        var changes: [DossierChange] = []
        for dossier in dossiers {
            let events = try await store.dossiers.events(code: dossier.code)
            let view = try #require(try await store.dossiers.lookup(code: dossier.code)).publicView
            changes.append(DossierChange(before: nil, events: events, after: dossier, publicView: view))
        }
        return changes
    }

    static func blocks(_ dossiers: [Dossier]) -> [CodeBlock] {
        var counts: [LocalDate: Int] = [:]
        for dossier in dossiers { if let code = DossierCode(dossier.code) { counts[code.date, default: 0] += 1 } }
        return counts.keys.sorted().map { CodeBlock(provinceCode: "01", agencyCode: "001.05.01.H01", day: $0, count: counts[$0] ?? 0) }
    }

    @Test("one bulk write leaves the rows and counters of one-by-one writes; codes go on after a reserved block", arguments: TestStores.engines)
    func sameAsOneByOne(engine: TestStores.Engine) async throws {
        let single = try await TestStores.make(engine)
        let dossiers = try await MonitoringContractTests.write(single)
        let changes = try await Self.changes(from: single, dossiers)
        #expect(changes.count == 40)

        let bulk = try await TestStores.make(engine)
        let blocks = Self.blocks(dossiers)
        #expect(try await bulk.dossiers.reserveCodes(blocks) == Array(repeating: 1, count: blocks.count))
        try await bulk.dossiers.appendMany(changes)

        #expect(try await bulk.dossiers.count(provinceCode: nil) == 40)
        for change in changes {
            #expect(try await bulk.dossiers.dossier(code: change.after.code) == change.after)
            #expect(try await bulk.dossiers.events(code: change.after.code) == change.events)
            #expect(try await bulk.dossiers.lookup(code: change.after.code)?.publicView == change.publicView)
        }
        let all = (LocalDate(year: 2025, month: 1, day: 1)!, LocalDate(year: 2026, month: 12, day: 31)!)
        #expect(try await bulk.dossiers.counters(provinceCode: nil, from: all.0, to: all.1)
            == (try await single.dossiers.counters(provinceCode: nil, from: all.0, to: all.1)))
        #expect(try await bulk.monitoring.cohorts(provinceCode: nil) == (try await single.monitoring.cohorts(provinceCode: nil)))
        #expect(try await bulk.monitoring.stepRows(provinceCode: nil) == (try await single.monitoring.stepRows(provinceCode: nil)))
        #expect(try await bulk.monitoring.rollupDifferences().isEmpty)

        // The next filing of a reserved day takes the number after the block; a second block follows it.
        let first = try #require(blocks.first)
        let next = try await bulk.dossiers.create(provinceCode: "01", agencyCode: first.agencyCode, day: first.day) {
            try DossierContractTests.receipt($0)
        }
        #expect(next == DossierCode(agencyCode: first.agencyCode, date: first.day, number: first.count + 1).description)
        var again = first
        again.count = 3
        #expect(try await bulk.dossiers.reserveCodes([again]) == [first.count + 2])
        try await single.close()
        try await bulk.close()
    }

    @Test("a bulk write that fails anywhere writes nothing", arguments: TestStores.engines)
    func allOrNothing(engine: TestStores.Engine) async throws {
        let single = try await TestStores.make(engine)
        let dossiers = try await MonitoringContractTests.write(single)
        let changes = try await Self.changes(from: single, dossiers)

        let bulk = try await TestStores.make(engine)
        try await bulk.dossiers.appendMany([changes[5]])
        let all = (LocalDate(year: 2025, month: 1, day: 1)!, LocalDate(year: 2026, month: 12, day: 31)!)
        let countersBefore = try await bulk.dossiers.counters(provinceCode: nil, from: all.0, to: all.1)
        // The last change names a dossier already written: the whole batch is rolled back.
        await #expect(throws: (any Error).self) { try await bulk.dossiers.appendMany(Array(changes[10..<20]) + [changes[5]]) }
        // The same dossier twice in one batch is refused before anything is sent.
        await #expect(throws: StorageError.self) { try await bulk.dossiers.appendMany([changes[1], changes[2], changes[1]]) }
        #expect(try await bulk.dossiers.count(provinceCode: nil) == 1)
        #expect(try await bulk.dossiers.dossier(code: changes[10].after.code) == nil)
        #expect(try await bulk.dossiers.counters(provinceCode: nil, from: all.0, to: all.1) == countersBefore)
        #expect(try await bulk.monitoring.rollupDifferences().isEmpty)
        await #expect(throws: StorageError.self) {
            try await bulk.dossiers.reserveCodes([CodeBlock(provinceCode: "01", agencyCode: "001.05.01.H01", day: all.0, count: 0)])
        }
        try await single.close()
        try await bulk.close()
    }

    @Test("a bulk write is a script of its own; a filing may share its transaction", arguments: TestStores.engines)
    func bulkScriptsAlone(engine: TestStores.Engine) async throws {
        let single = try await TestStores.make(engine)
        let changes = try await Self.changes(from: single, try await MonitoringContractTests.write(single))
        let store = try await TestStores.make(engine)
        let runner = ScriptRecorder(try #require(store as? any SQLScriptRunner))
        let dossiers = SQLDossierRepository(executor: runner, partitioned: engine == .postgres)
        let blocks = Self.blocks(changes.map(\.after))
        _ = try await dossiers.reserveCodes(blocks)
        try await dossiers.appendMany(changes)
        _ = try await dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: blocks[0].day) { try DossierContractTests.receipt($0) }
        let scripts = runner.scripts.withLock { $0 }
        // The code reservation, the bulk write, the filing.
        #expect(scripts.count == 3)
        #expect(scripts.map(\.alone) == [false, true, false])
        #expect(try await store.dossiers.count(provinceCode: nil) == 41)
        try await single.close()
        try await store.close()
    }

    @Test("a code reservation run again after a rollback gives the numbers of the run that stood", arguments: TestStores.engines)
    func reservationRunAgain(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let block = CodeBlock(provinceCode: "01", agencyCode: "001.05.01.H01", day: LocalDate(year: 2025, month: 7, day: 1)!, count: 5)
        let other = CodeBlock(provinceCode: "01", agencyCode: "001.05.01.H02", day: block.day, count: 2)
        let direct = SQLDossierRepository(executor: try #require(store as? any SQLScriptRunner), partitioned: engine == .postgres)
        // As PostgreSQL's group commit does when another script of the batch fails: the first run is
        // rolled back, another writer reserves meanwhile, and the script runs again.
        let runner = RunTwice(try #require(store as? any SQLScriptRunner)) { _ = try await direct.reserveCodes([block]) }
        let dossiers = SQLDossierRepository(executor: runner, partitioned: engine == .postgres)
        #expect(try await dossiers.reserveCodes([other, block]) == [1, 6], "the interloper took 1…5 of the block's day")
        #expect(try await direct.reserveCodes([block]) == [11])
        try await store.close()
    }
}

/// A script runner whose scripts each run first in a transaction rolled back at its end, then, after
/// `meanwhile`, for real.
final class RunTwice: SQLScriptRunner {
    struct RolledBack: Error {}
    let engine: any SQLScriptRunner
    let meanwhile: @Sendable () async throws -> Void

    init(_ engine: any SQLScriptRunner, meanwhile: @escaping @Sendable () async throws -> Void) {
        self.engine = engine
        self.meanwhile = meanwhile
    }

    func run(_ script: SQLScript) async throws {
        let then = script.then
        let failing = SQLScript(script.first, alone: script.alone, counters: script.counters) { rows in
            try (then?(rows) ?? []) + [SQLStep(SQLStatement("SELECT 1")) { _ in throw RolledBack() }]
        }
        await #expect(throws: RolledBack.self) { try await self.engine.run(failing) }
        try await meanwhile()
        try await engine.run(script)
    }

    var multiRowInsert: String { engine.multiRowInsert }
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await engine.query(statement) }
    func transaction(_ statements: [SQLStatement]) async throws { try await engine.transaction(statements) }
    func jsonText(_ column: String, path: [String]) -> String { engine.jsonText(column, path: path) }
}

/// An engine's script runner that keeps every script it runs (the statements go to the engine).
final class ScriptRecorder: SQLScriptRunner {
    let engine: any SQLScriptRunner
    let scripts = Mutex<[SQLScript]>([])

    init(_ engine: any SQLScriptRunner) { self.engine = engine }

    func run(_ script: SQLScript) async throws {
        scripts.withLock { $0.append(script) }
        try await engine.run(script)
    }

    var multiRowInsert: String { engine.multiRowInsert }
    func change(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await engine.change(statement) }
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await engine.query(statement) }
    func keyedQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await engine.keyedQuery(statement) }
    func readQuery(_ statement: SQLStatement) async throws -> [[SQLValue]] { try await engine.readQuery(statement) }
    func transaction(_ statements: [SQLStatement]) async throws { try await engine.transaction(statements) }
    var readsMayLag: Bool { engine.readsMayLag }
    var sumsInProcess: Bool { engine.sumsInProcess }
    func jsonText(_ column: String, path: [String]) -> String { engine.jsonText(column, path: path) }
}
