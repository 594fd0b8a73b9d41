import Domain
import Foundation
import Logging
@testable import Storage
@testable import StoragePostgres
import StorageTesting
import Synchronization
import Testing

/// Numbers drawn apart from their filings (PostgreSQL) are reserved in blocks while an agency files in
/// bursts, handed out from memory, and never repeat, across servers too.
struct CodeNumbersTests {
    /// A counter row of one agency's day, as `dossier_code_counters` keeps it, counting the draws.
    final class Counter: Sendable {
        let state = Mutex<(last: Int, draws: [Int])>((0, []))
        func reserve(_ count: Int) -> Int {
            state.withLock { state in
                state.last += count
                state.draws.append(count)
                return state.last
            }
        }
    }

    static let day = LocalDate(year: 2025, month: 7, day: 1)!

    @Test("a burst reserves blocks of 1, 2, 4 … up to the largest, handed out in order; a slow agency draws one at a time")
    func blocks() async throws {
        let burst = CodeNumbers(largestBlock: 8, burst: .seconds(3_600), sustained: 0)
        let counter = Counter()
        var numbers: [Int] = []
        for _ in 0..<40 {
            numbers.append(try await burst.next(provinceCode: "01", agencyCode: "A", day: Self.day) { counter.reserve($0) })
        }
        #expect(numbers == Array(1...40))
        #expect(counter.state.withLock { $0.draws } == [1, 2, 4, 8, 8, 8, 8, 8])

        let slow = CodeNumbers(largestBlock: 8, burst: .zero, sustained: 0)
        let other = Counter()
        for expected in 1...5 {
            #expect(try await slow.next(provinceCode: "01", agencyCode: "A", day: Self.day) { other.reserve($0) } == expected)
        }
        #expect(other.state.withLock { $0.draws } == [1, 1, 1, 1, 1])

        // A burst short of the sustained rate (16 filings, however quick) draws one number at a time.
        let short = CodeNumbers(largestBlock: 8, burst: .seconds(3_600), sustained: 32)
        let third = Counter()
        for expected in 1...32 {
            #expect(try await short.next(provinceCode: "01", agencyCode: "A", day: Self.day) { third.reserve($0) } == expected)
        }
        #expect(third.state.withLock { $0.draws } == Array(repeating: 1, count: 32))
        #expect(try await short.next(provinceCode: "01", agencyCode: "A", day: Self.day) { third.reserve($0) } == 33)
        #expect(third.state.withLock { $0.draws.last } == 2, "past the sustained rate, blocks")
    }

