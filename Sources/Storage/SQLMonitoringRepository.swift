public import Domain

/// Report sums on both SQL engines: one grouped scan of the counter tables, dates compared as ISO text.
public struct SQLMonitoringRepository: MonitoringRepository {
    let executor: any SQLExecutor
    /// Off only in tests, which compare the granule rollups' sums with the detailed counters'.
    let useGranuleRollups: Bool
    /// Whether the rollups' rows are spread over slots (PostgreSQL, see `RollupSlotFolding`).
    let slotted: Bool

    public init(executor: any SQLExecutor, slotted: Bool = false) {
        self.init(executor: executor, useGranuleRollups: true, slotted: slotted)
    }

    init(executor: any SQLExecutor, useGranuleRollups: Bool, slotted: Bool = false) {
        self.executor = executor
        self.useGranuleRollups = useGranuleRollups
        self.slotted = slotted
    }

    /// The columns that hold a dimension; `version` needs two, the unit depends on the perspective, the
    /// month is the day's first seven characters (as `ReportDimension.bucket` writes it).
    static func columns(_ dimension: ReportDimension, _ perspective: ReportPerspective, day: String) throws -> [String] {
        switch dimension {
        case .province: ["province_code"]
        case .unit: [perspective == .competent ? "competent_unit" : "receiving_unit"]
        case .agency: ["agency_code"]
        case .field: ["field"]
        case .procedure: ["procedure_code"]
        case .version: ["procedure_code", "procedure_valid_from"]
        case .level: ["level"]
        case .channel: ["channel"]
        case .day: [day]
        case .month: ["substr(\(day), 1, 7)"]
        case .unitClass, .week: throw UnsupportedDimension(dimension)
        }
    }

    /// WHERE and GROUP BY of a request on a table whose day column is `day`. `unindexed` is the
    /// engine's `SQLExecutor.unindexed`.
    static func shape(
        _ request: ReportRequest, day: String, unindexed: (String) -> String = { $0 }
    ) throws -> (where: String, arguments: [SQLValue], groups: [String]) {
        // A page of units is read through the units' indexes (`*_unit`, and from the receiving units'
        // perspective `*_received_elsewhere` beside it). SQLite's planner could take the primary key's
        // province and days instead: at scale 1.0, 80 ms for the period of Hà Nội's 400,870 cohort rows
        // against 20 ms for the 52,528 of 20 of its units.
        let byUnits = request.page?.units != nil
        func other(_ column: String) -> String { byUnits ? unindexed(column) : column }
        var conditions = ["\(other(day)) >= ?", "\(other(day)) <= ?"]
        var arguments: [SQLValue] = [.text(request.from.description), .text(request.to.description)]
        for filter in request.filters {
            let columns = try columns(filter.dimension, request.perspective, day: day)
            if filter.dimension == .version {
                let parts = filter.value.split(separator: "@", maxSplits: 1).map(String.init)
                conditions += ["procedure_code = ?", "procedure_valid_from = ?"]
                arguments += [.text(parts[0]), .text(parts.count > 1 ? parts[1] : "")]
            } else {
                conditions.append("\(filter.dimension == .province ? other(columns[0]) : columns[0]) = ?")
                arguments.append(.text(filter.value))
            }
        }
        if let page = request.page {
            let unit = try columns(.unit, request.perspective, day: day)[0]
            conditions.append("\(other("province_code")) = ?")
            arguments.append(.text(page.province))
            if let units = page.units {
                let list = "(\(Array(repeating: "?", count: units.count).joined(separator: ", ")))"
                if request.perspective == .receiving {
                    // The rows received by a page's units are those of the units as competent ones that
                    // they received themselves, and those they received for another unit — about one
                    // row in nine, in a partial index of its own (migration 34): both read through an
                    // index, where `receiving_unit IN` read the province's rows (scale 0.1: 35–56 ms
                    // a page against 4–9 for competent units).
                    conditions.append(
                        "((competent_unit IN \(list) AND receiving_unit = competent_unit) OR (receiving_unit IN \(list) AND receiving_unit <> competent_unit))"
                    )
                    arguments += units.map(SQLValue.text) + units.map(SQLValue.text)
                } else {
                    conditions.append("\(unit) IN \(list)")
                    arguments += units.map(SQLValue.text)
                }
            }
        }
        let groups = try request.by.flatMap { try columns($0, request.perspective, day: day) }
        return (conditions.joined(separator: " AND "), arguments, groups)
    }

