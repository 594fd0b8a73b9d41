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

    /// The same bytes as `encode(to:)` through the streaming encoder's containers. A dictionary of more
    /// than one entry is left out: through `Codable` its order is the hash order of the process.
    static func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try StreamingJSONEncoder().string(value)
        let coded = try StreamingJSONEncoder().string(CompleteValues.ThroughCodable(value))
        #expect(written == coded, sourceLocation: sourceLocation)
    }

    @Test("the written bytes are the Codable path's, for complete values and a worked example's dossiers and events")
    func sameBytes() throws {
        var event = CompleteValues.event
        event.details.files = ["Tờ khai": "cd34"]
        try Self.expectSameBytes(CompleteValues.dossier)
        try Self.expectSameBytes(event)
        try Self.expectSameBytes(DossierEvent(sequence: 1, kind: .assign, at: event.at, actor: .applicant, from: nil, to: .processing))
        var scenario = try DossierScenario("01.001-250702-0001", at: "2025-07-02T08:00", channel: .inPerson)
        try scenario.apply("2025-07-02T09:00", DossierRequest(.assign, assignee: "u2"))
        try scenario.apply("2025-07-02T10:00", DossierRequest(.requestSupplement, missing: ["Bản sao \"giấy\" khai sinh\\1/2\n"]))
        try scenario.apply("2025-07-09T10:00", DossierRequest(.receiveSupplement))
        try scenario.resolve(at: "2025-07-11T10:00")
        try Self.expectSameBytes(scenario.dossier)
        for event in scenario.events { try Self.expectSameBytes(event) }
        // And the wrapper does take the other path: a writer that dropped a member would differ.
        #expect(try StreamingJSONEncoder().string(CompleteValues.ThroughCodable(event)) != StreamingJSONEncoder().string(DossierEvent(
            sequence: event.sequence, kind: event.kind, at: event.at, actor: event.actor, from: event.from, to: event.to
        )))
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
