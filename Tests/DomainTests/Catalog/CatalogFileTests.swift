import Domain
import Foundation
import ReferenceData
import Testing

/// The catalogue file formats and the shipped demo catalogue.
struct CatalogFileTests {
    static func shipped() throws -> CatalogFile {
        try CatalogFileReader.read(Data(try ReferenceFiles.catalog().utf8))
    }

    @Test("the shipped catalogue: at least 40 valid procedures of both levels, no overlapping versions, NFC text")
    func shippedCatalogue() throws {
        let file = try Self.shipped()
        #expect(file.procedures.count >= 40)
        _ = try Catalog(file.procedures)
        #expect(Set(file.procedures.map(\.level)) == [.commune, .province])
        for version in file.procedures {
            for text in [version.name, version.field, version.notes ?? ""] + version.legalBasis + version.documents.map(\.name) {
                #expect(text == text.precomposedStringWithCanonicalMapping, "\(version.code): not NFC")
            }
            #expect(!version.sources.isEmpty, "\(version.code) names no source")
            if version.nationalCode == nil { #expect(version.unconfirmed.contains("nationalCode"), "\(version.code)") }
        }
    }

    @Test("JSON and CSV round trips lose nothing")
    func roundTrips() throws {
        let versions = try Self.shipped().procedures
        let encoder = JSONEncoder()
        let json = try encoder.encode(CatalogFile(procedures: versions))
        #expect(try CatalogFileReader.read(json).procedures == versions)
        let csv = try CatalogCSV.export(versions)
        #expect(try CatalogCSV.read(csv) == versions)
    }

    @Test("a bad file is refused with the procedure and field named", arguments: [
        (#"{"version":1,"procedures":[{"code":"X1"}]}"#, "procedures[0].name"),
        (#"{"version":1,"procedures":[{"code":"x1","name":"A","field":"B","level":"commune","agencyKind":"communeOffice","timeLimit":{"value":1,"unit":"workingDays"}}]}"#, "x1"),
        (#"{"version":1,"procedures":[{"code":"MC-1","name":"A","field":"B","level":"town","agencyKind":"communeOffice","timeLimit":{"value":1,"unit":"workingDays"}}]}"#, "procedures[0].level"),
        (#"{"version":1,"procedures":[{"code":"MC-1","name":"A","field":"B","level":"commune","agencyKind":"communeOffice","timeLimit":{"value":-1,"unit":"workingDays"}}]}"#, "procedures[0].timeLimit.value"),
        (#"{"version":1,"procedures":[{"code":"MC-1","name":"A","field":"B","level":"commune","agencyKind":"communeOffice","timeLimit":{"value":1,"unit":"workingDays"},"cutoff":"25:00"}]}"#, "procedures[0].cutoff"),
        (#"{"version":1,"procedures":[{"code":"MC-1","name":"A","field":"B","level":"commune","agencyKind":"communeOffice","timeLimit":{"value":1,"unit":"workingDays"},"fee":-5}]}"#, "procedures[0]"),
    ])
    func badFiles(text: String, path: String) {
        do {
            _ = try CatalogFileReader.read(Data(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.message.contains(path), "\(error.message)")
        }
    }

    @Test("a CSV row with a bad cell names its line")
    func badCSV() throws {
        var csv = try CatalogCSV.export(Array(try Self.shipped().procedures.prefix(2)))
        csv = csv.replacingOccurrences(of: ",workingDays,", with: ",fortnights,")
        #expect(throws: CatalogError.self) { try CatalogCSV.read(csv) }
        do {
            _ = try CatalogCSV.read(csv)
        } catch {
            #expect(error.message.contains("dòng 2"), "\(error.message)")
        }
    }
}