    /// The group key of a row: one value per dimension, `version` joined from its two columns.
    static func key(_ row: [SQLValue], _ request: ReportRequest) -> [String] {
        var key: [String] = []
        var index = 0
        for dimension in request.by {
            if dimension == .version {
                key.append("\(row[index].text ?? "")@\(row[index + 1].text ?? "")")
                index += 2
            } else {
                key.append(row[index].text ?? "")
                index += 1
            }
        }
        return key
    }

    /// What `sums` reads: the rows' condition, the columns it groups by, and each row's group key (nil
    /// for a row the request leaves out).
    struct SumShape {
        var condition: String
        var arguments: [SQLValue]
        var groups: [String]
        var key: @Sendable ([SQLValue]) -> [String]?
        /// Whether a group whose sums are all 0 is left out: a competent unit's rows cancelled by its
        /// receiving corrections, where the detail holds no row of that receiving unit.
        var dropsEmptyGroups = false
    }

    static func detailShape(_ request: ReportRequest, day: String, unindexed: (String) -> String = { $0 }) throws -> SumShape {
        let shape = try shape(request, day: day, unindexed: unindexed)
        return SumShape(condition: shape.where, arguments: shape.arguments, groups: shape.groups) { key($0, request) }
    }

    /// Whether the province rollups hold every dimension the request filters or groups by.
    static func fitsProvinceRollup(_ request: ReportRequest) -> Bool {
        // A page is a part of a breakdown that no rollup holds (`ReportPage`).
        guard request.page == nil else { return false }
        let dimensions: Set<ReportDimension> = [.province, .level, .channel, .day, .month]
        return request.filters.allSatisfy { dimensions.contains($0.dimension) } && request.by.allSatisfy(dimensions.contains)
    }

    /// Where a granule rollup's row holds a dimension: a column, or parts of the member (nil: nowhere).
    enum GranulePlace: Equatable {
        case column(String)
        case parts([Int])
    }

    /// `month` is the table's expression of the month: of receipt for a cohort row, of its granule for
    /// a daily one (each granule lies in one month).
    static func place(
        _ dimension: ReportDimension, in rollup: GranuleRollups.Rollup, _ perspective: ReportPerspective, month: String = "receive_month"
    ) -> GranulePlace? {
        if dimension == .month { return .column(month) }
        guard var columns = try? columns(dimension, perspective, day: "day") else { return nil }
        // The unit rollup with its receiving corrections holds the receiving unit where it holds the competent one.
        if rollup == .unit, columns == ["receiving_unit"] { columns = ["competent_unit"] }
        if columns == ["province_code"] || columns == ["level"] { return .column(columns[0]) }
        let parts = columns.compactMap { rollup.columns.firstIndex(of: $0) }
        return parts.count == columns.count ? .parts(parts) : nil
    }

    /// The granule rollup (`GranuleRollups`) that holds every dimension the request filters or groups
    /// by, if one does, the one with fewest rows first. Their cohorts are kept by month of receipt, so a
    /// cohort read also needs a period that begins on a month's first day.
    static func granuleRollup(for request: ReportRequest, cohort: Bool) -> GranuleRollups.Rollup? {
        guard !cohort || request.from.day == 1, request.page == nil else { return nil }
        let dimensions = Set(request.filters.map(\.dimension) + request.by)
        return GranuleRollups.Rollup.allCases.first { rollup in dimensions.allSatisfy { place($0, in: rollup, request.perspective) != nil } }
    }

