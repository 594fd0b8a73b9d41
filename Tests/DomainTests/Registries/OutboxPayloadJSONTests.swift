import Domain
import DomainTesting
import Foundation
import Testing

/// The hand-written JSON of the outbox's payloads (`OutboxPayloadJSON.swift`) against the synthesized
/// `Encodable`: the same meaning as `JSONEncoder`'s and the same bytes as the `Codable` path's, with every
/// field set and with the optional ones nil.
struct OutboxPayloadJSONTests {
    static let at = Instant(iso: "2025-07-02T08:00:00+07:00")!

    static let complete: [OutboxPayload] = [
        .status(PortalStatusUpdate(
            dossierCode: "000.00.01.H01-250702-0001", portalID: "G22.99-250702-0001", procedureCode: "1.004873", unitCode: "00004",
            status: 2, sequence: 3, at: at, dueAt: Instant(minutes: at.minutes + 2_880), finishedAt: Instant(minutes: at.minutes + 4_000)
        )),
        .record(RegisterRecord(
            dossierCode: "000.00.01.H01-250702-0001", procedureCode: "1.001193", entry: "Đăng ký khai sinh", subjectName: "Nguyễn \"Văn\" A\\B",
            personalID: "001099012345", unitCode: "00004", agencyCode: "000.00.01.H01", decidedAt: at, resultDocument: "ab12"
        )),
        .notice(Notice(
            medium: .sms, to: "0912345678", template: .received, dossierCode: "000.00.01.H01-250702-0001",
            subject: NoticeTemplate.received.subject(code: "X"), text: "Hồ sơ đã được tiếp nhận.\nHẹn trả: 04/07/2025."
        )),
    ]

    static let sparse: [OutboxPayload] = [
        .status(PortalStatusUpdate(
            dossierCode: "c", portalID: nil, procedureCode: "p", unitCode: "u", status: 1, sequence: 1, at: at, dueAt: nil, finishedAt: nil
        )),
        .record(RegisterRecord(
            dossierCode: "c", procedureCode: "p", entry: "e", subjectName: "s", personalID: nil, unitCode: "u", agencyCode: "a",
            decidedAt: at, resultDocument: nil
        )),
    ]

    @Test("every payload kind with every field set: JSONEncoder's meaning, the Codable path's bytes, decoded back equal")
    func complete() throws {
        for payload in Self.complete {
            #expect(CompleteValues.unset(in: payload).isEmpty, "the fixture leaves these empty: \(CompleteValues.unset(in: payload))")
            try Self.expectSame(payload)
        }
    }

    @Test("nil fields are left out, as synthesized Encodable leaves them")
    func nilsLeftOut() throws {
        for payload in Self.sparse { try Self.expectSame(payload) }
        #expect(try StreamingJSONEncoder().string(Self.sparse[0])
            == #"{"status":{"_0":{"dossierCode":"c","procedureCode":"p","unitCode":"u","status":1,"sequence":1,"at":"2025-07-02T08:00:00+07:00"}}}"#)
    }

    static func expectSame(_ payload: OutboxPayload, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try StreamingJSONEncoder().encode(payload)
        let foundation = try StreamingJSONEncoderTests.foundation(payload)
        #expect(try StreamingJSONEncoderTests.canonical(written) == StreamingJSONEncoderTests.canonical(foundation), sourceLocation: sourceLocation)
        #expect(try StreamingJSONEncoder().encode(CompleteValues.ThroughCodable(payload)) == written, sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(OutboxPayload.self, from: Data(written)) == payload, sourceLocation: sourceLocation)
    }
}
