public import Domain
public import Storage
public import Foundation

/// The geography use cases: unit look-ups from the store, address conversion from the in-memory
/// gazetteer built from the same store at start.
public struct GeographyService: Sendable {
    public let store: any Store
    public let converter: AddressConverter
    let now: @Sendable () -> Date

    public static let maxBatch = 10_000
    public static let maxAddressLength = 1_000
    public static let maxPageSize = 500

    public init(store: any Store, gazetteer: Gazetteer, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.converter = AddressConverter(gazetteer: gazetteer)
        self.now = now
    }

    /// Reads every unit and edge of the store into a gazetteer.
    public static func load(store: any Store, now: @escaping @Sendable () -> Date) async throws -> GeographyService {
        let units = try await store.geography.allUnits()
        let lineage = try await store.geography.allLineage()
        return GeographyService(store: store, gazetteer: Gazetteer(units: units, lineage: lineage), now: now)
    }

    /// Today in Vietnam.
    public var today: LocalDate { LocalDate(vietnamTimeOf: now().timeIntervalSince1970) }

    public struct UnitPage: Sendable {
        public var items: [AdministrativeUnit]
        public var nextCursor: String?
    }

    public func date(_ text: String?) throws(AppError) -> LocalDate {
        guard let text, !text.isEmpty else { return today }
        guard let date = LocalDate(iso: text) else { throw AppError(GeographyError.invalidDate(text)) }
        return date
    }

    public func level(_ text: String?) throws(AppError) -> AdministrativeLevel? {
        guard let text, !text.isEmpty else { return nil }
        guard let level = AdministrativeLevel(rawValue: text) else { throw AppError(GeographyError.invalidLevel(text)) }
        return level
    }

