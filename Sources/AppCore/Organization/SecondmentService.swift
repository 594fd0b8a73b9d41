public import Domain
public import Foundation
public import Storage

/// Secondments: a commune files a request, a ministry or province offers staff, matching proposes (and
/// on request records) assignments by skill and nearness, and the report shows what is unmet,
/// overlapping or idle.
public struct SecondmentService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    /// Files a commune's request; its administrators (or the province's) only.
    public func fileRequest(
        unitCode: String, problem: String, skill: String, headcount: Int, from: String, days: Int, by actor: UserRecord
    ) async throws(AppError) -> SupportRequest {
        var issues: [AppError.FieldIssue] = []
        let province = unitCode.count == 5 ? try await units.province(ofUnit: unitCode) : nil
        if province == nil { issues.append(.init("/unitCode", "Không có xã hiện hành mã “\(unitCode)”")) }
        if problem.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init("/problem", "Cần mô tả vấn đề cần hỗ trợ")) }
        let field = SkillField(rawValue: skill)
        if field == nil { issues.append(.init("/skill", "Lĩnh vực “\(skill)” không hợp lệ")) }
        if !(1...500).contains(headcount) { issues.append(.init("/headcount", "Số người từ 1 đến 500")) }
        let start = LocalDate(iso: from)
        if start == nil { issues.append(.init("/from", "Ngày “\(from)” không hợp lệ; dùng dạng YYYY-MM-DD")) }
        if !(1...730).contains(days) { issues.append(.init("/days", "Thời gian hỗ trợ từ 1 đến 730 ngày")) }
        guard issues.isEmpty, let province, let field, let start else { throw .invalid(issues) }
        if let denial = units.denial(actor, .manageBookkeeping, unitCode: unitCode, province: province) { throw .forbidden(denial) }
        let request = SupportRequest(
            id: "YC-\(unitCode)-\(UUID().uuidString.prefix(8).lowercased())", provinceCode: province, unitCode: unitCode,
            problem: problem.trimmingCharacters(in: .whitespaces), skill: field, headcount: headcount, from: start, days: days
        )
        try await storage { try await store.bookkeeping.saveSecondments(requests: [request], offers: [], assignments: [], at: instant) }
        return request
    }

    /// Records staff offered by a province (its administrators) or a ministry (system administrators).
    public func offer(
        body: String, provinceCode: String?, skill: String, people: Int, from: String, to: String, by actor: UserRecord
    ) async throws(AppError) -> StaffOffer {
        var issues: [AppError.FieldIssue] = []
        if body.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(.init("/body", "Cần tên cơ quan cử cán bộ")) }
        if let provinceCode {
            let found = provinceCode.count == 2 ? try await units.province(ofUnit: provinceCode) : nil
            if found == nil { issues.append(.init("/provinceCode", "Không có tỉnh hiện hành mã “\(provinceCode)”")) }
        }
        let field = SkillField(rawValue: skill)
        if field == nil { issues.append(.init("/skill", "Lĩnh vực “\(skill)” không hợp lệ")) }
        if !(1...1_000).contains(people) { issues.append(.init("/people", "Số người từ 1 đến 1000")) }
        let start = LocalDate(iso: from), end = LocalDate(iso: to)
        if start == nil { issues.append(.init("/availableFrom", "Ngày “\(from)” không hợp lệ")) }
        if end == nil { issues.append(.init("/availableTo", "Ngày “\(to)” không hợp lệ")) }
        if let start, let end, end < start { issues.append(.init("/availableTo", "Ngày kết thúc trước ngày bắt đầu")) }
        guard issues.isEmpty, let field, let start, let end else { throw .invalid(issues) }
        if let denial = units.denial(actor, .manageBookkeeping, unitCode: provinceCode, province: provinceCode) { throw .forbidden(denial) }
        let offer = StaffOffer(
            id: "CB-\(provinceCode ?? "TW")-\(UUID().uuidString.prefix(8).lowercased())", body: body.trimmingCharacters(in: .whitespaces),
            provinceCode: provinceCode, skill: field, people: people, availableFrom: start, availableTo: end
        )
        try await storage { try await store.bookkeeping.saveSecondments(requests: [], offers: [offer], assignments: [], at: instant) }
        return offer
    }

    /// The assignments matching proposes for the open requests of a scope; recorded when `apply` (by
    /// an administrator of the scope).
    public func match(scope: String?, apply: Bool, by actor: UserRecord?) async throws(AppError) -> [Assignment] {
        let (province, unit) = try await units.parse(scope: scope)
        guard unit == nil else { throw .invalid("scope", "Ghép yêu cầu trong phạm vi một tỉnh hoặc toàn quốc") }
        let (requests, offers, assignments) = try await storage { try await store.bookkeeping.secondments(provinceCode: province) }
        let proposed = SecondmentRules.match(requests: requests, offers: offers, existing: assignments)
        if apply {
            guard let actor else { throw .unauthenticated("Cần đăng nhập để ghi phân công") }
            if let denial = units.denial(actor, .manageBookkeeping, unitCode: province, province: province) { throw .forbidden(denial) }
            try await storage { try await store.bookkeeping.saveSecondments(requests: [], offers: [], assignments: proposed, at: instant) }
        }
        return proposed
    }

    public struct Overview: Sendable {
        public var requests: [SupportRequest]
        public var offers: [StaffOffer]
        public var assignments: [Assignment]
        public var report: SecondmentRules.Report
    }

    /// Requests of a scope with what was sent, and what is unmet, overlapping and idle.
    public func overview(scope: String?) async throws(AppError) -> Overview {
        let (province, unit) = try await units.parse(scope: scope)
        var (requests, offers, assignments) = try await storage { try await store.bookkeeping.secondments(provinceCode: province) }
        if let unit {
            requests = requests.filter { $0.unitCode == unit }
            assignments = assignments.filter { assignment in requests.contains { $0.id == assignment.requestID } }
        }
        if province != nil {
            let used = Set(assignments.map(\.offerID))
            offers = offers.filter { $0.provinceCode == province || used.contains($0.id) }
        }
        return Overview(requests: requests, offers: offers, assignments: assignments,
                        report: SecondmentRules.report(requests: requests, offers: offers, assignments: assignments))
    }
}
