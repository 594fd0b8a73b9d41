/// A commune's request for staff (Resolution 268 §III.6: ministries and provinces second staff to
/// communes "by their concrete requests, avoiding waste, omission and overlap").
public struct SupportRequest: Hashable, Sendable, Codable {
    public var id: String
    public var provinceCode: String
    public var unitCode: String
    public var problem: String
    public var skill: SkillField
    public var headcount: Int
    public var from: LocalDate
    public var days: Int

    public init(id: String, provinceCode: String, unitCode: String, problem: String, skill: SkillField, headcount: Int, from: LocalDate, days: Int) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.problem = problem
        self.skill = skill
        self.headcount = headcount
        self.from = from
        self.days = days
    }

    /// The last day of the support asked for.
    public var to: LocalDate { from.adding(days: max(days, 1) - 1) }
}

/// Staff a ministry or a province offers to second: how many of a skill, available between two days.
public struct StaffOffer: Hashable, Sendable, Codable {
    public var id: String
    /// Who offers: a ministry's name or a province's code.
    public var body: String
    /// The province the staff come from; nil for a ministry (national).
    public var provinceCode: String?
    public var skill: SkillField
    public var people: Int
    public var availableFrom: LocalDate
    public var availableTo: LocalDate

    public init(id: String, body: String, provinceCode: String?, skill: SkillField, people: Int, availableFrom: LocalDate, availableTo: LocalDate) {
        self.id = id
        self.body = body
        self.provinceCode = provinceCode
        self.skill = skill
        self.people = people
        self.availableFrom = availableFrom
        self.availableTo = availableTo
    }
}

/// People of an offer sent to a request.
public struct Assignment: Hashable, Sendable, Codable {
    public var requestID: String
    public var offerID: String
    public var body: String
    public var people: Int

    public init(requestID: String, offerID: String, body: String, people: Int) {
        self.requestID = requestID
        self.offerID = offerID
        self.body = body
        self.people = people
    }
}

/// Matching requests with offers, and what the secondment report shows: unmet requests, overlapping
/// assignments and idle staff.
public enum SecondmentRules {
    /// How near an offer is to a request in the unit hierarchy: the request's own province first, then
    /// a ministry (national staff), then another province.
    public static func distance(_ offer: StaffOffer, to request: SupportRequest) -> Int {
        guard let province = offer.provinceCode else { return 1 }
        return province == request.provinceCode ? 0 : 2
    }

    /// Whether an offer's staff are available for the whole period asked for.
    public static func covers(_ offer: StaffOffer, _ request: SupportRequest) -> Bool {
        offer.availableFrom <= request.from && request.to <= offer.availableTo
    }

    /// Proposed assignments for the requests not yet covered by `existing` ones: requests by start day
    /// (then larger need, then id), each filled from the nearest offers of its skill that cover its
    /// period (then those with more staff left, then id). An offer's staff are sent once; a request gets
    /// no more than its headcount.
    public static func match(requests: [SupportRequest], offers: [StaffOffer], existing: [Assignment] = []) -> [Assignment] {
        var left = Dictionary(uniqueKeysWithValues: offers.map { ($0.id, $0.people) })
        var given: [String: Int] = [:]
        for assignment in existing {
            left[assignment.offerID, default: 0] -= assignment.people
            given[assignment.requestID, default: 0] += assignment.people
        }
        var proposed: [Assignment] = []
        let ordered = requests.sorted { ($0.from, -$0.headcount, $0.id) < ($1.from, -$1.headcount, $1.id) }
        for request in ordered {
            var need = request.headcount - (given[request.id] ?? 0)
            guard need > 0 else { continue }
            let candidates = offers.filter { $0.skill == request.skill && covers($0, request) }
                .sorted { (distance($0, to: request), -(left[$0.id] ?? 0), $0.id) < (distance($1, to: request), -(left[$1.id] ?? 0), $1.id) }
            for offer in candidates where need > 0 {
                let available = left[offer.id] ?? 0
                guard available > 0 else { continue }
                let sent = min(need, available)
                proposed.append(Assignment(requestID: request.id, offerID: offer.id, body: offer.body, people: sent))
                left[offer.id] = available - sent
                need -= sent
            }
        }
        return proposed
    }

    /// The report of a set of requests, offers and assignments.
    public struct Report: Hashable, Sendable, Codable {
        /// Requests with fewer people assigned than asked: id and how many are missing.
        public var unmet: [String: Int] = [:]
        /// Requests that more than one body sends staff to beyond the need: id and the bodies.
        public var overlapping: [String: [String]] = [:]
        /// Offers with staff nobody was assigned: id and how many are idle.
        public var idle: [String: Int] = [:]

        public init() {}
    }

    public static func report(requests: [SupportRequest], offers: [StaffOffer], assignments: [Assignment]) -> Report {
        var report = Report()
        let byRequest = Dictionary(grouping: assignments, by: \.requestID)
        for request in requests {
            let sent = byRequest[request.id] ?? []
            let total = sent.reduce(0) { $0 + $1.people }
            if total < request.headcount { report.unmet[request.id] = request.headcount - total }
            let bodies = Set(sent.map(\.body))
            if total > request.headcount, bodies.count > 1 { report.overlapping[request.id] = bodies.sorted() }
        }
        let used = Dictionary(grouping: assignments, by: \.offerID).mapValues { $0.reduce(0) { $0 + $1.people } }
        for offer in offers where offer.people > (used[offer.id] ?? 0) {
            report.idle[offer.id] = offer.people - (used[offer.id] ?? 0)
        }
        return report
    }
}
