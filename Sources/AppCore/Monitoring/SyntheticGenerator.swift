public import Domain
public import Storage
import Foundation
import Synchronization

/// Writes a synthetic national data set: full-lifecycle dossiers decided by the same rules
/// (`DossierDecider`) as real ones and written with the same rows (events, projections, counters), by
/// the store's bulk path: codes reserved by blocks per agency and day, hundreds of dossiers per
/// transaction. The plan is deterministic for a seed; each province meets the profile's shares on its own.
public struct SyntheticGenerator: Sendable {
    public struct Summary: Sendable {
        public var received = 0
        public var refusedAtIntake = 0
        public var events = 0
    }

    enum Fate: Sendable { case withdrawn, onTime, late, pending, refused }

    /// One dossier to write. Its agencies and procedure are positions in the `Cast`: held by value, the
    /// two agencies and the procedure made a plan some 500 bytes and twenty references, and scale 1.0 plans
    /// 6.5 million of them (5 GB peak, and a retain and release of each reference every time a plan was copied).
    struct Plan: Sendable {
        var province: String
        var receiving: Int32
        var competent: Int32
        var procedure: Int32
        var channel: Channel
        var receivedAt: Instant
        var fate: Fate
        var seed: UInt64
    }

    /// The agencies and procedures the plans name by position.
    struct Cast: Sendable {
        var agencies: [Agency] = []
        var procedures: [ProcedureVersion] = []
        private var agencyPositions: [String: Int32] = [:]
        private var procedurePositions: [ProcedureKey: Int32] = [:]

        struct ProcedureKey: Hashable {
            var code: String
            var validFrom: LocalDate
        }

        mutating func position(of agency: Agency) -> Int32 {
            if let known = agencyPositions[agency.code] { return known }
            agencies.append(agency)
            agencyPositions[agency.code] = Int32(agencies.count - 1)
            return Int32(agencies.count - 1)
        }

        mutating func position(of procedure: ProcedureVersion) -> Int32 {
            let key = ProcedureKey(code: procedure.code, validFrom: procedure.validFrom)
            if let known = procedurePositions[key] { return known }
            procedures.append(procedure)
            procedurePositions[key] = Int32(procedures.count - 1)
            return Int32(procedures.count - 1)
        }

        /// The agency and day whose numbering the plan's code takes.
        func codeKey(_ plan: Plan) -> CodeBlock {
            CodeBlock(provinceCode: plan.province, agencyCode: agencies[Int(plan.receiving)].code, day: plan.receivedAt.vietnamDate, count: 1)
        }
    }

    public let store: any Store
    let clock: WorkClock
    let profile: SyntheticProfile
    let scale: Double
    let seed: UInt64

    public init(store: any Store, clock: WorkClock, profile: SyntheticProfile, scale: Double, seed: UInt64) {
        self.store = store
        self.clock = clock
        self.profile = profile
        self.scale = scale
        self.seed = seed
    }

    /// The first instant after the period: every generated event happens before it.
    var end: Instant { Instant(vietnam: profile.to.adding(days: 1), minuteOfDay: 0) }

    /// Dossiers per batch (one transaction) and batches in flight. Each commit rewrites a page of a granule
    /// rollup for every rollup and granule its province's rows lie in, whatever its size, so fewer and
    /// bigger commits write less (scale 0.1: 165.5 s against 187.5–203.0 s for 1,000 × 8, the same 8,000 in
    /// memory; BENCHMARKS.md). The rows are the same whatever the sizes.
    public static let defaultBatchSize = 2000
    public static let defaultConcurrency = 4