    /// The rows of some granules (their texts the arguments), the first condition of a granule rollup's read.
    static func granuleCondition(_ count: Int) -> String {
        "granule IN (\(Array(repeating: "?", count: count).joined(separator: ", ")))"
    }

    /// The condition, groups and keys of a request on a granule rollup that holds its dimensions, for
    /// the granules given. A filter on the member's first part is compared in SQL; one on its other
    /// parts, and the groups of its parts, are found in each row's member (grouped by member in SQL).
    static func granuleShape(_ request: ReportRequest, _ rollup: GranuleRollups.Rollup, granules: [String], month: String) -> SumShape {
        func place(_ dimension: ReportDimension) -> GranulePlace {
            Self.place(dimension, in: rollup, request.perspective, month: month) ?? .column("province_code")
        }
        // The receiving unit's rows are the unit rollup's and their corrections (`GranuleRollups.receiving`).
        let corrected = rollup == .unit && request.perspective == .receiving
            && (request.by.contains(.unit) || request.filters.contains { $0.dimension == .unit })
        var conditions = [corrected ? "rollup IN (?, ?)" : "rollup = ?", granuleCondition(granules.count)]
        var arguments = [SQLValue.text(rollup.rawValue)] + (corrected ? [.text(GranuleRollups.receiving)] : []) + granules.map(SQLValue.text)
        var memberFilters: [(parts: [Int], value: String)] = []
        for filter in request.filters {
            switch place(filter.dimension) {
            case .column(let column):
                conditions.append("\(column) = ?")
                arguments.append(.text(filter.value))
            case .parts([0]) where rollup.columns.count == 1:
                conditions.append("member = ?")
                arguments.append(.text(filter.value))
            case .parts([0]):
                // The length is the engine's count of characters: the text is NFC, one scalar each.
                let prefix = filter.value + GranuleRollups.separator
                conditions.append("substr(member, 1, \(prefix.unicodeScalars.count)) = ?")
                arguments.append(.text(prefix))
            case .parts(let parts):
                memberFilters.append((parts, filter.value))
            }
        }
        let places = request.by.map(place)
        var groups: [String] = places.compactMap { if case .column(let column) = $0 { column } else { nil } }
        let readsMember = !memberFilters.isEmpty || places.contains { if case .parts = $0 { true } else { false } }
        if readsMember { groups.append("member") }
        let whole = rollup.columns.count == 1, memberPosition = groups.count - 1, partFilters = memberFilters
        // Where each of the key's values is: a column of the row, or parts of its member.
        let sources = places.map { place -> (column: Int?, parts: [Int]) in
            switch place {
            case .column(let column): (groups.firstIndex(of: column), [])
            case .parts(let parts): (nil, parts)
            }
        }
        /// A part of the member, found without splitting it all (a nationwide read sees tens of thousands).
        @Sendable func part(_ member: String, _ index: Int) -> Substring {
            if whole { return member[...] }
            let bytes = member.utf8
            var start = bytes.startIndex
            for _ in 0..<index {
                guard let next = bytes[start...].firstIndex(of: 0x1F) else { return "" }
                start = bytes.index(after: next)
            }
            return Substring(bytes[start..<(bytes[start...].firstIndex(of: 0x1F) ?? bytes.endIndex)])
        }
        /// The dimension's value: its parts joined as `key` joins a version's columns.
        @Sendable func value(_ member: String, _ parts: [Int]) -> String {
            var text = String(part(member, parts[0]))
            for index in parts.dropFirst() {
                text += "@"
                text += part(member, index)
            }
            return text
        }
        var shape = SumShape(condition: conditions.joined(separator: " AND "), arguments: arguments, groups: groups) { row in
            let member = readsMember ? row[memberPosition].text ?? "" : ""
            for filter in partFilters where value(member, filter.parts) != filter.value { return nil }
            return sources.map { source in source.column.map { row[$0].text ?? "" } ?? value(member, source.parts) }
        }
        shape.dropsEmptyGroups = corrected
        return shape
    }

