import AppCore
import Domain
import Hummingbird
import Logging
import Storage

/// `/api/v1/calendar…`: the working-day calendar, lunar dates, due and elapsed times.
struct CalendarAPI<Context: RequestContext> {
    let service: CalendarService

    static var bodyLimit: Int { 256 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/calendar/lunar", lunar),
            Route(.get, "api/v1/calendar/solar", solar),
            Route(.get, "api/v1/calendar/:year", year),
            Route(.post, "api/v1/calendar/due", due),
            Route(.post, "api/v1/calendar/elapsed", elapsed),
        ]
    }

    @Sendable func year(_ request: Request, context: Context) async throws -> Response {
        let (year, days) = try service.year(try context.parameters.require("year"))
        return try JSONBody.response(CalendarYearDTO(year: year, days: days.map {
            CalendarDayDTO(date: $0.date.description, kind: $0.kind.rawValue, name: $0.name, source: $0.source)
        }))
    }

    @Sendable func lunar(_ request: Request, context: Context) async throws -> Response {
        let lunar = try service.lunar(date: request.uri.queryParameters.get("date"))
        return try JSONBody.response(LunarDateDTO(year: lunar.year, month: lunar.month, day: lunar.day, leapMonth: lunar.leapMonth))
    }

    @Sendable func solar(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let date = try service.solar(
            year: query.get("year"), month: query.get("month"), day: query.get("day"), leapMonth: query.get("leapMonth")
        )
        return try JSONBody.response(SolarDateDTO(date: date.description))
    }

    @Sendable func due(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONBody.decode(DueRequestDTO.self, from: request, limit: Self.bodyLimit)
        let due = try await service.due(CalendarService.DueRequest(
            receivedAt: body.receivedAt, limitValue: body.limit.value, limitUnit: body.limit.unit, cutoff: body.cutoff,
            pauses: (body.pauses ?? []).map { ($0.from, $0.to) }, centre: body.centre
        ))
        return try JSONBody.response(DueResponseDTO(dueAt: due.description))
    }

    @Sendable func elapsed(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONBody.decode(ElapsedRequestDTO.self, from: request, limit: Self.bodyLimit)
        let elapsed = try await service.elapsed(
            from: body.from, to: body.to, pauses: (body.pauses ?? []).map { ($0.from, $0.to) }, centre: body.centre
        )
        return try JSONBody.response(ElapsedResponseDTO(
            workingMinutes: elapsed.minutes, workingHours: elapsed.workingHours, workingDays: elapsed.workingDays
        ))
    }
}
