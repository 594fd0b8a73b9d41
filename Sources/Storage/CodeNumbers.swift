public import Domain
import Synchronization

/// Dossier numbers reserved ahead, per agency and day, where they are drawn apart from the filing
/// (`SQLDossierRepository.codesApart`, PostgreSQL): each draw was a round trip and a commit of its own
/// (without them, the server's and the backends' CPU per counter-morning request fell from ~1,050 to
/// ~880 µs and the receptions rose ×1.15, BENCHMARKS.md, issue 5). As a PostgreSQL
/// sequence with `CACHE`, a server takes a block of an agency's numbers in one statement and hands
/// them out from memory. Blocks are taken only while an agency files at a sustained rate (`sustained`
/// numbers within `window`) and each is used up within `burst`, doubling from one up to `largestBlock`:
/// a counter filing now and then, or a burst of a dozen filings, reserves no number it does not hand out,
/// so that their numbers are consecutive across servers (issue 5's acceptance: 16 receptions split between
/// two servers get 0001–0016). What a busy agency leaves reserved when the day ends or the server stops
/// is a gap in its numbering, like a filing that failed after its draw, unless the server stops cleanly
/// and nobody drew after it (`releaseUnused`); several busy servers on one database hand out interleaved
/// numbers. `MOTCUA_CODE_BLOCK=1` draws one number per filing.
///
/// One draw per agency's day is in flight at a time: the filings that find its numbers used up meanwhile
/// wait for that draw, which hands them its numbers, and the next draw is sized for those still waiting
/// (each of them takes one). A filing that takes a reserved number and is then refused for a used
/// idempotency key gives it back (`giveBack`), where a draw of its own would have refused before
/// drawing: a repeated submit leaves no gap either way. When each drew for
/// itself, 48 connections filing at one agency queued on its counter row: the draws held the backends
/// 4.6–5.0 s in 15 s, 0.15–0.17 s since, and the p99 fell from 47–50 to 41–43 ms (BENCHMARKS.md, issue 5).
public final class CodeNumbers: Sendable {
    /// The most numbers reserved at once, unless more filings are waiting for them.
    public let largestBlock: Int
    /// A block used up within this long of its reservation makes the next one twice as large …
    let burst: Duration
    /// … once the agency's day has handed out this many numbers within `window`.
    let sustained: Int
    static let window = Duration.seconds(2)
    private let clock = ContinuousClock()
    private let state = Mutex<[Key: Reserve]>([:])
    private let reserved = Atomic<Int>(0)
    /// How many blocks this server has reserved (tests see that blocks formed).
    var reservations: Int { reserved.load(ordering: .relaxed) }

    struct Key: Hashable {
        var provinceCode: String
        var agencyCode: String
        var day: LocalDate
    }

    /// What a filing does next: take a number, draw `count` numbers (the first is its own), or look again.
    enum Turn: Sendable {
        case number(Int)
        case draw(Int)
        case again
    }

    struct Reserve {
        /// Reserved and not handed out, lowest first.
        var free: [ClosedRange<Int>] = []
        var lastBlock = 0
        /// The last number of the latest block drawn: the counter row's value, unless another server drew since.
        var drawnUpTo = 0
        var reservedAt: ContinuousClock.Instant
        /// Numbers handed out since `windowStart`, and in the window before (so that a busy agency
        /// stays busy when a window turns).
        var recent = 0
        var previous = 0
        var windowStart: ContinuousClock.Instant
        /// Whether a filing is drawing numbers, and the filings waiting for them, first come first.
        var drawing = false
        var waiting: [CheckedContinuation<Turn, Never>] = []

        init(at now: ContinuousClock.Instant) {
            reservedAt = now
            windowStart = now
        }

        mutating func takeFree() -> Int? {
            guard let first = free.first else { return nil }
            let number = first.lowerBound
            if first.count == 1 { free.removeFirst() } else { free[0] = (number + 1)...first.upperBound }
            return number
        }
    }

