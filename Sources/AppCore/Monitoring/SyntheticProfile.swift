public import Domain

/// The figures a synthetic data set reproduces at scale 1.0, and the mixes behind them.
public struct SyntheticProfile: Sendable {
    public var name: String
    public var from: LocalDate
    public var to: LocalDate
    /// Dossiers received in the period, nationwide.
    public var received: Int
    /// Received dossiers of named provinces; the others share the rest by their number of communes.
    public var provinces: [String: Int]
    /// Received dossiers whose competent level is the commune.
    public var communeLevel: Int
    public var onlineShare: Double
    /// Finished by the period end, of the received not withdrawn.
    public var resolvedShare: Double
    /// On time, of the finished.
    public var onTimeShare: Double
    public var withdrawnShare: Double
    /// Refused at intake, over and above the received.
    public var refusedAtIntakeShare: Double
    /// Dossiers with one supplement request (besides late ones with two).
    public var supplementShare: Double
    /// Late dossiers given an apology with a new date before their due time.
    public var apologyShare: Double
    /// Of the resolved, handed back by the period end; of the handed back, rated.
    public var returnedShare: Double
    public var ratedShare: Double
    /// Of the pending, the share received in the last days (on track); the rest from any day.
    public var recentPendingShare: Double
    /// The redundancy pipeline at full size whatever the scale (Resolution 268 §I): people with a leave
    /// decision, of them with funding requested or approved, of them paid.
    public var redundancy: (decisions: Int, fundingRequested: Int, paid: Int)? = nil

    /// Resolution 268/NQ-CP (31 Aug 2025), §I: 1 July – 23 August 2025.
    public static let resolution268 = SyntheticProfile(
        name: "resolution-268", from: LocalDate(year: 2025, month: 7, day: 1)!, to: LocalDate(year: 2025, month: 8, day: 23)!,
        received: 6_500_000,
        provinces: ["79": 753_000, "01": 500_000, "31": 325_000, "75": 320_000, "40": 270_000, "38": 269_000, "66": 251_000],
        communeLevel: 4_800_000, onlineShare: 0.738, resolvedShare: 0.80, onTimeShare: 0.72, withdrawnShare: 0.01,
        refusedAtIntakeShare: 0.005, supplementShare: 0.08, apologyShare: 0.5, returnedShare: 0.9, ratedShare: 0.3,
        recentPendingShare: 0.6, redundancy: (decisions: 94_402, fundingRequested: 81_410, paid: 75_710)
    )

    public static let all = [resolution268]

    /// Received dossiers per province at a scale: named provinces their figure, the others the rest in
    /// proportion to their communes (largest remainders, so the total is exact).
    public func provinceTotals(scale: Double, communes: [String: Int]) -> [String: Int] {
        var totals: [String: Int] = [:]
        for (code, count) in provinces where communes[code] != nil { totals[code] = Int((Double(count) * scale).rounded()) }
        let others = communes.keys.filter { totals[$0] == nil }.sorted()
        let rest = max(0, Int((Double(received) * scale).rounded()) - totals.values.reduce(0, +))
        let weight = others.reduce(0) { $0 + (communes[$1] ?? 0) }
        guard weight > 0 else { return totals }
        var assigned = 0
        var remainders: [(String, Double)] = []
        for code in others {
            let exact = Double(rest) * Double(communes[code] ?? 0) / Double(weight)
            totals[code] = Int(exact)
            assigned += Int(exact)
            remainders.append((code, exact - Double(Int(exact))))
        }
        for (code, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }).prefix(rest - assigned) {
            totals[code, default: 0] += 1
        }
        return totals
    }
}

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same data set.
public struct SplitMix: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