    /// The rollups' values by observation day, in the order `cohortSums` reads their sums.
    static func observedValues(online: String) -> [String] {
        [
            "dossiers", online, "withdrawn", "finished", "on_time", "early", "stopped", "processing_minutes", "dossiers - closed",
            "overdue", "supplement_requests",
        ]
    }

    public func readsDetail(_ request: ReportRequest) -> Bool {
        Self.readsDetail(request, useGranuleRollups: useGranuleRollups)
    }

    /// As `cohortSums` and `flowSums` choose: neither a granule rollup (from the period's first month) nor
    /// the province rollups hold every dimension of the request.
    static func readsDetail(_ request: ReportRequest, useGranuleRollups: Bool) -> Bool {
        var monthly = request
        monthly.from = LocalDate(year: request.from.year, month: request.from.month, day: 1)!
        return !fitsProvinceRollup(request) && !(useGranuleRollups && granuleRollup(for: monthly, cohort: true) != nil)
    }

    public func cohortSums(_ request: ReportRequest) async throws -> [[String]: CohortSums] {
        if let whole = try await ownUnit(request) { return Self.withOwnUnit(try await cohortSums(whole), request) }
        let sums: [[String]: [Int]]
        var monthly = request
        monthly.from = LocalDate(year: request.from.year, month: request.from.month, day: 1)!
        if useGranuleRollups, let rollup = Self.granuleRollup(for: request, cohort: true) {
            sums = try await granuleCohortSums(request, rollup)
        } else if Self.fitsProvinceRollup(request) {
            // Every value observed (`ObservedValues`) from a receipt in the period up to its end: in the
            // granules of the period, which begins at the first receipt.
            var shape = try Self.detailShape(request, day: "receive_day")
            let granules = DayGranules.cover(from: request.from, to: request.to)
            shape.condition = "\(Self.granuleCondition(granules.count)) AND \(shape.condition)"
            shape.arguments = granules.map(SQLValue.text) + shape.arguments
            let values = Self.observedValues(online: GranuleRollups.onlineDossiers)
            sums = try await self.sums(values, from: ProvinceCohortGranules.table, shape)
        } else if useGranuleRollups, let rollup = Self.granuleRollup(for: monthly, cohort: true) {
            // A period beginning after a month's first day: the receipts from that first day on, from
            // the rollup, less those of the days before the period, from the detail (fewer than a month
            // of receipts, where the period's own could be years). A group left with nothing held
            // only receipts of those days.
            var sum = try await granuleCohortSums(monthly, rollup)
            var before = monthly
            before.to = request.from.adding(days: -1)
            for (key, values) in try await detailCohortSums(received: before, observedUpTo: request.to) {
                let current = sum[key] ?? Array(repeating: 0, count: values.count)
                sum[key] = zip(current, values).map { $0 - $1 }
            }
            sums = sum.filter { $0.value.contains { $0 != 0 } }
        } else {
            sums = try await detailCohortSums(received: request, observedUpTo: request.to)
        }
        return sums.mapValues { values in
            var sums = CohortSums()
            sums.received = values[0]
            sums.receivedOnline = values[1]
            sums.withdrawn = values[2]
            sums.finished = values[3]
            sums.onTime = values[4]
            sums.early = values[5]
            sums.stopped = values[6]
            sums.processingMinutes = values[7]
            sums.pending = values[8]
            sums.pendingOverdue = values[9]
            sums.supplementRequests = values[10]
            return sums
        }
    }

    /// The cohort values of a period that begins on a month's first day, from a granule rollup.
    func granuleCohortSums(_ request: ReportRequest, _ rollup: GranuleRollups.Rollup) async throws -> [[String]: [Int]] {
        // Received from the period's first month on, observed on a day up to its end: every
        // observation day lies between the receipt and the period's end, so the granules of
        // `from`…`to` hold them all.
        var shape = Self.granuleShape(request, rollup, granules: DayGranules.cover(from: request.from, to: request.to), month: "receive_month")
        shape.condition += " AND receive_month >= ? AND receive_month <= ?"
        shape.arguments += [.text(DayGranules.monthText(request.from)), .text(DayGranules.monthText(request.to))]
        return try await sums(Self.observedValues(online: "online"), from: "cohort_granules", shape)
    }

