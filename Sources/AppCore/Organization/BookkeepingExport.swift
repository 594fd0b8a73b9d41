public import Domain
public import Foundation
public import Storage

/// The reform's bookkeeping reports as named tables — what the command line prints, the API exports as
/// CSV, JSON or a workbook, and the pages show — built once from the services' reports.
public struct BookkeepingExport: Sendable, BookkeepingUseCase {
    public enum Kind: String, Sendable, CaseIterable {
        case agencies, staffing, secondments, redundancy, facilities, obstacles
        case publicServiceUnits = "public-service-units"
        /// The redundancy register itself, person by person: for readers with bookkeeping rights only.
        case redundancyCases = "redundancy-cases"

        public var vietnamese: String {
            switch self {
            case .agencies: "Cơ quan chuyên môn"
            case .staffing: "Biên chế và vị trí việc làm"
            case .secondments: "Tăng cường cán bộ về xã"
            case .redundancy: "Chế độ nghỉ việc"
            case .facilities: "Trụ sở, tài sản dôi dư"
            case .obstacles: "Vướng mắc"
            case .publicServiceUnits: "Đơn vị sự nghiệp công lập"
            case .redundancyCases: "Danh sách nghỉ việc"
            }
        }

        /// The groupings a kind's first sheet offers; the first is the default.
        public var groupings: [String] {
            switch self {
            case .agencies: ["province", "unit"]
            case .staffing: ["unit", "province", "agency", "class", "skill", "none"]
            case .redundancy: ["province", "unit", "none"]
            case .publicServiceUnits: ["province", "unit", "sector", "none"]
            case .secondments, .facilities, .obstacles, .redundancyCases: []
            }
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        public var table: ReportTable

        public init(_ name: String, _ table: ReportTable) {
            self.name = name
            self.table = table
        }
    }

    /// Who reads: the command line (the operator holds the database) or an API caller, signed in or not.
    public enum Reader: Sendable {
        case commandLine
        case caller(UserRecord?)
    }

    public let store: any Store
    let now: @Sendable () -> Date

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    public func sheets(_ kind: Kind, scope: String?, by: String? = nil, asOf: LocalDate? = nil, reader: Reader) async throws(AppError) -> [Sheet] {
        if by != nil, kind.groupings.isEmpty { throw .invalid("by", "Báo cáo này không nhóm theo chiều nào") }
        let by = by ?? kind.groupings.first
        if let by, !kind.groupings.contains(by) {
            throw .invalid("by", "Nhóm theo “\(by)” không hợp lệ; dùng " + kind.groupings.joined(separator: ", "))
        }
        switch kind {
        case .agencies: return try await agencies(scope: scope, byUnit: by == "unit")
        case .staffing: return try await staffing(scope: scope, by: by ?? "unit")
        case .secondments: return try await secondments(scope: scope)
        case .redundancy: return try await redundancy(scope: scope, by: by ?? "province", asOf: asOf)
        case .facilities: return try await facilities(scope: scope, asOf: asOf)
        case .obstacles: return try await obstacles(scope: scope, asOf: asOf)
        case .publicServiceUnits: return try await publicServiceUnits(scope: scope, by: by ?? "province", asOf: asOf)
        case .redundancyCases: return try await redundancyCases(scope: scope, reader: reader)
        }
    }

    func agencies(scope: String?, byUnit: Bool) async throws(AppError) -> [Sheet] {
        let (total, rows) = try await AgencyReport(store: store, now: now).counts(scope: scope, byUnit: byUnit)
        let kinds: [AgencyKind] = [.provincialDepartment, .communeOffice, .provincialServiceCentre, .communeServiceCentre,
                                   .provincialPeoplesCommittee, .communePeoplesCommittee, .receptionPoint]
        return [Sheet("Cơ quan", ReportTable(
            headers: ["Mã", "Tên", "Sở, ban, ngành", "Phòng chuyên môn xã", "TTPVHCC tỉnh", "TTPVHCC xã", "UBND tỉnh", "UBND xã", "Điểm tiếp nhận"],
            rows: (rows.map { ($0.code, $0.name, $0.counts) } + [("Tổng cộng", "", total)]).map { code, name, counts in
                [.text(code), .text(name)] + kinds.map { .integer(counts[$0] ?? 0) }
            },
            labelColumns: 2
        ))]
    }

