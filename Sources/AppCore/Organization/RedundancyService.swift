public import Domain
public import Foundation
public import Storage

/// The redundancy pipeline (chế độ nghỉ việc): cases imported from the provinces' registers or entered
/// one by one, moved a stage at a time by the rules of `RedundancyRules`, and tallied by province and unit.
public struct RedundancyService: Sendable, BookkeepingUseCase {
    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    /// The columns of the import and export files, in order.
    public static let columns = [
        "id", "unit_code", "person_name", "category", "decision_number", "decision_date", "requested_amount", "requested_on",
        "approved_amount", "approved_on", "paid_amount", "paid_on",
    ]

    /// Imports cases from CSV (the `columns`; `category` as `StaffCategory` raw values, amounts in đồng,
    /// dates YYYY-MM-DD). Every row is checked before anything is written: a row is refused for a wrong
    /// field, a unit that is not current, a unit outside the importer's scope, an id twice in the file,
    /// or a case the database already holds at a later stage (a register never goes back). All or nothing.
    public func importCases(csv text: String, by actor: UserRecord?, source: String = "csv") async throws(AppError) -> RegisterImportSummary {
        let records = BookkeepingUnits.records(text)
        guard let header = records.first, Self.columns.allSatisfy(header.contains) else {
            throw .invalid("header", "Tệp CSV cần các cột " + Self.columns.joined(separator: ", "))
        }
        let today = self.today
        var (rows, issues) = try await units.rows(of: records, actor: actor)
        var cases: [RedundancyCase] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let line = row.line, value = row.value, unitCode = row.unitCode, province = row.province
            var rowIssues = row.issues
            var steps: [RedundancyCase.Stage: RedundancyCase.Amount] = [:]
            for stage in RedundancyCase.Stage.allCases.dropFirst() {
                let amountField = RedundancyRules.field(stage), dateField = RedundancyRules.dateField(stage)
                let amountText = value(amountField).replacingOccurrences(of: ".", with: ""), dateText = value(dateField)
                if amountText.isEmpty, dateText.isEmpty { continue }
                guard let dong = Int(amountText) else {
                    rowIssues.append(.init("\(line): \(amountField)", "Số tiền “\(value(amountField))” không phải số nguyên đồng"))
                    continue
                }
                guard let on = LocalDate(iso: dateText) else {
                    rowIssues.append(.init("\(line): \(dateField)", "Ngày “\(dateText)” không hợp lệ; dùng dạng YYYY-MM-DD"))
                    continue
                }
                steps[stage] = RedundancyCase.Amount(dong: dong, on: on)
            }
            let decisionText = value("decision_date")
            let decisionDate = LocalDate(iso: decisionText)
            if decisionDate == nil, !decisionText.isEmpty {
                rowIssues.append(.init("\(line): decision_date", "Ngày “\(decisionText)” không hợp lệ; dùng dạng YYYY-MM-DD"))
            }
            let categoryText = value("category")
            let category = StaffCategory(rawValue: categoryText)
            if category == nil, !categoryText.isEmpty {
                rowIssues.append(.init("\(line): category", "Loại “\(categoryText)” không hợp lệ; dùng "
                    + StaffCategory.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            do throws(RedundancyErrors) {
                let built = try RedundancyRules.build(
                    id: value("id"), provinceCode: province ?? "", unitCode: unitCode, personName: value("person_name"),
                    category: category, decisionNumber: value("decision_number"),
                    decisionDate: decisionDate ?? (decisionText.isEmpty ? nil : today), steps: steps, today: today
                )
                if let first = seen[built.id] {
                    rowIssues.append(.init("\(line): id", "Mã “\(built.id)” đã có ở dòng \(first)"))
                } else {
                    seen[built.id] = row.number
                }
                if rowIssues.isEmpty { cases.append(built) }
            } catch {
                // A field already reported (unparsable text) is not reported twice as missing.
                let reported = Set(rowIssues.map(\.field))
                rowIssues += error.all.map { AppError.FieldIssue("\(line): \($0.field)", $0.message) }
                    .filter { !reported.contains($0.field) && !(category == nil && !categoryText.isEmpty && $0.field.hasSuffix("category")) }
            }
            issues += rowIssues
        }
        let stored = try await storage { try await store.bookkeeping.redundancyCases(ids: cases.map(\.id)) }
        let existing = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
        var summary = RegisterImportSummary()
        var changed: [RedundancyCase] = []
        for item in cases {
            guard let old = existing[item.id] else {
                summary.inserted += 1
                changed.append(item)
                continue
            }
            if old == item {
                summary.unchanged += 1
            } else if let actor, let denial = units.denial(actor, .manageBookkeeping, unitCode: old.unitCode, province: old.provinceCode) {
                // A case moved from a unit the importer does not manage is refused as that unit's.
                issues.append(.init("line \(seen[item.id] ?? 0): unit_code", denial))
            } else if item.stage < old.stage {
                issues.append(.init("line \(seen[item.id] ?? 0): id", "Hồ sơ “\(item.id)” đã ở bước “\(old.stage.vietnamese)”; tệp ghi bước trước đó"))
            } else {
                summary.updated += 1
                changed.append(item)
            }
        }
        guard issues.isEmpty else { throw .invalidRows(issues) }
        try await storage {
            try await store.bookkeeping.saveRedundancyCases(changed, source: source, at: instant)
        }
        return summary
    }

    /// Moves one case to its next stage.
    public func advance(id: String, to stage: RedundancyCase.Stage, dong: Int, on: LocalDate, by actor: UserRecord) async throws(AppError)
        -> RedundancyCase {
        guard let current = try await storage({ try await store.bookkeeping.redundancyCases(ids: [id]) }).first else {
            throw .notFound(what: "hồ sơ nghỉ việc", code: id)
        }
        if let denial = units.denial(actor, .manageBookkeeping, unitCode: current.unitCode, province: current.provinceCode) {
            throw .forbidden(denial)
        }
        let next: RedundancyCase
        do throws(RedundancyError) {
            next = try RedundancyRules.advance(current, to: stage, RedundancyCase.Amount(dong: dong, on: on), today: today)
        } catch {
            if case .notNextStage = error { throw .notAllowed(error.message) }
            throw .invalid(error.field, error.message)
        }
        try await storage {
            try await store.bookkeeping.saveRedundancyCases([next], source: "api:\(actor.username)", at: instant)
        }
        return next
    }

    /// A tally row: the group's code and name and its totals.
    public struct Row: Sendable, Equatable {
        public var code: String
        public var name: String
        public var tally: RedundancyTally
    }

    /// Totals and ageing of a scope (`nation`, `province:CODE`, `commune:CODE`), by province or unit,
    /// with the scope's total first.
    public func tally(scope: String?, groupBy: RedundancyGrouping, asOf: LocalDate? = nil) async throws(AppError) -> (total: RedundancyTally, rows: [Row]) {
        let (province, unit) = try await units.parse(scope: scope)
        let asOf = asOf ?? today
        let counts = try await storage { try await store.bookkeeping.redundancyCounts(provinceCode: province, unitCode: unit, groupBy: groupBy) }
        var groups: [String: RedundancyTally] = [:]
        var total = RedundancyTally()
        for count in counts {
            var tally = groups[count.group] ?? RedundancyTally()
            tally.add(stage: count.stage, since: count.since, cases: count.cases, requestedDong: count.requestedDong,
                      approvedDong: count.approvedDong, paidDong: count.paidDong, asOf: asOf)
            groups[count.group] = tally
            total.add(stage: count.stage, since: count.since, cases: count.cases, requestedDong: count.requestedDong,
                      approvedDong: count.approvedDong, paidDong: count.paidDong, asOf: asOf)
        }
        let names = groupBy == .none ? [:] : try await units.names(Array(groups.keys))
        let rows: [Row] = groupBy == .none ? [] : groups.keys.sorted().map { Row(code: $0, name: names[$0] ?? $0, tally: groups[$0] ?? RedundancyTally()) }
        return (total, rows)
    }

    /// A page of cases in a scope, names masked unless the reader may see personal data there.
    public func cases(scope: String?, stage: String?, offset: Int, limit: Int, by actor: UserRecord) async throws(AppError) -> [RedundancyCase] {
        let (province, unit) = try await units.parse(scope: scope)
        var chosen: RedundancyCase.Stage?
        if let stage {
            guard let value = RedundancyCase.Stage(rawValue: stage) else {
                throw .invalid("stage", "Bước “\(stage)” không hợp lệ; dùng " + RedundancyCase.Stage.allCases.map(\.rawValue).joined(separator: ", "))
            }
            chosen = value
        }
        guard (1...500).contains(limit) else { throw .invalid("limit", "Số dòng mỗi trang từ 1 đến 500") }
        if let denial = units.denial(actor, .viewBookkeeping, unitCode: unit ?? province, province: province) { throw .forbidden(denial) }
        let found = try await storage {
            try await store.bookkeeping.redundancyCases(provinceCode: province, unitCode: unit, stage: chosen, offset: offset, limit: limit)
        }
        return masked(found, for: actor)
    }

    /// Every case of a scope, for an export: names masked where the actor may not see personal data;
    /// all of them plain for the command line (nil).
    public func register(scope: String?, by actor: UserRecord?) async throws(AppError) -> [RedundancyCase] {
        let (province, unit) = try await units.parse(scope: scope)
        if let actor, let denial = units.denial(actor, .viewBookkeeping, unitCode: unit ?? province, province: province) { throw .forbidden(denial) }
        let found = try await storage {
            try await store.bookkeeping.redundancyCases(provinceCode: province, unitCode: unit, stage: nil, offset: 0, limit: Int(Int32.max))
        }
        guard let actor else { return found }
        return masked(found, for: actor)
    }

    func masked(_ cases: [RedundancyCase], for actor: UserRecord) -> [RedundancyCase] {
        cases.map { item in
            var masked = item
            if units.denial(actor, .viewPersonalData, unitCode: item.unitCode, province: item.provinceCode) != nil {
                masked.personName = Masking.name(item.personName)
            }
            return masked
        }
    }
}