    /// The cohort values of the dossiers received in `received`'s period (and scope), observed at
    /// `end`, from the detailed counters.
    func detailCohortSums(received request: ReportRequest, observedUpTo end: LocalDate) async throws -> [[String]: [Int]] {
        let closed = "CASE WHEN close_day <= ? THEN"
        let values = [
            "dossiers", GranuleRollups.onlineDossiers,
            "\(closed) withdrawn ELSE 0 END", "\(closed) finished ELSE 0 END", "\(closed) on_time ELSE 0 END",
            "\(closed) early ELSE 0 END", "\(closed) stopped ELSE 0 END", "\(closed) processing_minutes ELSE 0 END",
            "CASE WHEN close_day > ? THEN dossiers ELSE 0 END",
            "CASE WHEN close_day > ? AND due_day <= ? THEN dossiers ELSE 0 END", "supplement_requests",
        ]
        return try await sums(
            values, from: "cohort_counters", try Self.detailShape(request, day: "receive_day", unindexed: executor.unindexed),
            selecting: Array(repeating: .text(end.description), count: 9)
        )
    }

    /// The sums of `values` (expressions of a row) over `table`'s rows that `shape` selects, by its
    /// groups. An engine that groups by sorting (`sumsInProcess`) sends the rows as they are, and the
    /// executor sums them as they come (`groupedSums`): at scale 1.0 the province rollup from a
    /// mid-month day 85–95 → 49–53 ms, by day 63 → 34–38 ms, and a breakdown the detail answers
    /// (nationwide by procedure and commune) 36 → 14 s, against SQLite's `GROUP BY`. `selecting` are the
    /// arguments of the values' placeholders.
    func sums(_ values: [String], from table: String, _ shape: SumShape, selecting: [SQLValue] = []) async throws -> [[String]: [Int]] {
        let inProcess = executor.sumsInProcess && !shape.groups.isEmpty
        let select = shape.groups + (inProcess ? values : executor.sumColumns(values.map { "SUM(\($0))" }))
        let grouped = try await executor.groupedSums(SQLStatement(
            "SELECT \(select.joined(separator: ", ")) FROM \(table) WHERE \(shape.condition)\(inProcess ? "" : Self.grouping(shape.groups))",
            selecting + shape.arguments
        ), groups: shape.groups.count)
        // Each distinct group's key once: a granule rollup's many rows per group were summed by the
        // executor (`groupedSums`) before a member is parted or a key hashed.
        var result: [[String]: [Int]] = Dictionary(minimumCapacity: grouped.count)
        for entry in grouped {
            guard let key = shape.key(entry.group.map(SQLValue.text)) else { continue }
            if let index = result.index(forKey: key) {
                for position in entry.sums.indices { result.values[index][position] += entry.sums[position] }
            } else {
                result[key] = entry.sums
            }
        }
        return shape.dropsEmptyGroups ? result.filter { $0.value.contains { $0 != 0 } } : result
    }

    static func grouping(_ groups: [String]) -> String {
        groups.isEmpty ? "" : " GROUP BY \(groups.joined(separator: ", "))"
    }

    public func flowSums(_ request: ReportRequest) async throws -> [[String]: CounterValues] {
        if let whole = try await ownUnit(request) { return Self.withOwnUnit(try await flowSums(whole), request) }
        let rollup = useGranuleRollups ? Self.granuleRollup(for: request, cohort: false) : nil
        let shape: SumShape
        if let rollup {
            shape = Self.granuleShape(request, rollup, granules: DayGranules.cover(from: request.from, to: request.to), month: "substr(granule, 2, 7)")
        } else {
            shape = try Self.detailShape(request, day: "day", unindexed: executor.unindexed)
        }
        let table = rollup != nil ? "daily_granules" : (Self.fitsProvinceRollup(request) ? "daily_province" : "daily_counters")
        let sums = try await self.sums(CounterValues.names, from: table, shape)
        return sums.mapValues(CounterValues.init(values:))
    }