    @Test("a busy agency stays busy when the rate's window turns; one quiet for two windows starts again one by one")
    func windows() async throws {
        let numbers = CodeNumbers(largestBlock: 4, burst: .seconds(3_600), sustained: 4)
        let counter = Counter()
        let start = ContinuousClock().now
        var at = start
        func draw() async throws -> Int {
            try await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day, at: at) { counter.reserve($0) }
        }
        for _ in 0..<6 { _ = try await draw() }
        #expect(counter.state.withLock { $0.draws } == [1, 1, 1, 1, 2])
        at = start + .seconds(3)
        _ = try await draw()
        #expect(counter.state.withLock { $0.draws.last } == 4, "the window before counted")
        for _ in 0..<3 { _ = try await draw() }
        at = start + .seconds(30)
        _ = try await draw()
        #expect(counter.state.withLock { $0.draws.last } == 1, "quiet for longer than two windows")
    }

    @Test("each agency's day has its own numbers, and a failed draw hands out nothing")
    func keys() async throws {
        let numbers = CodeNumbers(largestBlock: 4, burst: .seconds(3_600), sustained: 0)
        let counters = [Counter(), Counter(), Counter()]
        for _ in 0..<3 {
            _ = try await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day) { counters[0].reserve($0) }
        }
        #expect(try await numbers.next(provinceCode: "01", agencyCode: "B", day: Self.day) { counters[1].reserve($0) } == 1)
        #expect(try await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day.adding(days: 1)) { counters[2].reserve($0) } == 1)
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await numbers.next(provinceCode: "01", agencyCode: "C", day: Self.day) { _ in throw Refused() }
        }
        #expect(try await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day) { counters[0].reserve($0) } == 4)
    }

    /// `filings` filings at one agency at once, the first draw held until all the others wait for it
    /// and then done by `first`; every other draw by `counter`. The numbers of those that got one.
    static func together(
        _ numbers: CodeNumbers, _ filings: Int, counter: Counter, first: @escaping @Sendable (Int) throws -> Int
    ) async -> [Int] {
        final class Drawing: Sendable {
            let state = Mutex<(now: Int, most: Int, draws: Int)>((0, 0, 0))
        }
        let drawing = Drawing()
        let got = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<filings {
                group.addTask {
                    try? await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day) { count in
                        let draw = drawing.state.withLock { state in
                            state.now += 1
                            state.most = max(state.most, state.now)
                            state.draws += 1
                            return state.draws
                        }
                        defer { drawing.state.withLock { $0.now -= 1 } }
                        guard draw == 1 else { return counter.reserve(count) }
                        // Not forever: without waiting filings the expectations below fail instead.
                        for _ in 0..<5_000 where numbers.waiting(provinceCode: "01", agencyCode: "A", day: Self.day) < filings - 1 {
                            try await Task.sleep(for: .milliseconds(1))
                        }
                        return try first(count)
                    }
                }
            }
            return await group.reduce(into: [Int]()) { if let number = $1 { $0.append(number) } }
        }
        #expect(drawing.state.withLock { $0.most } == 1, "one draw in flight at a time")
        return got
    }

    @Test("filings at one agency at once wait for the draw in flight, which is sized for them: every number handed out once, no gap")
    func waitingForTheDraw() async throws {
        let numbers = CodeNumbers(largestBlock: 4, burst: .seconds(3_600), sustained: 0)
        let counter = Counter()
        let got = await Self.together(numbers, 64, counter: counter) { counter.reserve($0) }
        #expect(got.sorted() == Array(1...64))
        // The first draw takes one number (the agency not yet busy); the 63 filings waiting meanwhile
        // are served by one draw, past the largest block since each of them takes a number.
        #expect(counter.state.withLock { $0.draws } == [1, 63])
        #expect(numbers.reservations == 2)
    }

    @Test("when the draw in flight fails, its filing alone fails and the waiting ones draw again")
    func failedDrawInFlight() async throws {
        let numbers = CodeNumbers(largestBlock: 4, burst: .seconds(3_600), sustained: 0)
        let counter = Counter()
        struct Refused: Error {}
        let got = await Self.together(numbers, 32, counter: counter) { _ in throw Refused() }
        #expect(got.count == 31)
        #expect(Set(got).count == 31)
        let reserved = counter.state.withLock { $0.last }
        #expect(got.allSatisfy { (1...reserved).contains($0) })
        #expect(reserved - 31 < 4, "what is left reserved is less than a block")
        #expect(numbers.waiting(provinceCode: "01", agencyCode: "A", day: Self.day) == 0)
    }

    /// Opens servers on one fresh PostgreSQL schema, each taking blocks from its second draw on (no
    /// sustained rate to reach first, so that the tests do not depend on how fast the machine files);
    /// nil without PostgreSQL.
    static func servers() async throws -> (@Sendable () throws -> PostgresStore)? {
        guard TestStores.engines.contains(.postgres) else {
            #expect(!TestStores.postgresRequired, "MOTCUA_TEST_POSTGRES_URL is required")
            return nil
        }
        let url = try #require(TestStores.postgresURL)
        let schema = try await TestStores.newSchema(url)
        return {
            PostgresStore(
                url: try PostgresURL(url), logger: Logger(label: "test"), searchPath: schema,
                codeNumbers: CodeNumbers(largestBlock: 16, burst: .seconds(3_600), sustained: 0)
            )
        }
    }

    @Test("a number given back goes to a filing waiting for the draw, or is handed out next; a stop takes the block's unused top")
    func givenBack() async throws {
        let numbers = CodeNumbers(largestBlock: 8, burst: .seconds(3_600), sustained: 0)
        let counter = Counter()
        func next() async throws -> Int { try await numbers.next(provinceCode: "01", agencyCode: "A", day: Self.day) { counter.reserve($0) } }
        func giveBack(_ number: Int) { numbers.giveBack(provinceCode: "01", agencyCode: "A", day: Self.day, number: number) }
        // Draws of 1, 2 and 4: 1…7 reserved, 1…5 handed out.
        for expected in 1...5 { #expect(try await next() == expected) }
        giveBack(3)
        #expect(try await next() == 3)
        #expect(try await next() == 6)
        giveBack(6)
        // 6 given back just below 7, the top of the latest block: both go back to the counter.
        #expect(numbers.releaseUnused().map(\.numbers) == [6...7])
        #expect(numbers.releaseUnused().isEmpty)
        giveBack(3)
        #expect(numbers.releaseUnused().isEmpty, "a number below the top is no block's top")
        #expect(try await next() == 3)

        // Given back while filings wait for a draw: the first of them takes it.
        let waited = CodeNumbers(largestBlock: 4, burst: .seconds(3_600), sustained: 0)
        let other = Counter()
        let got = await Self.together(waited, 4, counter: other) { count in
            waited.giveBack(provinceCode: "01", agencyCode: "A", day: Self.day, number: 100)
            return other.reserve(count)
        }
        #expect(got.sorted() == [1, 2, 3, 100])
        #expect(waited.waiting(provinceCode: "01", agencyCode: "A", day: Self.day) == 0)
    }

    @Test("PostgreSQL: a refused repeat gives its number back and a clean stop the block's unused top: the numbers stay consecutive")
    func noGaps() async throws {
        guard let open = try await Self.servers() else { return }
        let day = DossierContractTests.now.vietnamDate
        func file(_ store: any Store, key: String? = nil) async throws -> Int {
            let code = try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) {
                try DossierContractTests.receipt($0, key: key)
            }
            return try #require(Int(code.suffix(4)))
        }
        let first = try open()
        _ = try await first.migrate()
        var numbers: [Int] = []
        for index in 0..<20 {
            numbers.append(try await file(first, key: "k\(index)"))
            // A repeated submit: refused by its own draw, or after taking a reserved number.
            await #expect(throws: DossierWriteError.idempotencyKeyUsed(scope: "u1", key: "k\(index)")) { _ = try await file(first, key: "k\(index)") }
        }
        #expect(numbers == Array(1...20))
        let last = { @Sendable (store: PostgresStore) in
            try await store.query(SQLStatement("SELECT last FROM dossier_code_counters WHERE agency_code = ?", [.text("001.05.01.H01")])).first?.first?.integer
        }
        // Blocks of 1, 2, 4, 8, 16: 31 reserved for 20 filings, until the stop gives 21…31 back.
        #expect(try await last(first) == 31)
        try await first.close()
        let second = try open()
        _ = try await second.migrate()
        #expect(try await last(second) == 20)
        #expect(try await file(second) == 21)
        try await second.close()
    }

    @Test("PostgreSQL: two servers filing at one agency at once hand out distinct numbers, drawn in blocks")
    func twoServers() async throws {
        guard let open = try await Self.servers() else { return }
        let first: any Store = try open()
        try await first.migrate()
        let second: any Store = try open()
        _ = try await second.migrate()
        let day = DossierContractTests.now.vietnamDate
        let codes = try await withThrowingTaskGroup(of: [String].self) { group in
            for lane in 0..<8 {
                let store = lane % 2 == 0 ? first : second
                group.addTask {
                    var codes: [String] = []
                    for _ in 0..<25 {
                        codes.append(try await store.dossiers.create(provinceCode: "01", agencyCode: "001.05.01.H01", day: day) {
                            try DossierContractTests.receipt($0)
                        })
                    }
                    return codes
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(Set(codes).count == 200)
        for code in codes { #expect(try await first.dossiers.dossier(code: code) != nil) }
        let runner = try #require(first as? any SQLScriptRunner)
        let last = try #require(try await runner.query(SQLStatement(
            "SELECT last FROM dossier_code_counters WHERE agency_code = ?", [.text("001.05.01.H01")]
        )).first?.first?.integer)
        // Fewer draws than filings: the bursts took blocks. Whatever is left reserved is at most a block
        // per server and filing at once (four each).
        let draws = try #require(first as? PostgresStore).codeNumbers.reservations + (try #require(second as? PostgresStore).codeNumbers.reservations)
        #expect(draws < 200)
        #expect(last >= 200 && last - 200 < 2 * 4 * 16)
        try await second.close()
        try await first.close()
    }
}