    public func units(_ request: UnitListRequest) async throws(AppError) -> UnitPage {
        var issues: [AppError.FieldIssue] = []
        func collect<T>(_ body: () throws(AppError) -> T?) -> T? {
            do { return try body() } catch {
                if case .invalid(let found) = error { issues += found }
                return nil
            }
        }
        let date = collect { () throws(AppError) in try self.date(request.at) } ?? today
        let level = collect { () throws(AppError) in try self.level(request.level) }
        if let province = request.province, AdministrativeLevel.forCode(province) != .province {
            issues.append(.init("province", "Mã tỉnh “\(province)” không hợp lệ: mã tỉnh có 2 chữ số"))
        }
        var limit = 50
        if let text = request.limit {
            if let value = Int(text), (1...Self.maxPageSize).contains(value) {
                limit = value
            } else {
                issues.append(.init("limit", "limit phải là số nguyên từ 1 đến \(Self.maxPageSize)"))
            }
        }
        var offset = 0
        if let cursor = request.cursor {
            if let value = Cursor.decode(cursor) { offset = value } else {
                issues.append(.init("cursor", "Con trỏ trang không hợp lệ; hãy dùng giá trị nextCursor của trang trước"))
            }
        }
        if level == .district, date >= Reform.effectiveDate {
            issues += collectIssues(AppError(GeographyError.districtAfterReform(at: date)))
        }
        var folded: String?
        if let q = request.q {
            if q.count > 200 { issues.append(.init("q", "Chuỗi tìm kiếm dài quá 200 ký tự")) }
            folded = FoldKey.fold(q)
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        let query = UnitQuery(
            level: level, provinceCode: request.province, foldedText: folded, at: date, offset: offset, limit: limit + 1
        )
        var items = try await storage { try await store.geography.units(query) }
        var next: String?
        if items.count > limit {
            items.removeLast()
            next = Cursor.encode(offset: offset + limit)
        }
        return UnitPage(items: items, nextCursor: next)
    }

    private func collectIssues(_ error: AppError) -> [AppError.FieldIssue] {
        if case .invalid(let issues) = error { return issues }
        return []
    }

    /// The unit with a code at a date; a code that names nothing then is a 404 that says which versions exist.
    public func unit(code: String, level levelText: String?, at dateText: String?) async throws(AppError) -> AdministrativeUnit {
        let date = try date(dateText)
        let level = try level(levelText)
        guard let codeLevel = AdministrativeLevel.forCode(code) else { throw AppError(GeographyError.invalidCode(code)) }
        if let level, level != codeLevel {
            throw .invalid("level", "Mã “\(code)” là mã cấp \(codeLevel.rawValue), không phải cấp \(level.rawValue)")
        }
        let found = try await storage { try await store.geography.units(code: code, level: codeLevel, at: date) }
        guard let unit = found.first else {
            throw AppError(GeographyError.unknownUnit(level: codeLevel, code: code, at: date))
        }
        return unit
    }

    /// Every version of a code, oldest first.
    public func versions(code: String) async throws(AppError) -> [AdministrativeUnit] {
        guard let level = AdministrativeLevel.forCode(code) else { throw AppError(GeographyError.invalidCode(code)) }
        return try await storage { try await store.geography.versions(code: code, level: level) }
    }

    public struct Lineage: Sendable {
        public var code: String
        public var level: AdministrativeLevel
        /// Where the pre-reform unit with this code went.
        public var successors: [LineageEdge]
        /// Which pre-reform units formed the current unit with this code.
        public var predecessors: [LineageEdge]
        public var versions: [AdministrativeUnit]
    }

    public func lineage(code: String) async throws(AppError) -> Lineage {
        let versions = try await versions(code: code)
        guard let first = versions.first else {
            throw AppError(GeographyError.unknownUnit(level: AdministrativeLevel.forCode(code), code: code, at: today))
        }
        let successors = try await storage { try await store.geography.successors(oldCode: code) }
        let predecessors = try await storage { try await store.geography.predecessors(newCode: code) }
        return Lineage(code: code, level: first.level, successors: successors, predecessors: predecessors, versions: versions)
    }

    public func convert(address: String) throws(AppError) -> AddressConversion {
        try validate(address: address, field: "address")
        return converter.convert(address)
    }

    public func convert(oldCode: String) throws(AppError) -> AddressConversion {
        do {
            return try converter.convert(oldCode: oldCode)
        } catch {
            throw AppError(error)
        }
    }

    public func convert(batch addresses: [String]) throws(AppError) -> [AddressConversion] {
        guard (1...Self.maxBatch).contains(addresses.count) else {
            throw .invalid("addresses", "Cần từ 1 đến \(Self.maxBatch) địa chỉ; đã gửi \(addresses.count)")
        }
        var issues: [AppError.FieldIssue] = []
        for (index, address) in addresses.enumerated() {
            do throws(AppError) { try validate(address: address, field: "addresses/\(index)") } catch {
                issues += collectIssues(error)
                if issues.count >= 20 { break }
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        return addresses.map { converter.convert($0) }
    }

    private func validate(address: String, field: String) throws(AppError) {
        if address.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid(field, "Địa chỉ trống")
        }
        if address.count > Self.maxAddressLength {
            throw .invalid(field, "Địa chỉ dài quá \(Self.maxAddressLength) ký tự")
        }
    }

    public func unitCounts(at dateText: String?) async throws(AppError) -> [UnitCount] {
        let date = try date(dateText)
        return try await storage { try await store.geography.unitCounts(at: date) }
    }

    /// Records a unit's class from a date on. The unit is the version valid at that date.
    public func setClass(code: String, class classText: String, from fromText: String?, source: String) async throws(AppError) -> UnitClassAssignment {
        guard let unitClass = UnitClass(rawValue: classText) else { throw AppError(GeographyError.invalidClass(classText)) }
        let from = try date(fromText)
        let unit = try await unit(code: code, level: nil, at: from.description)
        let assignment = UnitClassAssignment(unit: unit.key, unitClass: unitClass, validFrom: from, source: source)
        let instant = ISO8601DateFormatter().string(from: now())
        try await storage { try await store.geography.recordClasses([assignment], recordedAt: instant) }
        return assignment
    }

    /// Records classes from CSV text with the columns `code,class,valid_from` (header required); checks
    /// every row before writing any.
    public func importClasses(csv text: String, source: String) async throws(AppError) -> Int {
        var records = CSV.parse(text)
        guard let header = records.first, let code = header.firstIndex(of: "code"), let cls = header.firstIndex(of: "class") else {
            throw .invalid("header", "Tệp CSV cần các cột code, class và (tuỳ chọn) valid_from")
        }
        let from = header.firstIndex(of: "valid_from")
        records.removeFirst()
        var assignments: [UnitClassAssignment] = []
        var issues: [AppError.FieldIssue] = []
        for (offset, record) in records.enumerated() where !(record.count == 1 && record[0].isEmpty) {
            let line = offset + 2
            guard record.count == header.count else {
                issues.append(.init("line \(line)", "Dòng có \(record.count) cột, cần \(header.count)"))
                continue
            }
            do throws(AppError) {
                guard let unitClass = UnitClass(rawValue: record[cls]) else { throw AppError(GeographyError.invalidClass(record[cls])) }
                let date = try date(from.map { record[$0] })
                let unit = try await unit(code: record[code], level: nil, at: date.description)
                assignments.append(UnitClassAssignment(unit: unit.key, unitClass: unitClass, validFrom: date, source: source))
            } catch {
                switch error {
                case .invalid(let found): issues += found.map { .init("line \(line): \($0.field)", $0.message) }
                case .notFound(_, let code): issues.append(.init("line \(line)", "Không có đơn vị mã \(code) vào ngày đó"))
                default: throw error
                }
            }
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        let instant = ISO8601DateFormatter().string(from: now())
        try await storage { try await store.geography.recordClasses(assignments, recordedAt: instant) }
        return assignments.count
    }
}