    func staffing(scope: String?, by: String) async throws(AppError) -> [Sheet] {
        let service = StaffingService(store: store, now: now)
        let (total, rows) = try await service.gaps(scope: scope, groupBy: StaffingService.Grouping(rawValue: by) ?? .unit)
        var sheets = [Sheet("Thừa thiếu", ReportTable(
            headers: ["Mã", "Tên", "Biên chế", "Số người", "Không chuyên trách", "Thừa", "Thiếu"],
            rows: (rows + [total]).map {
                [.text($0.code), .text($0.name), .integer($0.quota), .integer($0.people), .integer($0.partTime), .integer($0.surplus), .integer($0.shortage)]
            },
            labelColumns: 2
        ))]
        // Rotations stay within a province: a commune's scope has none to propose.
        if try await units.parse(scope: scope).unit == nil {
            sheets.append(Sheet("Luân chuyển", ReportTable(
                headers: ["Tỉnh", "Lĩnh vực", "Từ đơn vị", "Đến đơn vị", "Số người"],
                rows: try await service.rotations(scope: scope).map {
                    [.text($0.provinceCode), .text($0.skill.vietnamese), .text($0.from), .text($0.to), .integer($0.people)]
                },
                labelColumns: 4
            )))
        }
        return sheets
    }

    func secondments(scope: String?) async throws(AppError) -> [Sheet] {
        let overview = try await SecondmentService(store: store, now: now).overview(scope: scope)
        let sent = Dictionary(grouping: overview.assignments, by: \.requestID)
        return [
            Sheet("Yêu cầu", ReportTable(
                headers: ["Yêu cầu", "Xã", "Lĩnh vực", "Từ ngày", "Số ngày", "Cần", "Đã cử", "Còn thiếu", "Cơ quan cử", "Trùng lặp"],
                rows: overview.requests.map { request in
                    let assignments = sent[request.id] ?? []
                    return [
                        .text(request.id), .text(request.unitCode), .text(request.skill.vietnamese), .text(request.from.description),
                        .integer(request.days), .integer(request.headcount), .integer(assignments.reduce(0) { $0 + $1.people }),
                        .integer(overview.report.unmet[request.id] ?? 0), .text(Set(assignments.map(\.body)).sorted().joined(separator: "; ")),
                        .text(overview.report.overlapping[request.id] == nil ? "" : "có"),
                    ]
                },
                labelColumns: 4
            )),
            Sheet("Cán bộ chưa được cử", ReportTable(
                headers: ["Đề nghị cử", "Số người chưa được cử"],
                rows: overview.report.idle.sorted { $0.key < $1.key }.map { [.text($0.key), .integer($0.value)] },
                labelColumns: 1
            )),
        ]
    }

    func redundancy(scope: String?, by: String, asOf: LocalDate?) async throws(AppError) -> [Sheet] {
        let (total, rows) = try await RedundancyService(store: store, now: now)
            .tally(scope: scope, groupBy: RedundancyGrouping(rawValue: by) ?? .province, asOf: asOf)
        return [Sheet("Tổng hợp", ReportTable(redundancy: total, rows: rows))]
    }

    func redundancyCases(scope: String?, reader: Reader) async throws(AppError) -> [Sheet] {
        let actor: UserRecord?
        switch reader {
        case .commandLine: actor = nil
        case .caller(let user):
            guard let user else { throw .unauthenticated("Cần đăng nhập để xem danh sách nghỉ việc") }
            actor = user
        }
        let cases = try await RedundancyService(store: store, now: now).register(scope: scope, by: actor)
        return [Sheet("Danh sách", ReportTable(
            headers: ["Mã hồ sơ", "Tỉnh", "Đơn vị", "Họ tên", "Loại", "Số quyết định", "Ngày quyết định", "Bước", "Đề nghị (đồng)",
                      "Ngày đề nghị", "Duyệt (đồng)", "Ngày duyệt", "Đã chi (đồng)", "Ngày chi"],
            rows: cases.map { item in
                var cells: [ReportTable.Cell] = [
                    .text(item.id), .text(item.provinceCode), .text(item.unitCode), .text(item.personName), .text(item.category.vietnamese),
                    .text(item.decisionNumber), .text(item.decisionDate.description), .text(item.stage.vietnamese),
                ]
                for amount in [item.requested, item.approved, item.paid] {
                    cells += amount.map { [.integer($0.dong), .text($0.on.description)] } ?? [.text(""), .text("")]
                }
                return cells
            },
            labelColumns: 8
        ))]
    }

