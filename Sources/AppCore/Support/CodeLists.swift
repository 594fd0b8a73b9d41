import Domain
public import Foundation
public import Storage
import Crypto

/// The open code lists other systems align with (Resolution 268: one language of codes): units current
/// and pre-reform, their lineage, procedures, fields, statuses, channels, event kinds and agencies.
/// Each list's version is the SHA-256 of its CSV, so that a system can tell a change without a diff.
public struct CodeLists: Sendable {
    public struct List: Sendable {
        public var name: String
        public var title: String
        public var columns: [String]
        public var rows: [[String]]
        /// First 16 hex digits of the SHA-256 of the CSV (without BOM).
        public var version: String

        init(name: String, title: String, columns: [String], rows: [[String]]) {
            self.name = name
            self.title = title
            self.columns = columns
            self.rows = rows
            version = String(Hex.string(SHA256.hash(data: Self.csv(columns, rows, bom: false))).prefix(16))
        }

        public func csv(bom: Bool) -> Data { Self.csv(columns, rows, bom: bom) }

        static func csv(_ columns: [String], _ rows: [[String]], bom: Bool) -> Data {
            ReportTable(headers: columns, rows: rows.map { $0.map { .text($0) } }, labelColumns: columns.count).csv(bom: bom)
        }
    }

    public static let names: [(name: String, title: String)] = [
        ("units", "Đơn vị hành chính (hiện hành và trước sắp xếp)"), ("lineage", "Quan hệ kế thừa đơn vị hành chính"),
        ("procedures", "Thủ tục hành chính"), ("fields", "Lĩnh vực"), ("statuses", "Trạng thái hồ sơ"),
        ("channels", "Kênh tiếp nhận"), ("event-kinds", "Loại sự kiện của hồ sơ"), ("agencies", "Cơ quan, đơn vị"),
    ]

    public let store: any Store
    let now: @Sendable () -> Date
    let cache = ExpiringCache<List>(capacity: 16)

    public init(store: any Store, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.now = now
    }

    /// A list, rebuilt at most once a minute (a catalogue or agency import shows within that time).
    public func list(_ name: String) async throws(AppError) -> List {
        guard let title = Self.names.first(where: { $0.name == name })?.title else {
            throw .notFound(what: "danh mục mã", code: name)
        }
        let seconds = now().timeIntervalSince1970
        if let cached = cache.value(name, now: seconds) { return cached }
        let list = List(name: name, title: title, columns: Self.columns(name), rows: try await rows(name))
        cache.store(name, list, now: seconds, lifetime: 60)
        return list
    }

    static func columns(_ name: String) -> [String] {
        switch name {
        case "units": ["level", "code", "name", "type", "parent_code", "province_code", "valid_from", "valid_to"]
        case "lineage": ["level", "old_code", "old_name", "old_province_code", "new_code", "new_name", "new_province_code", "split", "partial"]
        case "procedures": ["code", "national_code", "name", "field", "level", "agency_kind", "limit_value", "limit_unit", "online_level", "valid_from", "valid_to"]
        case "fields": ["name", "procedures"]
        case "agencies": ["code", "name", "kind", "unit_code", "province_code", "parent_code", "valid_from", "valid_to"]
        default: ["code", "name"]
        }
    }

    func rows(_ name: String) async throws(AppError) -> [[String]] {
        switch name {
        case "units":
            let units = try await storage { try await store.geography.allUnits() }
            return units.sorted { ($0.level.rank, $0.code, $0.validFrom) < ($1.level.rank, $1.code, $1.validFrom) }.map {
                [$0.level.rawValue, $0.code, $0.name, $0.type.rawValue, $0.parentCode ?? "", $0.provinceCode, $0.validFrom.description,
                 $0.validTo == .distantFuture ? "" : $0.validTo.description]
            }
        case "lineage":
            let edges = try await storage { try await store.geography.allLineage() }
            return edges.sorted { ($0.level.rank, $0.oldCode, $0.newCode) < ($1.level.rank, $1.oldCode, $1.newCode) }.map {
                [$0.level.rawValue, $0.oldCode, $0.oldName, $0.oldProvinceCode, $0.newCode, $0.newName, $0.newProvinceCode,
                 $0.split ? "1" : "0", $0.partial.map { $0 ? "1" : "0" } ?? ""]
            }
        case "procedures", "fields":
            let versions = try await storage { try await store.catalog.all() }.sorted { ($0.code, $0.validFrom) < ($1.code, $1.validFrom) }
            if name == "fields" {
                let counts = Dictionary(grouping: versions, by: \.field).mapValues { Set($0.map(\.code)).count }
                return counts.keys.sorted().map { [$0, String(counts[$0] ?? 0)] }
            }
            return versions.map {
                [$0.code, $0.nationalCode ?? "", $0.name, $0.field, $0.level.rawValue, $0.agencyKind.rawValue, String($0.limit.value),
                 $0.limit.unit.rawValue, $0.onlineLevel.rawValue, $0.validFrom.description, $0.validTo == .distantFuture ? "" : $0.validTo.description]
            }
        case "agencies":
            let agencies = try await storage { try await store.identity.agencies(provinceCode: nil, unitCode: nil, offset: 0, limit: 1_000_000) }
            return agencies.sorted { ($0.code, $0.validFrom) < ($1.code, $1.validFrom) }.map {
                [$0.code, $0.name, $0.kind.rawValue, $0.unitCode, $0.provinceCode, $0.parentCode ?? "", $0.validFrom.description,
                 $0.validTo == .distantFuture ? "" : $0.validTo.description]
            }
        case "statuses": return DossierStatus.allCases.map { [$0.rawValue, $0.vietnameseName] }
        case "channels": return Channel.allCases.map { [$0.rawValue, $0.vietnameseName] }
        case "event-kinds":
            return DossierEvent.Kind.allCases.map { [$0.rawValue, $0.vietnameseName] }
        default: return []
        }
    }
}