    /// Past this many agencies' days, earlier days are forgotten, then everything (what is forgotten is
    /// a gap, never a repeat).
    static let capacity = 50_000

    public init(largestBlock: Int, burst: Duration = .seconds(1), sustained: Int = 32) {
        self.largestBlock = max(1, largestBlock)
        self.burst = burst
        self.sustained = sustained
    }

    /// The next number of an agency's day: a reserved one, or the first of a block `reserve(count)`
    /// takes (it returns the block's last number, as the counter row holds it after the update).
    func next(
        provinceCode: String, agencyCode: String, day: LocalDate, at instant: ContinuousClock.Instant? = nil,
        reserve: (Int) async throws -> Int
    ) async throws -> Int {
        let key = Key(provinceCode: provinceCode, agencyCode: agencyCode, day: day)
        let now = instant ?? clock.now
        var turn = take(key, at: now, counted: false, waiter: nil) ?? .again
        while true {
            switch turn {
            case .number(let number):
                return number
            case .again:
                turn = await withCheckedContinuation { waiter in
                    if let turn = take(key, at: now, counted: true, waiter: waiter) { waiter.resume(returning: turn) }
                }
            case .draw(let count):
                let last: Int
                do {
                    last = try await reserve(count)
                } catch {
                    // The draw may have failed for this filing alone (its idempotency key used): each
                    // waiting filing looks again, and one of them draws.
                    for waiter in settle(key, at: now, block: nil) { waiter.0.resume(returning: waiter.1) }
                    throw error
                }
                reserved.add(1, ordering: .relaxed)
                for waiter in settle(key, at: now, block: (last - count + 1)...last) { waiter.0.resume(returning: waiter.1) }
                return last - count + 1
            }
        }
    }

    /// A filing's turn, or nil when it is to wait: without a `waiter`, to come back with one; with one,
    /// `waiter` is queued for the draw in flight.
    private func take(
        _ key: Key, at now: ContinuousClock.Instant, counted: Bool, waiter: CheckedContinuation<Turn, Never>?
    ) -> Turn? {
        state.withLock { state in
            if state[key] == nil, state.count >= Self.capacity {
                // Earlier days' numbers can no longer be handed out; past that, start again. A day with a
                // draw in flight stays: its waiting filings are resumed by that draw.
                state = state.filter { $0.key.day >= key.day || $0.value.drawing }
                if state.count >= Self.capacity { state = state.filter { $0.value.drawing } }
            }
            var reserve = state[key] ?? Reserve(at: now)
            defer { state[key] = reserve }
            if !counted {
                if now - reserve.windowStart > Self.window {
                    reserve.previous = now - reserve.windowStart > Self.window * 2 ? 0 : reserve.recent
                    reserve.recent = 0
                    reserve.windowStart = now
                }
                reserve.recent += 1
            }
            if let number = reserve.takeFree() { return .number(number) }
            if reserve.drawing {
                if let waiter { reserve.waiting.append(waiter) }
                return nil
            }
            reserve.drawing = true
            return .draw(block(reserve, at: now))
        }
    }

    /// How many numbers a draw takes by the agency's pace: one at first, then twice the last block while
    /// the agency files at a sustained rate and used that block up within `burst`.
    private func block(_ reserve: Reserve, at now: ContinuousClock.Instant) -> Int {
        guard reserve.lastBlock > 0 else { return 1 }
        let busy = reserve.recent + reserve.previous > sustained && now - reserve.reservedAt < burst
        return busy ? min(largestBlock, max(1, reserve.lastBlock) * 2) : 1
    }