    public func stepSums(_ request: ReportRequest) async throws -> [[String]: StepValues] {
        let granular = useGranuleRollups && request.filters.allSatisfy { StepGranules.dimensionsHeld.contains($0.dimension) }
        var conditions: [String], arguments: [SQLValue]
        if granular {
            let granules = DayGranules.cover(from: request.from, to: request.to)
            (conditions, arguments) = ([Self.granuleCondition(granules.count)], granules.map(SQLValue.text))
        } else {
            (conditions, arguments) = (["day >= ?", "day <= ?"], [.text(request.from.description), .text(request.to.description)])
        }
        for filter in request.filters {
            let column: String
            switch filter.dimension {
            case .province: column = "province_code"
            case .unit: column = "unit_code"
            case .agency: column = "agency_code"
            case .field: column = "field"
            case .procedure: column = "procedure_code"
            case .level: column = "level"
            default: throw UnsupportedDimension(filter.dimension)
            }
            conditions.append("\(column) = ?")
            arguments.append(.text(filter.value))
        }
        let rows = try await executor.readQuery(SQLStatement("""
            SELECT agency_code, unit_code, kind, \(StepValues.names.map { "SUM(\($0))" }.joined(separator: ", "))
            FROM \(granular ? StepGranules.table : "step_counters")
            WHERE \(conditions.joined(separator: " AND ")) GROUP BY agency_code, unit_code, kind
            """, arguments))
        var result: [[String]: StepValues] = [:]
        for row in rows {
            result[[row[0].text ?? "", row[1].text ?? "", row[2].text ?? ""]] = StepValues(values: row.dropFirst(3).map { $0.integer ?? 0 })
        }
        return result
    }

    public func stepRows(provinceCode: String?) async throws -> [StepKey: StepValues] {
        let rows = try await executor.query(SQLStatement(
            "SELECT \(Migrations.stepDimensions), \(StepValues.names.joined(separator: ", ")) FROM step_counters"
                + (provinceCode == nil ? "" : " WHERE province_code = ?"),
            provinceCode.map { [.text($0)] } ?? []
        ))
        var result: [StepKey: StepValues] = [:]
        for row in rows {
            guard let day = LocalDate(iso: row[1].text ?? ""), let kind = DossierStep.Kind(rawValue: row[4].text ?? ""),
                  let level = ProcedureVersion.Level(rawValue: row[7].text ?? "") else {
                throw StorageError.corrupt("step_counters row \(row)")
            }
            let key = StepKey(
                day: day, provinceCode: row[0].text ?? "", agencyCode: row[2].text ?? "", unitCode: row[3].text ?? "", kind: kind,
                procedureCode: row[5].text ?? "", field: row[6].text ?? "", level: level
            )
            result[key] = StepValues(values: row.dropFirst(8).map { $0.integer ?? 0 })
        }
        return result
    }

    public func cohorts(provinceCode: String?) async throws -> [CohortKey: CohortValues] {
        let rows = try await executor.query(SQLStatement(
            "SELECT \(Migrations.cohortDimensions), \(CohortValues.names.joined(separator: ", ")) FROM cohort_counters"
                + (provinceCode == nil ? "" : " WHERE province_code = ?"),
            provinceCode.map { [.text($0)] } ?? []
        ))
        var result: [CohortKey: CohortValues] = [:]
        for row in rows {
            guard let receiveDay = LocalDate(iso: row[1].text ?? ""), let validFrom = LocalDate(iso: row[7].text ?? ""),
                  let level = ProcedureVersion.Level(rawValue: row[8].text ?? ""), let channel = Channel(rawValue: row[9].text ?? ""),
                  let closeDay = LocalDate(iso: row[10].text ?? ""), let dueDay = LocalDate(iso: row[11].text ?? "") else {
                throw StorageError.corrupt("cohort_counters row \(row)")
            }
            let dimensions = CounterKey(
                day: receiveDay, provinceCode: row[0].text ?? "", competentUnit: row[2].text ?? "", receivingUnit: row[3].text ?? "",
                agencyCode: row[4].text ?? "", field: row[5].text ?? "", procedureCode: row[6].text ?? "", procedureValidFrom: validFrom,
                level: level, channel: channel
            )
            let key = CohortKey(receiveDay: receiveDay, dimensions: dimensions, closeDay: closeDay, dueDay: dueDay)
            result[key] = CohortValues(values: row.dropFirst(12).map { $0.integer ?? 0 })
        }
        return result
    }

