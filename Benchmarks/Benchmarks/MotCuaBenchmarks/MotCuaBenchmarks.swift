import AppCore
import Benchmark
import Domain
import Foundation
import ReferenceData
import Storage
import StorageSQLite
import Synchronization

/// What the store-backed benchmarks share: a migrated SQLite file (WAL, synchronous=FULL, as served)
/// with the reference data, three officers and a synthetic data set for the report query. Made once.
struct Context: Sendable {
    let store: any Store
    let dossiers: DossierService
    let reports: ReportService
    let clerk: UserRecord
    let specialist: UserRecord
    let approver: UserRecord

    static let shared = Mutex<Context?>(nil)

    static func get() async throws -> Context {
        if let context = shared.withLock({ $0 }) { return context }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-bench-\(UUID().uuidString)")
        let store = try SQLiteStore(path: folder.appendingPathComponent("motcua.sqlite").path)
        _ = try await store.migrate()
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        _ = try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
        let identity = IdentityService(store: store, now: { Date() })
        _ = try await identity.seedAgencies()
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        // Scale 0.001 of Resolution 268: 6,500 dossiers over 2025-07-01…2025-08-23.
        _ = try await SyntheticGenerator(store: store, clock: calendar.defaultClock, profile: .resolution268, scale: 0.001, seed: 1).run()
        let geography = try await GeographyService.load(store: store, now: { Date() })
        func officer(_ role: String) async throws -> UserRecord {
            try await identity.addUser(.init(
                username: "bench.\(role)", fullName: "Trần Văn Bình", password: "Mat-khau-do-2026!", roles: [role], unitCode: "00004"
            ), by: nil)
        }
        let context = Context(
            store: store, dossiers: DossierService(store: store, calendar: calendar, identity: identity, now: { Date() }),
            reports: ReportService(store: store, gazetteer: geography.converter.gazetteer, now: { Date() }),
            clerk: try await officer("receptionist"), specialist: try await officer("specialist"), approver: try await officer("approver")
        )
        shared.withLock { $0 = context }
        return context
    }

    func receive() async throws -> (code: String, version: Int) {
        let answer = try await dossiers.create(NewDossierRequest(
            procedureCode: "1.004873", applicant: Applicant(name: "Đỗ Thị Lan", personalID: "001195012345"), summary: "Đo tốc độ"
        ), by: clerk, idempotency: nil)
        guard let code = answer.code, let version = answer.version else { throw AppError.invalid("code", "no code") }
        return (code, version)
    }
}

let referenceGeography: AddressConverter = {
    do {
        let dataset = try GeographyDataset(
            currentCSV: ReferenceFiles.geography(ReferenceFiles.currentUnits),
            legacyCSV: ReferenceFiles.geography(ReferenceFiles.legacyUnits),
            lineageCSV: ReferenceFiles.geography(ReferenceFiles.lineage)
        )
        return AddressConverter(gazetteer: Gazetteer(dataset))
    } catch {
        fatalError("reference geography: \(error)")
    }
}()

let oldAddresses = [
    "Số 5 ngõ 12, P. Trúc Bạch, Q. Ba Đình, TP. Hà Nội",
    "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
    "thon 3, xa Hoa Phu, huyen Hoa Vang, Da Nang",
    "Xã Đông Phước, Huyện Châu Thành, Tỉnh Hậu Giang",
    "12 Lê Lợi, Phường Vĩnh Ninh, Thành phố Huế, Thừa Thiên Huế",
    "Phường Hố Nai, Tỉnh Đồng Nai",
    "TT. Ba Tơ, H. Ba Tơ, T. Quảng Ngãi",
    "Xã Kiến Bình, Huyện Tân Thạnh, Long An",
]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .microseconds, warmupIterations: 5, maxDuration: .seconds(5), maxIterations: 1_000_000
    )

    Benchmark("address conversion (old address → current commune)") { benchmark in
        let converter = referenceGeography
        for index in benchmark.scaledIterations {
            blackHole(converter.convert(oldAddresses[index % oldAddresses.count]))
        }
    }

    let clock = WorkClock(calendar: try! WorkingCalendar())
    let start = Instant(iso: "2026-01-01T00:00:00+07:00")!.minutes
    Benchmark("due time (working days, with and without a pause)") { benchmark in
        for index in benchmark.scaledIterations {
            let received = Instant(minutes: start + (index &* 7_919) % (300 * 1_440))
            let limit = try TimeLimit(value: 1 + index % 30, unit: .workingDays)
            let pauses = index % 2 == 0 ? [] : [try Pause(from: Instant(minutes: received.minutes + 600), to: Instant(minutes: received.minutes + 4_000))]
            blackHole(try clock.due(receivedAt: received, limit: limit, pauses: pauses))
        }
    }

    Benchmark(
        "counter reception: decide + events + projections + counters, one transaction (SQLite, synchronous=FULL)",
        configuration: .init(maxIterations: 3_000)
    ) { benchmark in
        let context = try await Context.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await context.receive()) }
        benchmark.stopMeasurement()
    }

    Benchmark("transition: assign (If-Match version, event + projections, SQLite)", configuration: .init(maxIterations: 3_000)) { benchmark in
        let context = try await Context.get()
        var filed: [(code: String, version: Int)] = []
        for _ in benchmark.scaledIterations { filed.append(try await context.receive()) }
        benchmark.startMeasurement()
        for dossier in filed {
            blackHole(try await context.dossiers.command(
                code: dossier.code, DossierCommandRequest(command: .assign, assignee: context.specialist.id),
                expectedVersion: dossier.version, by: context.approver, secret: nil, idempotency: nil
            ))
        }
        benchmark.stopMeasurement()
    }

    Benchmark("indicators report, nation by province, 54 days (6,500 dossiers, SQLite)", configuration: .init(maxIterations: 2_000)) { benchmark in
        let context = try await Context.get()
        let request = try ReportRequest.parse(scope: "nation", from: "2025-07-01", to: "2025-08-23", by: "province", perspective: nil)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await context.reports.indicators(request)) }
        benchmark.stopMeasurement()
    }
}