    /// The end of a draw: its block's numbers after the first (the drawer's) handed to the waiting filings
    /// in turn, the rest kept; when filings are still waiting, the first of them draws for them all. A
    /// failed draw (`block` nil) sends every waiting filing to look again. Returns whom to resume with what,
    /// to be resumed outside the lock.
    private func settle(
        _ key: Key, at now: ContinuousClock.Instant, block drawn: ClosedRange<Int>?
    ) -> [(CheckedContinuation<Turn, Never>, Turn)] {
        state.withLock { state in
            guard var reserve = state[key] else { return [] }
            defer { state[key] = reserve }
            var resumed: [(CheckedContinuation<Turn, Never>, Turn)] = []
            guard let drawn else {
                reserve.drawing = false
                resumed = reserve.waiting.map { ($0, .again) }
                reserve.waiting.removeAll()
                return resumed
            }
            if drawn.count > 1 {
                reserve.free.append((drawn.lowerBound + 1)...drawn.upperBound)
                reserve.free.sort { $0.lowerBound < $1.lowerBound }
            }
            reserve.drawnUpTo = drawn.upperBound
            reserve.lastBlock = drawn.count
            reserve.reservedAt = now
            while !reserve.waiting.isEmpty, let number = reserve.takeFree() {
                resumed.append((reserve.waiting.removeFirst(), .number(number)))
            }
            if reserve.waiting.isEmpty {
                reserve.drawing = false
            } else {
                let count = min(max(block(reserve, at: now), reserve.waiting.count), Self.largestDemand)
                resumed.append((reserve.waiting.removeFirst(), .draw(count)))
            }
            return resumed
        }
    }

    /// A number `next` handed out for a filing that then wrote nothing (its idempotency key was used, so
    /// its transaction stopped at its first statement): handed to the first filing waiting for a draw,
    /// if any, or kept to be handed out next. Only for a filing known not to have committed: given back
    /// after a commit whose answer was lost, the number would be refused again and again by the codes'
    /// primary key.
    func giveBack(provinceCode: String, agencyCode: String, day: LocalDate, number: Int) {
        let key = Key(provinceCode: provinceCode, agencyCode: agencyCode, day: day)
        let waiter: CheckedContinuation<Turn, Never>? = state.withLock { state in
            guard var reserve = state[key] else { return nil }
            defer { state[key] = reserve }
            if !reserve.waiting.isEmpty { return reserve.waiting.removeFirst() }
            reserve.free.append(number...number)
            reserve.free.sort { $0.lowerBound < $1.lowerBound }
            return nil
        }
        waiter?.resume(returning: .number(number))
    }

    /// What a stopping server can give back: for each agency's day, the numbers reserved and not handed
    /// out at the top of its latest block (`first...last`), taken out of the reserve so that no filing
    /// takes them meanwhile. The counter row is set back to `first - 1` only where it still holds `last`:
    /// a number another server drew since stays a gap, never a repeat.
    public func releaseUnused() -> [(provinceCode: String, agencyCode: String, day: LocalDate, numbers: ClosedRange<Int>)] {
        state.withLock { state in
            var released: [(provinceCode: String, agencyCode: String, day: LocalDate, numbers: ClosedRange<Int>)] = []
            for (key, var reserve) in state where !reserve.drawing {
                guard var top = reserve.free.last, top.upperBound == reserve.drawnUpTo else { continue }
                reserve.free.removeLast()
                // A number given back just below the top joins it.
                while let below = reserve.free.last, below.upperBound == top.lowerBound - 1 {
                    top = below.lowerBound...top.upperBound
                    reserve.free.removeLast()
                }
                reserve.drawnUpTo = top.lowerBound - 1
                state[key] = reserve
                released.append((key.provinceCode, key.agencyCode, key.day, top))
            }
            return released
        }
    }

    /// How many filings wait for an agency's day's draw in flight (tests line their draws up with it).
    func waiting(provinceCode: String, agencyCode: String, day: LocalDate) -> Int {
        state.withLock { $0[Key(provinceCode: provinceCode, agencyCode: agencyCode, day: day)]?.waiting.count ?? 0 }
    }

    /// The most numbers one draw takes for the filings waiting for it.
    static let largestDemand = 1_000
}
