import Domain
import ReferenceData

/// The shipped reference data, parsed once for every test that needs it.
enum ReferenceGeography {
    static let dataset: GeographyDataset = {
        do {
            return try GeographyDataset(
                currentCSV: ReferenceFiles.geography(ReferenceFiles.currentUnits),
                legacyCSV: ReferenceFiles.geography(ReferenceFiles.legacyUnits),
                lineageCSV: ReferenceFiles.geography(ReferenceFiles.lineage)
            )
        } catch {
            preconditionFailure("shipped reference data does not parse: \(error)")
        }
    }()

    static let gazetteer = Gazetteer(dataset)
    static let converter = AddressConverter(gazetteer: gazetteer)
}
