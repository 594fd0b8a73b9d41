import Domain
import Synchronization

/// Dossier numbers reserved ahead, per agency and day, where they are drawn apart from the filing
/// (`SQLDossierRepository.codesApart`, PostgreSQL): each draw was a round trip and a commit of its own
/// (without them, the server's and the backends' CPU per counter-morning request fell from ~1,050 to
/// ~880 µs and the receptions rose ×1.15, BENCHMARKS.md, issue 5). As a PostgreSQL
/// sequence with `CACHE`, a server takes a block of an agency's numbers in one statement and hands
/// them out from memory. Blocks are taken only while an agency files at a sustained rate (`sustained`
/// numbers within `window`) and each is used up within `burst`, doubling from one up to `largestBlock`:
/// a counter filing now and then, or a burst of a dozen filings, still draws one number at a time, so
/// that their numbers are consecutive across servers (issue 5's acceptance: 16 receptions split between
/// two servers get 0001–0016). What a busy agency leaves reserved when the day ends or the server stops
/// is a gap in its numbering, like a filing that failed after its draw; several busy servers on one
/// database hand out interleaved numbers. `MOTCUA_CODE_BLOCK=1` draws one number per filing.
public final class CodeNumbers: Sendable {
    /// The most numbers reserved at once.
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

    struct Reserve {
        /// Reserved and not handed out, lowest first.
        var free: [ClosedRange<Int>] = []
        var lastBlock = 0
        var reservedAt: ContinuousClock.Instant
        /// Numbers handed out since `windowStart`, and in the window before (so that a busy agency
        /// stays busy when a window turns).
        var recent = 0
        var previous = 0
        var windowStart: ContinuousClock.Instant
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
        let taken = state.withLock { state -> (number: Int?, block: Int) in
            guard var reserve = state[key] else { return (nil, 1) }
            if now - reserve.windowStart > Self.window {
                reserve.previous = now - reserve.windowStart > Self.window * 2 ? 0 : reserve.recent
                reserve.recent = 0
                reserve.windowStart = now
            }
            reserve.recent += 1
            defer { state[key] = reserve }
            if let first = reserve.free.first {
                let number = first.lowerBound
                if first.count == 1 { reserve.free.removeFirst() } else { reserve.free[0] = (number + 1)...first.upperBound }
                return (number, 0)
            }
            let busy = reserve.recent + reserve.previous > sustained && now - reserve.reservedAt < burst
            return (nil, busy ? min(largestBlock, max(1, reserve.lastBlock) * 2) : 1)
        }
        if let number = taken.number { return number }
        let count = taken.block
        let last = try await reserve(count)
        reserved.add(1, ordering: .relaxed)
        let first = last - count + 1
        state.withLock { state in
            if state[key] == nil, state.count >= Self.capacity {
                // Earlier days' numbers can no longer be handed out; past that, start again.
                state = state.filter { $0.key.day >= day }
                if state.count >= Self.capacity { state.removeAll(keepingCapacity: true) }
            }
            var reserve = state[key] ?? Reserve(reservedAt: now, recent: 1, windowStart: now)
            if count > 1 {
                reserve.free.append((first + 1)...last)
                reserve.free.sort { $0.lowerBound < $1.lowerBound }
            }
            reserve.lastBlock = count
            reserve.reservedAt = now
            state[key] = reserve
        }
        return first
    }
}
