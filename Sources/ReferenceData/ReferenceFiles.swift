import Foundation

/// The reference data shipped inside the program: the national code list's units and lineage
/// (`geography/README.md` says where they come from).
public enum ReferenceFiles {
    public enum Failure: Error, CustomStringConvertible {
        case missing(String)

        public var description: String {
            switch self {
            case .missing(let name): "reference file \(name) is missing from the program's resources"
            }
        }
    }

    /// The text of a file of the `geography` folder.
    public static func geography(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "geography") else {
            throw Failure.missing(name)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The shipped official yearly schedules (`calendar/YYYY.json`), by year.
    public static func calendarSchedules() throws -> [Int: String] {
        var result: [Int: String] = [:]
        for year in 2020...2100 {
            guard let url = Bundle.module.url(forResource: "\(year)", withExtension: "json", subdirectory: "calendar") else { continue }
            result[year] = try String(contentsOf: url, encoding: .utf8)
        }
        return result
    }

    /// The shipped demo procedure catalogue (`catalog/procedures.json`, see its README).
    public static func catalog() throws -> String {
        guard let url = Bundle.module.url(forResource: "procedures", withExtension: "json", subdirectory: "catalog") else {
            throw Failure.missing("catalog/procedures.json")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    public static let currentUnits = "units-2025.csv"
    public static let legacyUnits = "units-legacy.csv"
    public static let lineage = "lineage.csv"

    /// The shipped service index configurations (`monitoring/service-index.json`), newest last.
    public static func serviceIndex() throws -> String {
        guard let url = Bundle.module.url(forResource: "service-index", withExtension: "json", subdirectory: "monitoring") else {
            throw Failure.missing("monitoring/service-index.json")
        }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
