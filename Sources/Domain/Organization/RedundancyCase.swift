import Foundation

/// One person leaving under the restructuring policy (chế độ nghỉ việc, Resolution 268 §I: 94,402
/// decisions, 81,410 with funding requested or approved, 75,710 paid), followed from the leave decision
/// through the funding request and its approval to the payment.
///
/// Only what the pipeline needs is kept about the person: a name (masked in lists) and their unit.
public struct RedundancyCase: Hashable, Sendable, Codable {
    /// Where a case stands; each stage follows the one before it, never skipped or undone.
    public enum Stage: String, Sendable, CaseIterable, Codable, Comparable {
        case decided, requested, approved, paid

        public static func < (lhs: Stage, rhs: Stage) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        public var vietnamese: String {
            switch self {
            case .decided: "Đã có quyết định nghỉ việc"
            case .requested: "Đã đề nghị kinh phí"
            case .approved: "Đã duyệt kinh phí"
            case .paid: "Đã chi trả"
            }
        }
    }

    /// An amount in đồng and the day it was requested, approved or paid.
    public struct Amount: Hashable, Sendable, Codable {
        public var dong: Int
        public var on: LocalDate

        public init(dong: Int, on: LocalDate) {
            self.dong = dong
            self.on = on
        }
    }

    /// The case's reference: the province's own, unique nationwide with the province prefix.
    public var id: String
    public var provinceCode: String
    /// The unit the person left: a province (2 digits) or a commune (5 digits).
    public var unitCode: String
    public var personName: String
    public var category: StaffCategory
    public var decisionNumber: String
    public var decisionDate: LocalDate
    public private(set) var requested: Amount?
    public private(set) var approved: Amount?
    public private(set) var paid: Amount?

    /// A case at its first stage, after the checks of `RedundancyRules.opening`.
    init(
        id: String, provinceCode: String, unitCode: String, personName: String, category: StaffCategory, decisionNumber: String,
        decisionDate: LocalDate
    ) {
        self.id = id
        self.provinceCode = provinceCode
        self.unitCode = unitCode
        self.personName = personName
        self.category = category
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
    }

    public var stage: Stage { paid != nil ? .paid : approved != nil ? .approved : requested != nil ? .requested : .decided }

    /// The day the current stage began: what a case's age is counted from.
    public var stageSince: LocalDate { paid?.on ?? approved?.on ?? requested?.on ?? decisionDate }

    mutating func set(_ stage: Stage, _ amount: Amount) {
        switch stage {
        case .requested: requested = amount
        case .approved: approved = amount
        case .paid: paid = amount
        case .decided: break
        }
    }
}

/// Why a redundancy case or a step of it is refused: each names the field that is wrong.
public enum RedundancyError: Error, Equatable, Sendable {
    case missing(field: String)
    case invalidID(String)
    case invalidUnit(String)
    case amountNotPositive(field: String, dong: Int)
    /// A step that is not the next one: only decided → requested → approved → paid.
    case notNextStage(current: RedundancyCase.Stage, step: RedundancyCase.Stage)
    /// Approved above what was requested, or paid above what was approved.
    case exceeds(field: String, dong: Int, limit: Int)
    /// A step dated before the stage it follows (or before the decision).
    case before(field: String, date: LocalDate, earliest: LocalDate)
    /// A step dated after the day it is recorded.
    case inFuture(field: String, date: LocalDate)

    public var field: String {
        switch self {
        case .missing(let field), .amountNotPositive(let field, _), .exceeds(let field, _, _), .before(let field, _, _),
             .inFuture(let field, _):
            field
        case .invalidID: "id"
        case .invalidUnit: "unit_code"
        case .notNextStage(_, let step): RedundancyRules.field(step)
        }
    }

    public var message: String {
        switch self {
        case .missing: "Cần nhập giá trị"
        case .invalidID(let id): "Mã hồ sơ “\(id)” không hợp lệ (chữ, số, dấu gạch, tối đa 40 ký tự)"
        case .invalidUnit(let code): "Mã đơn vị “\(code)” không phải mã tỉnh (2 số) hoặc xã (5 số)"
        case .amountNotPositive(_, let dong): "Số tiền phải lớn hơn 0 (đang là \(dong))"
        case .notNextStage(let current, let step): "Không thể chuyển từ “\(current.vietnamese)” sang “\(step.vietnamese)”"
        case .exceeds(let field, let dong, let limit):
            field == "paid_amount"
                ? "Số tiền chi trả \(VietnameseFormat.money(dong)) vượt số được duyệt \(VietnameseFormat.money(limit))"
                : "Số tiền duyệt \(VietnameseFormat.money(dong)) vượt số đề nghị \(VietnameseFormat.money(limit))"
        case .before(_, let date, let earliest): "Ngày \(date) trước ngày \(earliest) của bước trước"
        case .inFuture(_, let date): "Ngày \(date) ở tương lai"
        }
    }
}

