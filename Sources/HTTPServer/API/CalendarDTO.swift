import Domain

struct CalendarDayDTO: Codable, Sendable {
    var date: String
    var kind: String
    var name: String
    var source: String
}

struct CalendarYearDTO: Codable, Sendable {
    var year: Int
    var days: [CalendarDayDTO]
}

struct LunarDateDTO: Codable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var leapMonth: Bool
}

struct SolarDateDTO: Codable, Sendable {
    var date: String
}

struct PauseDTO: Codable, Sendable {
    var from: String
    var to: String
}

struct LimitDTO: Codable, Sendable {
    var value: Int
    var unit: String
}

struct DueRequestDTO: Codable, Sendable {
    var receivedAt: String
    var limit: LimitDTO
    var cutoff: String?
    var pauses: [PauseDTO]?
    var centre: String?
}

struct DueResponseDTO: Codable, Sendable {
    var dueAt: String
}

struct ElapsedRequestDTO: Codable, Sendable {
    var from: String
    var to: String
    var pauses: [PauseDTO]?
    var centre: String?
}

struct ElapsedResponseDTO: Codable, Sendable {
    var workingMinutes: Int
    var workingHours: Double
    var workingDays: Double
}
