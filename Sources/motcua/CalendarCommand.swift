import AppCore
import ArgumentParser
import Domain
import Foundation

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The working-day calendar: years, lunar dates, due times, schedules, office hours.",
        subcommands: [Show.self, Lunar.self, Due.self, Load.self, SetHours.self]
    )

    static func service(_ database: DatabaseOptions, _ body: (CalendarService) async throws -> Void) async throws {
        try await withStore(database, logger: commandLogger()) { store in
            let service = try await CalendarService.load(store: store, now: { Date() })
            do { try await body(service) } catch let error as AppError { throw CommandFailure(error) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every date of a year that departs from the plain Monday–Friday week.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, ics }

        @OptionGroup var database: DatabaseOptions
        @Argument var year: String
        @Option(help: "table, json or ics.") var format: Format = .table

        func run() async throws {
            try await CalendarCommand.service(database) { service in
                let (year, days) = try service.year(self.year)
                switch format {
                case .table:
                    print(UnitRendering.table([["date", "weekday", "kind", "name"]] + days.map {
                        [$0.date.description, Self.weekdays[$0.date.weekday - 1], $0.kind.rawValue, $0.name]
                    }), terminator: "")
                case .json:
                    let rows = days.map { ["date": $0.date.description, "kind": $0.kind.rawValue, "name": $0.name, "source": $0.source] }
                    print(UnitRendering.json(YearOutput(year: year, days: rows)))
                case .ics:
                    FileHandle.standardOutput.write(Data(Self.ics(year: year, days: days).utf8))
                }
            }
        }

        struct YearOutput: Encodable {
            var year: Int
            var days: [[String: String]]
        }

        static let weekdays = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

        /// RFC 5545 all-day events, CRLF line ends.
        static func ics(year: Int, days: [CalendarDay]) -> String {
            func compact(_ date: LocalDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }
            var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//MotCua//Lich lam viec \(year)//VI", "CALSCALE:GREGORIAN"]
            for day in days {
                lines += [
                    "BEGIN:VEVENT", "UID:\(compact(day.date))-\(day.kind.rawValue)@motcua", "DTSTAMP:\(year)0101T000000Z",
                    "DTSTART;VALUE=DATE:\(compact(day.date))", "DTEND;VALUE=DATE:\(compact(day.date.adding(days: 1)))",
                    "SUMMARY:\(day.name.replacingOccurrences(of: ",", with: "\\,"))", "CATEGORIES:\(day.kind.rawValue)",
                    "TRANSP:TRANSPARENT", "END:VEVENT",
                ]
            }
            lines.append("END:VCALENDAR")
            return lines.joined(separator: "\r\n") + "\r\n"
        }
    }

    struct Lunar: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The lunar date (âm lịch, UTC+7) of a date.")

        @Argument(help: "YYYY-MM-DD") var date: String

        func run() async throws {
            guard let date = LocalDate(iso: date) else { throw CommandFailure("“\(self.date)” is not a date (YYYY-MM-DD)") }
            do {
                print(try LunarCalendar.lunar(from: date))
            } catch {
                throw CommandFailure(AppError(error, field: "date"))
            }
        }
    }

    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The due time of a limit counted from a receipt.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Received at, e.g. 2026-02-13T16:30+07:00.") var from: String
        @Option(help: "e.g. \"3 working days\", \"8 working hours\", \"15 calendar days\", \"2 months\".") var limit: String
        @Option(help: "Same-day cut-off, HH:MM.") var cutoff: String?
        @Option(help: "A centre (unit code) with office hours of its own.") var centre: String?

        func run() async throws {
            let limit: TimeLimit
            do { limit = try TimeLimit(text: self.limit) } catch { throw CommandFailure(AppError(error, field: "limit")) }
            try await CalendarCommand.service(database) { service in
                let due = try await service.due(CalendarService.DueRequest(
                    receivedAt: from, limitValue: limit.value, limitUnit: limit.unit.rawValue, cutoff: cutoff, centre: centre
                ))
                print(due)
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check and load an official yearly schedule (JSON).")

        @OptionGroup var database: DatabaseOptions
        @Argument var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file), let text = String(validating: data, as: UTF8.self) else {
                throw CommandFailure("cannot read \(file) as UTF-8 text")
            }
            try await CalendarCommand.service(database) { service in
                let (schedule, warnings) = try await service.loadSchedule(text)
                print("Loaded the \(schedule.year) schedule (\(schedule.days.count) days) from \(file); it takes effect when the server next starts.")
                for warning in warnings { print("warning: \(warning)") }
            }
        }
    }

    struct SetHours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-hours", abstract: "Set a centre's office hours.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The centre's unit code.") var centre: String
        @Option(help: "Working-day sessions, e.g. 07:30-11:30,13:00-17:00.") var sessions: String
        @Option(help: "Saturday reception sessions, e.g. 07:30-11:30.") var saturday: String?
        @Flag(help: "Count the Saturday sessions as working time.") var saturdayCounts = false

        func run() async throws {
            let document = OfficeHoursDocument(
                sessions: sessions.split(separator: ",").map(String.init),
                saturday: saturday.map { $0.split(separator: ",").map(String.init) }, saturdayCounts: saturdayCounts
            )
            try await CalendarCommand.service(database) { service in
                let hours = try await service.setOfficeHours(centre: centre, document: document)
                print("\(centre): \(hours.dayMinutes / 60) h \(hours.dayMinutes % 60) min a working day; takes effect when the server next starts.")
            }
        }
    }
}
