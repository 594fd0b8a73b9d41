public import Domain
import AppCore
import Storage

/// A unit version as the API shows it; open ends of validity are left out.
struct UnitDTO: Codable, Sendable, Equatable {
    var level: String
    var code: String
    var name: String
    var shortName: String
    var type: String
    var parentCode: String?
    var provinceCode: String
    var validFrom: String?
    var validTo: String?
    var altName: String?
    var `class`: String?

    init(_ unit: AdministrativeUnit) {
        level = unit.level.rawValue
        code = unit.code
        name = unit.name
        shortName = unit.shortName
        type = unit.type.rawValue
        parentCode = unit.parentCode
        provinceCode = unit.provinceCode
        validFrom = unit.validFrom == .distantPast ? nil : unit.validFrom.description
        validTo = unit.validTo == .distantFuture ? nil : unit.validTo.description
        altName = unit.altName
        `class` = unit.unitClass?.rawValue
    }
}

struct UnitPageDTO: Codable, Sendable {
    var items: [UnitDTO]
    var nextCursor: String?
}

struct LineageEdgeDTO: Codable, Sendable, Equatable {
    var level: String
    var oldCode: String
    var oldName: String
    var oldProvinceCode: String
    var newCode: String
    var newName: String
    var newProvinceCode: String
    var split: Bool
    var partial: Bool?
    var sources: [String]

    init(_ edge: LineageEdge) {
        level = edge.level.rawValue
        oldCode = edge.oldCode
        oldName = edge.oldName
        oldProvinceCode = edge.oldProvinceCode
        newCode = edge.newCode
        newName = edge.newName
        newProvinceCode = edge.newProvinceCode
        split = edge.split
        partial = edge.partial
        sources = edge.sources
    }
}

struct LineageDTO: Codable, Sendable {
    var code: String
    var level: String
    var versions: [UnitDTO]
    var successors: [LineageEdgeDTO]
    var predecessors: [LineageEdgeDTO]

    init(_ lineage: GeographyService.Lineage) {
        code = lineage.code
        level = lineage.level.rawValue
        versions = lineage.versions.map(UnitDTO.init)
        successors = lineage.successors.map(LineageEdgeDTO.init)
        predecessors = lineage.predecessors.map(LineageEdgeDTO.init)
    }
}

struct UnitCountDTO: Codable, Sendable {
    var level: String
    var type: String
    var count: Int
}

struct UnitCountsDTO: Codable, Sendable {
    var at: String
    var counts: [UnitCountDTO]
    var total: Int
}

public struct ConversionCandidateDTO: Codable, Sendable, Equatable {
    public var communeCode: String
    public var provinceCode: String
    public var address: String
    public var reason: String
    public var reasonCode: String
    public var oldCommuneCode: String
    public var partial: Bool
}

public struct OldUnitDTO: Codable, Sendable, Equatable {
    public var communeCode: String?
    public var districtCode: String?
    public var provinceCode: String
    public var name: String
}

/// One conversion answer as the API and `convert-address --json` give it; fields that do not apply to
/// the status are left out.
public struct ConversionDTO: Codable, Sendable, Equatable {
    public var status: String
    public var communeCode: String?
    public var provinceCode: String?
    public var address: String?
    public var partial: Bool
    public var candidates: [ConversionCandidateDTO]?
    public var unrecognized: String?
    public var old: OldUnitDTO?
    public var alreadyCurrent: Bool?

    public init(_ conversion: AddressConversion) {
        status = conversion.status.rawValue
        communeCode = conversion.communeCode
        provinceCode = conversion.provinceCode
        address = conversion.address
        partial = conversion.partial
        candidates = conversion.status == .ambiguous ? conversion.candidates.map {
            ConversionCandidateDTO(
                communeCode: $0.communeCode, provinceCode: $0.provinceCode, address: $0.address, reason: $0.reasonText,
                reasonCode: $0.reason.rawValue, oldCommuneCode: $0.oldCommuneCode, partial: $0.partial
            )
        } : nil
        unrecognized = conversion.status == .notFound ? conversion.unrecognized : nil
        old = conversion.old.map {
            OldUnitDTO(communeCode: $0.communeCode, districtCode: $0.districtCode, provinceCode: $0.provinceCode, name: $0.name)
        }
        alreadyCurrent = conversion.alreadyCurrent ? true : nil
    }
}

struct ConvertRequestDTO: Codable, Sendable {
    var address: String?
    /// A pre-reform commune code (5 digits) or code of a district without communes (3 digits).
    var oldCode: String?
}

struct ConvertBatchRequestDTO: Codable, Sendable {
    var addresses: [String]
}

struct ConvertBatchResponseDTO: Codable, Sendable {
    var results: [ConversionDTO]
}