/// Every problem of one case at once (a form or an import row shows them all).
public struct RedundancyErrors: Error, Equatable, Sendable {
    public var all: [RedundancyError]

    public init(_ all: [RedundancyError]) { self.all = all }
}

/// The rules of the pipeline: a case opens at its decision and moves one stage at a time; approved
/// never exceeds requested, paid never exceeds approved, and no step predates the one before it.
public enum RedundancyRules {
    /// The column a stage's amount is read from (CSV and API) and its errors are reported under.
    public static func field(_ stage: RedundancyCase.Stage) -> String {
        switch stage {
        case .decided: "decision_date"
        case .requested: "requested_amount"
        case .approved: "approved_amount"
        case .paid: "paid_amount"
        }
    }

    /// The column of a stage's date.
    public static func dateField(_ stage: RedundancyCase.Stage) -> String {
        stage == .decided ? "decision_date" : field(stage).replacingOccurrences(of: "_amount", with: "_on")
    }

    /// A new case, every field checked; all problems at once.
    public static func opening(
        id: String, provinceCode: String, unitCode: String, personName: String, category: StaffCategory?, decisionNumber: String,
        decisionDate: LocalDate?, today: LocalDate
    ) throws(RedundancyErrors) -> RedundancyCase {
        var errors: [RedundancyError] = []
        let trimmedName = personName.trimmingCharacters(in: .whitespaces)
        if id.isEmpty || id.count > 40 || !id.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "." || $0 == "/") }) {
            errors.append(id.isEmpty ? .missing(field: "id") : .invalidID(id))
        }
        if !(unitCode.count == 2 || unitCode.count == 5) || !unitCode.allSatisfy(\.isASCIIDigit) {
            errors.append(unitCode.isEmpty ? .missing(field: "unit_code") : .invalidUnit(unitCode))
        }
        if trimmedName.isEmpty { errors.append(.missing(field: "person_name")) }
        if category == nil { errors.append(.missing(field: "category")) }
        if decisionNumber.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(.missing(field: "decision_number")) }
        if let decisionDate, decisionDate > today { errors.append(.inFuture(field: "decision_date", date: decisionDate)) }
        if decisionDate == nil { errors.append(.missing(field: "decision_date")) }
        guard errors.isEmpty, let category, let decisionDate else { throw RedundancyErrors(errors) }
        return RedundancyCase(
            id: id, provinceCode: provinceCode, unitCode: unitCode, personName: trimmedName, category: category,
            decisionNumber: decisionNumber.trimmingCharacters(in: .whitespaces), decisionDate: decisionDate
        )
    }

    /// The case moved to `stage` with `amount`, or why not.
    public static func advance(
        _ current: RedundancyCase, to stage: RedundancyCase.Stage, _ amount: RedundancyCase.Amount, today: LocalDate
    ) throws(RedundancyError) -> RedundancyCase {
        let field = field(stage)
        guard let index = RedundancyCase.Stage.allCases.firstIndex(of: stage), index > 0,
              RedundancyCase.Stage.allCases[index - 1] == current.stage else {
            throw .notNextStage(current: current.stage, step: stage)
        }
        guard amount.dong > 0 else { throw .amountNotPositive(field: field, dong: amount.dong) }
        let dateField = dateField(stage)
        guard amount.on >= current.stageSince else { throw .before(field: dateField, date: amount.on, earliest: current.stageSince) }
        guard amount.on <= today else { throw .inFuture(field: dateField, date: amount.on) }
        switch stage {
        case .approved:
            if let requested = current.requested, amount.dong > requested.dong {
                throw .exceeds(field: field, dong: amount.dong, limit: requested.dong)
            }
        case .paid:
            if let approved = current.approved, amount.dong > approved.dong {
                throw .exceeds(field: field, dong: amount.dong, limit: approved.dong)
            }
        case .decided, .requested:
            break
        }
        var next = current
        next.set(stage, amount)
        return next
    }

    /// A whole case as a register row gives it (import): opened, then each stage that has an amount,
    /// in order. A later stage without the earlier one is refused (paid without approval).
    public static func build(
        id: String, provinceCode: String, unitCode: String, personName: String, category: StaffCategory?, decisionNumber: String,
        decisionDate: LocalDate?, steps: [RedundancyCase.Stage: RedundancyCase.Amount], today: LocalDate
    ) throws(RedundancyErrors) -> RedundancyCase {
        var current = try opening(
            id: id, provinceCode: provinceCode, unitCode: unitCode, personName: personName, category: category,
            decisionNumber: decisionNumber, decisionDate: decisionDate, today: today
        )
        for stage in RedundancyCase.Stage.allCases.dropFirst() {
            guard let amount = steps[stage] else { continue }
            do {
                current = try advance(current, to: stage, amount, today: today)
            } catch {
                throw RedundancyErrors([error])
            }
        }
        return current
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