    func facilities(scope: String?, asOf: LocalDate?) async throws(AppError) -> [Sheet] {
        let report = try await FacilityService(store: store, now: now).report(scope: scope, asOf: asOf)
        return [
            Sheet("Tổng hợp", ReportTable(
                headers: ["Chỉ tiêu", "Số lượng"],
                rows: [
                    [.text("Cơ sở"), .integer(report.facilities)], [.text("Dôi dư"), .integer(report.surplus)],
                    [.text("Diện tích dôi dư (m²)"), .integer(report.surplusArea)], [.text("Đã chuyển đổi xong"), .integer(report.converted)],
                ] + Facility.PlannedUse.allCases.map { [.text("Phương án: \($0.vietnamese)"), .integer(report.byUse[$0.rawValue] ?? 0)] }
                    + [[.text("Chưa có phương án"), .integer(report.byUse[""] ?? 0)]],
                labelColumns: 1
            )),
            Sheet("Cần xử lý", ReportTable(
                headers: ["Mã cơ sở", "Đơn vị", "Tên", "Lý do", "Phương án", "Cơ quan chịu trách nhiệm", "Thời hạn", "Diện tích (m²)"],
                rows: report.attention.map { facility, why in
                    [.text(facility.id), .text(facility.unitCode), .text(facility.name), .text(why == .overdue ? "Quá hạn" : "Chưa có phương án"),
                     .text(facility.plannedUse?.vietnamese ?? ""), .text(facility.responsible ?? ""), .text(facility.deadline?.description ?? ""),
                     .integer(facility.areaSquareMetres)]
                },
                labelColumns: 7
            )),
            Sheet("Trang thiết bị", ReportTable(
                headers: ["Loại", "Hiện có", "Cần", "Thừa", "Thiếu", "Số đơn vị thiếu"],
                rows: EquipmentCount.Kind.allCases.compactMap { kind in
                    guard let sum = report.equipment[kind] else { return nil }
                    return [.text(kind.vietnamese), .integer(sum.have), .integer(sum.needed), .integer(sum.surplus), .integer(sum.shortage),
                            .integer(report.shortUnits.values.count { $0[kind] != nil })]
                },
                labelColumns: 1
            )),
        ]
    }

    func obstacles(scope: String?, asOf: LocalDate?) async throws(AppError) -> [Sheet] {
        let report = try await ObstacleService(store: store, now: now).report(scope: scope, asOf: asOf)
        let headers = ["Đang xử lý", "Quá hạn", "Đã giải quyết"]
        func cells(_ counts: ObstacleService.Counts) -> [ReportTable.Cell] { [.integer(counts.open), .integer(counts.overdue), .integer(counts.resolved)] }
        return [
            Sheet("Theo lĩnh vực", ReportTable(
                headers: ["Lĩnh vực"] + headers,
                rows: report.byField.sorted { $0.key.rawValue < $1.key.rawValue }.map { [.text($0.key.vietnamese)] + cells($0.value) }
                    + [[.text("Tổng cộng")] + cells(report.total)],
                labelColumns: 1
            )),
            Sheet("Theo cơ quan", ReportTable(
                headers: ["Cơ quan đang giữ"] + headers,
                rows: report.byBody.sorted { $0.key < $1.key }.map { [.text($0.key)] + cells($0.value) },
                labelColumns: 1
            )),
            Sheet("Danh sách", ReportTable(
                headers: ["Mã", "Đơn vị", "Lĩnh vực", "Nội dung", "Căn cứ pháp lý", "Ngày ghi nhận", "Cơ quan đang giữ", "Hạn", "Tình trạng"],
                rows: report.obstacles.map { item in
                    [.text(item.id), .text(item.unitCode), .text(item.field.vietnamese), .text(item.description), .text(item.legalBasis ?? ""),
                     .text(item.raisedOn.description), .text(item.current.body), .text(item.current.deadline.description),
                     .text(item.status == .resolved ? "Đã giải quyết" : "Đang xử lý")]
                },
                labelColumns: 9
            )),
        ]
    }

    func publicServiceUnits(scope: String?, by: String, asOf: LocalDate?) async throws(AppError) -> [Sheet] {
        let report = try await PublicServiceUnitService(store: store, now: now)
            .report(scope: scope, groupBy: PublicServiceUnitService.Grouping(rawValue: by) ?? .province, asOf: asOf)
        let reviews = PublicServiceUnit.Review.allCases
        return [
            Sheet("Rà soát", ReportTable(
                headers: ["Mã", "Tên", "Số đơn vị", "Số người làm việc"] + reviews.map(\.vietnamese) + ["Quá hạn rà soát"],
                rows: (report.rows + [report.total]).map { row in
                    [.text(row.code), .text(row.name), .integer(row.units), .integer(row.staff)] + reviews.map { .integer(row.reviews[$0] ?? 0) }
                        + [.integer(row.overdue)]
                },
                labelColumns: 2
            )),
            Sheet("Quá hạn rà soát", ReportTable(
                headers: ["Mã", "Đơn vị", "Cơ quan chủ quản", "Tên", "Lĩnh vực", "Tình trạng", "Hạn rà soát"],
                rows: report.overdue.map {
                    [.text($0.id), .text($0.unitCode), .text($0.agencyCode), .text($0.name), .text($0.sector.vietnamese), .text($0.review.vietnamese),
                     .text($0.reviewDeadline?.description ?? "")]
                },
                labelColumns: 7
            )),
        ]
    }

}
