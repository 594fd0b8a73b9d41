import Domain
import DomainTesting
import Foundation
import Testing

/// The hand-written JSON of a dossier's state and events (`DossierJSON.swift`) against the synthesized
/// `Encodable` through Foundation's `JSONEncoder`, on values with every field set.
struct DossierJSONTests {
    static func expectSame<T: Codable & Equatable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(CompleteValues.unset(in: value).isEmpty, "the fixture leaves these empty: \(CompleteValues.unset(in: value))",
                sourceLocation: sourceLocation)
        let written = try StreamingJSONEncoder().encode(value)
        #expect(try StreamingJSONEncoderTests.canonical(written) == StreamingJSONEncoderTests.canonical(StreamingJSONEncoderTests.foundation(value)),
                sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(T.self, from: Data(written)) == value, sourceLocation: sourceLocation)
    }

    @Test("a dossier with every field set: its written JSON means what JSONEncoder's does, and decodes back equal")
    func dossier() throws {
        try Self.expectSame(CompleteValues.dossier)
    }

    @Test("an event with every detail set, alone and inside an array")
    func event() throws {
        try Self.expectSame(CompleteValues.event)
        let written = try StreamingJSONEncoder().encode([CompleteValues.event, CompleteValues.event])
        #expect(try JSONDecoder().decode([DossierEvent].self, from: Data(written)) == [CompleteValues.event, CompleteValues.event])
    }

    @Test("nil members are left out, as synthesized Encodable leaves them")
    func nilsLeftOut() throws {
        let event = DossierEvent(sequence: 1, kind: .assign, at: CompleteValues.event.at, actor: .applicant, from: nil, to: .processing)
        #expect(try StreamingJSONEncoder().string(event)
            == #"{"sequence":1,"kind":"assign","at":"2025-07-02T08:00:00+07:00","actor":{},"to":"processing","attachments":[],"details":{}}"#)
    }

    @Test("the completeness check names what a fixture leaves empty")
    func unsetNamed() {
        var dossier = CompleteValues.dossier
        dossier.rating = nil
        dossier.opening.applicant.email = nil
        dossier.payments = []
        #expect(Set(CompleteValues.unset(in: dossier)) == [".rating", ".opening.applicant.email", ".payments"])
    }

    @Test("instants before year 0 or after 9999 are written as their description")
    func farInstants() throws {
        for minutes in [-1_100_000_000, 6_000_000_000] {
            var event = CompleteValues.event
            event.at = Instant(minutes: minutes)
            let text = try StreamingJSONEncoder().string(event)
            #expect(text.contains("\"at\":\"\(event.at.description)\""))
        }
    }
}
