import AppCore
import Domain
import DomainTesting
import Foundation
import Testing

/// The officers' and the applicant's views, written member by member (`DossierViewsJSON.swift`), mean
/// what the synthesized `Encodable` says through Foundation's `JSONEncoder`.
struct DossierViewJSONTests {
    static func canonical(_ bytes: some Sequence<UInt8>) throws -> String {
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        return String(decoding: try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys]), as: UTF8.self)
    }

    static func expectSame<T: Codable & Equatable>(_ value: T, leavingEmpty allowed: Set<String> = [],
                                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let unset = Set(CompleteValues.unset(in: value)).subtracting(allowed)
        #expect(unset.isEmpty, "the fixture leaves these empty: \(unset)", sourceLocation: sourceLocation)
        let written = try StreamingJSONEncoder().encode(value)
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.withoutEscapingSlashes]
        #expect(try canonical(written) == canonical(foundation.encode(value)), sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(T.self, from: Data(written)) == value, sourceLocation: sourceLocation)
    }

    @Test("the views' written bytes are the Codable path's")
    func sameBytes() throws {
        let dossier = CompleteValues.dossier
        for (written, coded) in [
            (try StreamingJSONEncoder().string(PublicDossierView(dossier)),
             try StreamingJSONEncoder().string(CompleteValues.ThroughCodable(PublicDossierView(dossier)))),
            (try StreamingJSONEncoder().string(DossierView(dossier, lookupSecret: "x")),
             try StreamingJSONEncoder().string(CompleteValues.ThroughCodable(DossierView(dossier, lookupSecret: "x")))),
        ] {
            #expect(written == coded)
        }
    }

    @Test("the look-up view of a dossier with every field set")
    func publicView() throws {
        try Self.expectSame(PublicDossierView(CompleteValues.dossier))
    }

    @Test("the officers' view of a dossier with every field set, with its look-up secret")
    func officersView() throws {
        try Self.expectSame(DossierView(CompleteValues.dossier, lookupSecret: "bí-mật"))
    }
}
