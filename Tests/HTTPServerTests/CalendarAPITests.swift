import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("calendar API")
struct CalendarAPITests {
    @Test("a year lists every departure from the plain week, in date order")
    func year() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/calendar/2026", method: .get) { response in
                let json = try response.json()
                #expect(response.status == .ok)
                let days = try #require(json["days"] as? [[String: String]])
                #expect(days.map { $0["date"] ?? "" } == days.map { $0["date"] ?? "" }.sorted())
                #expect(days.contains { $0["date"] == "2026-02-16" && $0["kind"] == "holiday" })
                #expect(days.contains { $0["date"] == "2026-08-22" && $0["kind"] == "makeUpWorkday" })
                #expect(days.contains { $0["date"] == "2026-04-27" && $0["kind"] == "compensatory" })
            }
        }
    }

    @Test("lunar and solar dates")
    func lunar() async throws {
        try await TestApp.test { client in
            try await client.execute(uri: "/api/v1/calendar/lunar?date=2026-02-17", method: .get) { response in
                let json = try response.json()
                #expect(json["year"] as? Int == 2026 && json["month"] as? Int == 1 && json["day"] as? Int == 1)
                #expect(json["leapMonth"] as? Bool == false)
            }
            try await client.execute(uri: "/api/v1/calendar/solar?year=2025&month=6&day=1&leapMonth=true", method: .get) { response in
                let json = try response.json()
                #expect(json["date"] as? String == "2025-07-25")
            }
        }
    }

    @Test("due and elapsed")
    func due() async throws {
        try await TestApp.test { client in
            let body = try jsonBody(["receivedAt": "2026-02-13T16:30:00+07:00", "limit": ["value": 3, "unit": "workingDays"], "cutoff": "15:00"])
            try await client.execute(uri: "/api/v1/calendar/due", method: .post, headers: jsonHeaders, body: body) { response in
                let json = try response.json()
                #expect(json["dueAt"] as? String == "2026-02-25T17:00:00+07:00")
            }
            let elapsed = try jsonBody(["from": "2026-02-13T08:00:00+07:00", "to": "2026-02-23T10:00:00+07:00",
                                        "pauses": [["from": "2026-02-13T09:00:00+07:00", "to": "2026-02-13T10:00:00+07:00"]]])
            try await client.execute(uri: "/api/v1/calendar/elapsed", method: .post, headers: jsonHeaders, body: elapsed) { response in
                let json = try response.json()
                // Friday 08:00–11:30 and 13:00–17:00 = 7.5 h, less the 1 h pause = 6.5 h; then Monday 23 Feb
                // 07:30–10:00 = 2.5 h (Tết in between).
                #expect(json["workingMinutes"] as? Int == 540)
                #expect(json["workingHours"] as? Double == 9.0)
            }
        }
    }

    @Test("bad calendar input gets a clear 4xx problem", arguments: [
        ("GET", "/api/v1/calendar/1800", nil, 400, "year"),
        ("GET", "/api/v1/calendar/abcd", nil, 400, "year"),
        ("GET", "/api/v1/calendar/lunar?date=2026-13-01", nil, 400, "date"),
        ("GET", "/api/v1/calendar/solar?year=2026&month=6&day=1&leapMonth=true", nil, 400, "day"),
        ("GET", "/api/v1/calendar/solar?year=2026&month=14&day=1", nil, 400, "month"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"2026-02-13T16:30:00+07:00\",\"limit\":{\"value\":3,\"unit\":\"weeks\"}}", 400, "limit/unit"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"2026-02-13T16:30:00+07:00\",\"limit\":{\"value\":-1,\"unit\":\"workingDays\"}}", 400, "limit/value"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"yesterday\",\"limit\":{\"value\":1,\"unit\":\"workingDays\"}}", 400, "receivedAt"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"1800-01-01T08:00:00+07:00\",\"limit\":{\"value\":1,\"unit\":\"workingDays\"}}", 400, "receivedAt"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"2026-02-13T16:30:00+07:00\",\"limit\":{\"value\":1,\"unit\":\"workingDays\"},\"cutoff\":\"25:00\"}", 400, "cutoff"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"2026-02-13T16:30:00+07:00\",\"limit\":{\"value\":1,\"unit\":\"workingDays\"},\"pauses\":[{\"from\":\"2026-02-14T10:00:00+07:00\",\"to\":\"2026-02-14T09:00:00+07:00\"}]}", 400, "pauses/0"),
        ("POST", "/api/v1/calendar/due", "{\"receivedAt\":\"2026-02-13T16:30:00+07:00\",\"limit\":{\"value\":1,\"unit\":\"workingDays\"},\"centre\":\"99999\"}", 404, nil),
        ("POST", "/api/v1/calendar/due", "{\"limit\":{\"value\":1,\"unit\":\"workingDays\"}}", 400, "receivedAt"),
        ("POST", "/api/v1/calendar/elapsed", "{\"from\":\"2026-02-13T16:30:00+07:00\",\"to\":\"2026-02-12T16:30:00+07:00\"}", 400, "to"),
    ] as [(String, String, String?, Int, String?)])
    func badInput(method: String, uri: String, body: String?, status: Int, field: String?) async throws {
        try await TestApp.test { client in
            try await client.execute(uri: uri, method: method == "GET" ? .get : .post, headers: jsonHeaders,
                                     body: body.map { ByteBuffer(string: $0) }) { response in
                let json = try response.json()
                #expect(response.status.code == status, "\(uri) \(body ?? "")")
                #expect(response.contentType.hasPrefix("application/problem+json"))
                if let field {
                    let fields = (json["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] }
                    #expect(fields.contains(field), "\(fields)")
                }
            }
        }
    }
}