    public func rollupDifferences() async throws -> [String] {
        var problems: [String] = []
        let dailySums = CounterValues.names.map { "SUM(\($0))" }.joined(separator: ", ")
        let pairs = [
            (ProvinceCohortGranules.table, ProvinceCohortGranules.expected,
             GranuleRollups.stored(ProvinceCohortGranules.table, ProvinceCohortGranules.dimensions, ObservedValues.names)),
            (StepGranules.table, StepGranules.expected, GranuleRollups.stored(StepGranules.table, StepGranules.dimensions, StepValues.names)),
            ("daily_province", """
                SELECT \(Migrations.dailyProvinceDimensions), \(dailySums) FROM daily_counters GROUP BY \(Migrations.dailyProvinceDimensions)
                """, "SELECT \(Migrations.dailyProvinceDimensions), \(dailySums) FROM daily_province GROUP BY \(Migrations.dailyProvinceDimensions)"),
            ("cohort_granules", GranuleRollups.expectedCohorts(corrections: true),
             GranuleRollups.stored("cohort_granules", GranuleRollups.cohortDimensions, GranuleRollups.cohortNames)),
            ("daily_granules", GranuleRollups.expectedDaily(corrections: true),
             GranuleRollups.stored("daily_granules", GranuleRollups.dailyDimensions, CounterValues.names)),
        ]
        for (table, expected, stored) in pairs {
            for (label, query) in [("missing from", "\(expected) EXCEPT \(stored)"), ("not in the detail of", "\(stored) EXCEPT \(expected)")] {
                let rows = try await executor.query(SQLStatement("SELECT * FROM (\(query)) AS difference"))
                problems += rows.prefix(20).map { row in "\(table): row \(label) the rollup: \(row.prefix(6).map { $0.text ?? "\($0.integer ?? 0)" })" }
            }
        }
        return problems
    }

    public func foldSlots(before month: String) async throws {
        guard slotted else { return }
        // A transaction per table, so that a fold holds few locks at a time.
        for statement in RollupSlotFolding.statements(before: month) { try await executor.transaction([statement]) }
    }

    public func compactRollups() async throws {
        guard slotted else { return }
        _ = try await executor.query(RollupSlotFolding.compaction)
    }

    public func monthlyReport(month: String, scope: String) async throws -> String? {
        try await executor.query(SQLStatement(
            "SELECT body FROM monthly_reports WHERE month = ? AND scope = ?", [.text(month), .text(scope)]
        )).first?.first?.text
    }

    public func saveMonthlyReport(month: String, scope: String, body: String, at: Instant) async throws {
        try await executor.transaction([SQLStatement("""
            INSERT INTO monthly_reports (month, scope, generated_at, body) VALUES (?, ?, ?, ?)
            ON CONFLICT (month, scope) DO UPDATE SET generated_at = excluded.generated_at, body = excluded.body
            """, [.text(month), .text(scope), .integer(at.minutes), .text(body)])])
    }

    public func monthlyReports() async throws -> [(month: String, scope: String, generatedAt: Instant)] {
        try await executor.query(SQLStatement("SELECT month, scope, generated_at FROM monthly_reports ORDER BY month DESC, scope"))
            .map { ($0[0].text ?? "", $0[1].text ?? "", Instant(minutes: $0[2].integer ?? 0)) }
    }
}