    /// Plans and writes the data set; `progress` hears dossiers written of planned. `concurrency` batches
    /// are in flight at once, so that deciding and encoding one overlaps writing another.
    public func run(
        concurrency: Int = defaultConcurrency, batchSize: Int = defaultBatchSize,
        progress: @Sendable @escaping (Int, Int) -> Void = { _, _ in }
    ) async throws -> Summary {
        let (cast, plans) = try await plan()
        let tally = Tally()
        let clock = self.clock, end = self.end, store = self.store
        let batches = (plans.count + batchSize - 1) / batchSize
        let codes = CodeWindows(plans: plans, cast: cast, size: batchSize * max(1, concurrency), store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while true {
                        let batch = tally.next.add(1, ordering: .relaxed).oldValue
                        guard batch < batches else { return }
                        let slice = plans[(batch * batchSize)..<min(plans.count, (batch + 1) * batchSize)]
                        let numbers = try await codes.numbers(for: slice.indices)
                        let changes = try Self.changes(for: slice, numbers: numbers, cast: cast, clock: clock, end: end)
                        try await store.dossiers.appendMany(changes)
                        tally.events.add(changes.reduce(0) { $0 + $1.events.count }, ordering: .relaxed)
                        let finished = tally.done.add(slice.count, ordering: .relaxed).newValue
                        progress(finished, plans.count)
                    }
                }
            }
            try await group.waitForAll()
        }
        var summary = Summary()
        summary.received = plans.count { $0.fate != .refused }
        summary.refusedAtIntake = plans.count { $0.fate == .refused }
        summary.events = tally.events.load(ordering: .relaxed)
        return summary
    }

    /// The changes that write a batch of plans, under the numbers reserved for them by agency and day.
    static func changes(
        for plans: ArraySlice<Plan>, numbers: ArraySlice<Int>, cast: Cast, clock: WorkClock, end: Instant
    ) throws -> [DossierChange] {
        try zip(plans, numbers).map { plan, number in
            let key = cast.codeKey(plan)
            let code = DossierCode(agencyCode: key.agencyCode, date: key.day, number: number).description
            let (events, dossier) = try lifecycle(plan, code: code, cast: cast, clock: clock, end: end)
            return DossierChange(before: nil, events: events, after: dossier, publicView: try DossierService.json(PublicDossierView(dossier)))
        }
    }

    /// The plans' codes, reserved a window of batches at a time, each window once the one before it is
    /// reserved (so the numbers follow the plans' order and a seed gives the same codes) and while the
    /// batches of the window before are encoded. Reserved per batch, the reservation queued behind other
    /// batches' writes and the pool waited (the process used 1.2 of the 2 cores, 1.75 reserved ahead);
    /// reserved all at once, nothing else ran meanwhile (a minute of a debug build's scale 0.01).
    actor CodeWindows {
        let plans: [Plan]
        let cast: Cast
        let size: Int
        let store: any Store
        private var windows: [Int: Task<[Int], any Error>] = [:]

        init(plans: [Plan], cast: Cast, size: Int, store: any Store) {
            self.plans = plans
            self.cast = cast
            self.size = size
            self.store = store
        }

        /// The numbers of the plans at `range`, which lies within one window (batches divide windows).
        func numbers(for range: Range<Int>) async throws -> ArraySlice<Int> {
            let window = range.lowerBound / size
            let numbers = try await reservation(window).value
            _ = reservation(window + 1)
            let start = range.lowerBound - window * size
            return numbers[start..<(start + range.count)]
        }

        private func reservation(_ window: Int) -> Task<[Int], any Error> {
            if let known = windows[window] { return known }
            let keys = plans[min(plans.count, window * size)..<min(plans.count, (window + 1) * size)].map(cast.codeKey)
            let store = self.store, previous = windows[window - 1]
            let task = Task {
                // A worker may reach a window before the one before it is reserved: it waits, so that
                // the numbers follow the plans' order whatever the timing.
                _ = try await previous?.value
                return try await CodeBlock.numbers(for: keys, in: store)
            }
            windows[window] = task
            return task
        }
    }

    final class Tally: Sendable {
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let events = Atomic<Int>(0)
    }

    // MARK: Planning

    /// Every dossier to write, in a deterministic order.
    func plan() async throws -> (Cast, [Plan]) {
        let units = try await store.geography.allUnits().filter { $0.isValid(at: Reform.effectiveDate) }
        let provinces = units.filter { $0.level == .province }.map(\.code).sorted()
        var communes: [String: [String]] = [:]
        for unit in units where unit.level == .commune { communes[unit.provinceCode, default: []].append(unit.code) }
        for key in communes.keys { communes[key]?.sort() }
        let catalog = try await store.catalog.all().filter { $0.validFrom <= profile.from && profile.from < $0.validTo }
            .sorted { $0.code < $1.code }
        let communeProcedures = catalog.filter { $0.level == .commune }, provinceProcedures = catalog.filter { $0.level == .province }
        guard !communeProcedures.isEmpty, !provinceProcedures.isEmpty else {
            throw AppError.invalid("catalog", "Danh mục thủ tục cần có thủ tục cấp xã và cấp tỉnh đang hiệu lực từ \(profile.from)")
        }
        let days = (0...(profile.to.daysSinceEpoch - profile.from.daysSinceEpoch)).map { profile.from.adding(days: $0) }
            .filter { clock.calendar.isWorkingDay($0) }
        let totals = profile.provinceTotals(scale: scale, communes: communes.mapValues(\.count))
        var plans: [Plan] = []
        var cast = Cast()
        for (index, province) in provinces.enumerated() {
            guard let total = totals[province], total > 0 else { continue }
            let agencies = try await store.identity.agencies(provinceCode: province, unitCode: nil, offset: 0, limit: 100_000)
            var byUnit: [String: [Agency]] = [:]
            for agency in agencies { byUnit[agency.unitCode, default: []].append(agency) }
            var random = SplitMix(seed: seed &+ UInt64(index + 1) &* 0x1000_0000_01B3)
            let planned = try provincePlans(
                province: province, total: total, communes: communes[province] ?? [], agencies: byUnit, days: days,
                communeProcedures: communeProcedures, provinceProcedures: provinceProcedures, cast: &cast, random: &random
            )
            // Written agency by agency, each in the order planned (so each agency's and day's codes are
            // numbered as before): a batch's dossiers, events, steps and codes then lie side by side in
            // their tables' keys, which begin with the receiving agency's code, where a batch taken in
            // the order received spread over every agency of its province. Scale 0.1: −9.5 % of the
            // time, −6 % of the bytes written; at scale 0.03, ~50 dossiers an agency, no gain (BENCHMARKS.md).
            let order = planned.indices.sorted {
                let (left, right) = (cast.agencies[Int(planned[$0].receiving)].code, cast.agencies[Int(planned[$1].receiving)].code)
                return left != right ? left < right : $0 < $1
            }
            plans += order.map { planned[$0] }
        }
        return (cast, plans)
    }

    /// `count` of `total` places chosen at random: a quota met exactly.
    static func quota(_ count: Int, of total: Int, _ random: inout SplitMix) -> [Bool] {
        var flags = Array(repeating: false, count: total)
        for index in 0..<min(count, total) { flags[index] = true }
        flags.shuffle(using: &random)
        return flags
    }

    func provincePlans(
        province: String, total: Int, communes: [String], agencies: [String: [Agency]], days: [LocalDate],
        communeProcedures: [ProcedureVersion], provinceProcedures: [ProcedureVersion], cast: inout Cast, random: inout SplitMix
    ) throws -> [Plan] {
        func agency(_ unit: String, _ kinds: [AgencyKind]) throws -> Agency {
            guard let found = Agency.first(of: kinds, in: agencies[unit] ?? []) else { throw AppError.notFound(what: "cơ quan của đơn vị", code: unit) }
            return found
        }
        let communeLevel = Self.quota(Int((Double(total) * Double(profile.communeLevel) / Double(profile.received)).rounded()), of: total, &random)
        let online = Self.quota(Int((Double(total) * profile.onlineShare).rounded()), of: total, &random)
        var received: [Instant] = (0..<total).map { _ in
            let day = days[Int.random(in: 0..<days.count, using: &random)]
            // Office hours 07:30–11:30 and 13:00–17:00, whole minutes.
            let minute = Int.random(in: 0..<480, using: &random)
            return Instant(vietnam: day, minuteOfDay: minute < 240 ? 450 + minute : 780 + minute - 240)
        }
        received.sort()
        // Fates: pending mostly among the latest received (on track), the rest spread (overdue).
        let withdrawn = Int((Double(total) * profile.withdrawnShare).rounded())
        let finished = Int((Double(total - withdrawn) * profile.resolvedShare).rounded())
        let onTime = Int((Double(finished) * profile.onTimeShare).rounded())
        let pending = total - withdrawn - finished
        var fates = Array(repeating: Fate.onTime, count: total)
        let recent = Int(Double(pending) * profile.recentPendingShare)
        var others = Array(0..<(total - recent))
        for index in (total - recent)..<total { fates[index] = .pending }
        others.shuffle(using: &random)
        for (rank, index) in others.enumerated() {
            fates[index] = rank < pending - recent ? .pending
                : rank < pending - recent + withdrawn ? .withdrawn
                : rank < pending - recent + withdrawn + onTime ? .onTime : .late
        }
        var plans: [Plan] = []
        plans.reserveCapacity(total + total / 100)
        func add(_ index: Int, fate: Fate, at instant: Instant, random: inout SplitMix) throws {
            let isCommuneLevel = communeLevel[index], isOnline = online[index]
            let list = (isCommuneLevel ? communeProcedures : provinceProcedures).filter { !isOnline || $0.onlineLevel != .none }
            let procedure = (list.isEmpty ? (isCommuneLevel ? communeProcedures : provinceProcedures) : list)
                .randomElement(using: &random)!
            let channel: Channel = isOnline && procedure.onlineLevel != .none
                ? (Bool.random(using: &random) ? .online : .onlinePortal)
                : (Int.random(in: 0..<20, using: &random) == 0 ? .postal : .inPerson)
            let commune = communes.isEmpty ? province : communes[Int.random(in: 0..<communes.count, using: &random)]
            let receivingUnit = isCommuneLevel || Int.random(in: 0..<10, using: &random) < 4 ? commune : province
            let competentUnit = isCommuneLevel ? commune : province
            plans.append(Plan(
                province: province, receiving: cast.position(of: try agency(receivingUnit, Agency.counterKinds)),
                competent: cast.position(of: try agency(competentUnit, Agency.deciderKinds(procedure.agencyKind))),
                procedure: cast.position(of: procedure), channel: channel, receivedAt: instant, fate: fate, seed: random.next()
            ))
        }
        let refused = Int((Double(total) * profile.refusedAtIntakeShare).rounded())
        for index in 0..<total {
            try add(index, fate: fates[index], at: received[index], random: &random)
            if index < refused { try add(Int.random(in: 0..<total, using: &random), fate: .refused, at: received[index], random: &random) }
        }
        return plans
    }

    // MARK: One dossier's life

    /// The events of a planned dossier, each decided by `DossierDecider` at its time, all before `end`.
    static func lifecycle(_ plan: Plan, code: String, cast: Cast, clock: WorkClock, end: Instant) throws -> ([DossierEvent], Dossier) {
        var random = SplitMix(seed: plan.seed)
        let receiving = cast.agencies[Int(plan.receiving)], competent = cast.agencies[Int(plan.competent)]
        let officer = DossierActor(
            userID: "synthetic", name: "Cán bộ (dữ liệu mô phỏng)", role: .specialist, unitCode: receiving.unitCode,
            agencyCode: receiving.code
        )
        let approver = DossierActor(
            userID: "synthetic-leader", name: "Lãnh đạo (dữ liệu mô phỏng)", role: .approver, unitCode: competent.unitCode,
            agencyCode: competent.code
        )
        let procedure = cast.procedures[Int(plan.procedure)]
        let opening = DossierOpening(
            code: code, provinceCode: plan.province, procedure: procedure, channel: plan.channel,
            receivingUnit: receiving.unitCode, receivingAgency: receiving.code, competentUnit: competent.unitCode,
            competentAgency: competent.code, returnUnit: receiving.unitCode, returnAgency: receiving.code,
            applicant: Applicant(name: "Người nộp mô phỏng \(plan.seed % 100_000)"), summary: nil,
            documents: procedure.documents.map {
                ReceivedDocument(name: $0.name, original: $0.original, count: $0.count, required: $0.required, provided: false)
            },
            portalID: nil, secretHash: "synthetic"
        )
        let submittedAt = plan.channel.isOnline ? Instant(minutes: plan.receivedAt.minutes - Int.random(in: 5..<900, using: &random)) : plan.receivedAt
        let submitted = try DossierDecider.submit(opening, context: DossierContext(now: submittedAt, actor: plan.channel.isOnline ? .applicant : officer, clock: clock))
        var dossier = Dossier.opened(by: submitted)!.applying(submitted)
        var events = [submitted]
        var now = plan.receivedAt
        func act(_ request: DossierRequest, at instant: Instant, as actor: DossierActor = officer) throws {
            now = max(instant, Instant(minutes: now.minutes + (events.count > 1 ? 1 : 0)))
            let event = try DossierDecider.decide(dossier, request, context: DossierContext(now: now, actor: actor, clock: clock))
            dossier = dossier.applying(event)
            events.append(event)
        }
        /// An instant a fraction of the way from now to `limit`, at least a minute on.
        func between(_ limit: Instant, _ low: Double, _ high: Double) -> Instant {
            let span = max(1, limit.minutes - now.minutes)
            return Instant(minutes: now.minutes + max(1, Int(Double(span) * Double.random(in: low..<high, using: &random))))
        }
        if plan.fate == .refused {
            try act(DossierRequest(.refuseAtIntake, reason: "Hồ sơ không thuộc thẩm quyền hoặc không đủ thành phần"), at: plan.receivedAt)
            return (events, dossier)
        }
        try act(DossierRequest(.receive), at: plan.receivedAt)
        let last = Instant(minutes: end.minutes - 1)
        switch plan.fate {
        case .withdrawn:
            try act(DossierRequest(.withdraw, reason: "Người nộp không còn nhu cầu"), at: between(min(dossier.dueAt ?? last, last), 0.05, 0.6))
            return (events, dossier)
        case .pending:
            if Int.random(in: 0..<3, using: &random) > 0 {
                try act(DossierRequest(.assign, assignee: "synthetic"), at: between(min(dossier.dueAt ?? last, last), 0.01, 0.1), as: approver)
            }
            return (events, dossier)
        case .onTime, .late, .refused:
            break
        }
        try act(DossierRequest(.assign, assignee: "synthetic"), at: between(min(dossier.dueAt ?? last, last), 0.01, 0.05), as: approver)
        let due = dossier.dueAt ?? last
        let lateByTime = plan.fate == .late && due.minutes + 120 < last.minutes
        let supplements = plan.fate == .late && !lateByTime ? 2 : (Double.random(in: 0..<1, using: &random) < 0.08 ? 1 : 0)
        for _ in 0..<supplements {
            try act(DossierRequest(.requestSupplement, missing: ["Bản sao giấy tờ tùy thân còn hiệu lực"]), at: between(min(dossier.dueAt ?? last, last), 0.05, 0.2))
            try act(DossierRequest(.receiveSupplement), at: between(min(dossier.dueAt ?? last, last), 0.05, 0.2))
        }
        let finish: Instant
        if lateByTime {
            if Double.random(in: 0..<1, using: &random) < 0.5 {
                let apology = Instant(minutes: max(now.minutes + 1, due.minutes - 60))
                try act(DossierRequest(
                    .apologise, reason: "Cần thêm thời gian xác minh hồ sơ",
                    // After the current appointment, which a supplement may have moved past the period's end.
                    newAppointment: Instant(minutes: max(last.minutes, dossier.appointment?.minutes ?? 0) + 3 * 1440)
                ), at: apology)
            }
            now = max(now, due)
            finish = between(last, 0.05, 0.9)
        } else {
            finish = between(min(dossier.dueAt ?? last, last), 0.3, 0.95)
        }
        let outcome: Outcome = Int.random(in: 0..<25, using: &random) == 0 ? .refused : .approved
        let reason = outcome == .refused ? "Không đủ điều kiện theo quy định" : nil
        try act(DossierRequest(.proposeDecision, reason: reason, outcome: outcome), at: Instant(minutes: finish.minutes - 2))
        try act(DossierRequest(.decide, reason: reason, outcome: outcome), at: Instant(minutes: finish.minutes - 1), as: approver)
        try act(DossierRequest(.resolve), at: finish)
        if Double.random(in: 0..<1, using: &random) < 0.9, now.minutes + 60 < last.minutes {
            let channel: ReturnChannel = plan.channel.isOnline ? .online : .counter
            try act(DossierRequest(.returnResult, returnChannel: channel), at: between(last, 0.0, 0.05))
            if Double.random(in: 0..<1, using: &random) < 0.3, now.minutes + 10 < last.minutes {
                let rating = [5, 5, 5, 4, 4, 4, 3, 2][Int.random(in: 0..<8, using: &random)]
                try act(DossierRequest(.rate, rating: rating), at: between(last, 0.0, 0.02), as: .applicant)
            }
        }
        return (events, dossier)
    }
}
