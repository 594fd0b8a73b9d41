import Domain
import DomainTesting
import Foundation
import Testing

/// The pure rules of bringing over pre-reform dossiers: old codes to current units through the
/// lineage, an old history replayed by the dossier rules, and the exchange file read row by row.
@Suite("legacy import rules")
struct LegacyImportTests {
    static let old = LocalDate(year: 2025, month: 5, day: 12)!
    static let new = LocalDate(year: 2025, month: 8, day: 1)!

    /// Old district 001 of old province 01 with two communes: 00001 went whole into 00004, 00002 was
    /// split between 00005 and 00006. Old province 02 went into 08. Old commune 00900 of province 02
    /// went into 08123, in another province than 00004.
    static let units: LegacyUnits = {
        func unit(_ level: AdministrativeLevel, _ code: String, parent: String?, province: String, legacy: Bool) -> AdministrativeUnit {
            AdministrativeUnit(
                level: level, code: code, name: "Đơn vị \(code)", type: level == .province ? .tinh : level == .district ? .huyen : .xa,
                parentCode: parent, provinceCode: province, validFrom: legacy ? LocalDate(year: 2020, month: 1, day: 1)! : Reform.effectiveDate,
                validTo: legacy ? Reform.lastLegacyDate : .distantFuture
            )
        }
        func edge(_ level: AdministrativeLevel, _ old: String, _ new: String, province: String, split: Bool) -> LineageEdge {
            LineageEdge(level: level, oldCode: old, oldName: old, oldProvinceCode: province, newCode: new, newName: new,
                        newProvinceCode: province, split: split, partial: nil, sources: ["test"])
        }
        let units = [
            unit(.province, "01", parent: nil, province: "01", legacy: true), unit(.province, "02", parent: nil, province: "02", legacy: true),
            unit(.district, "001", parent: "01", province: "01", legacy: true),
            unit(.commune, "00001", parent: "001", province: "01", legacy: true), unit(.commune, "00002", parent: "001", province: "01", legacy: true),
            unit(.commune, "00900", parent: "020", province: "02", legacy: true),
            unit(.province, "01", parent: nil, province: "01", legacy: false), unit(.province, "08", parent: nil, province: "08", legacy: false),
            unit(.commune, "00004", parent: "01", province: "01", legacy: false), unit(.commune, "00005", parent: "01", province: "01", legacy: false),
            unit(.commune, "00006", parent: "01", province: "01", legacy: false), unit(.commune, "08123", parent: "08", province: "08", legacy: false),
        ]
        let lineage = [
            edge(.province, "01", "01", province: "01", split: false), edge(.province, "02", "08", province: "08", split: false),
            edge(.commune, "00001", "00004", province: "01", split: false), edge(.commune, "00002", "00005", province: "01", split: true),
            edge(.commune, "00002", "00006", province: "01", split: true), edge(.commune, "00900", "08123", province: "08", split: false),
        ]
        return LegacyUnits(units: units, lineage: lineage)
    }()

    static let resolutions: [(code: String, date: LocalDate, address: String?, expected: LegacyUnits.Resolution)] = [
        ("00001", old, nil, .unit(code: "00004", provinceCode: "01")),
        ("00002", old, nil, .choice(oldCode: "00002", candidates: ["00005", "00006"])),
        ("001", old, "00001", .unit(code: "00004", provinceCode: "01")),
        ("001", old, "00002", .choice(oldCode: "00002", candidates: ["00005", "00006"])),
        ("001", old, nil, .choice(oldCode: "001", candidates: ["00004", "00005", "00006"])),
        ("001", old, "00900", .choice(oldCode: "001", candidates: ["00004", "00005", "00006"])),
        ("02", old, nil, .unit(code: "08", provinceCode: "08")),
        ("00004", new, nil, .unit(code: "00004", provinceCode: "01")),
        ("00001", new, nil, .unknown),
        ("001", new, nil, .unknown),
        ("99999", old, nil, .unknown),
        ("1234", old, nil, .unknown),
    ]

    @Test("old codes lead to current units; a split commune or a district without its commune asks an officer", arguments: resolutions)
    func resolve(code: String, date: LocalDate, address: String?, expected: LegacyUnits.Resolution) {
        #expect(Self.units.resolve(code, at: date, addressCommune: address) == expected)
    }

    static func record(
        receiving: String = "00001", competent: String = "00001", commune: String? = "00001", history: [LegacyStatus]? = nil
    ) -> LegacyDossierRecord {
        LegacyDossierRecord(
            sourceSystem: "mc-01", code: "00001-250512-0001", procedureCode: DossierScenario.procedure.code, channel: .inPerson,
            applicant: Applicant(name: "Trần Văn Bình", address: "Số 5, thôn 2", communeCode: commune), receivingUnit: receiving,
            competentUnit: competent,
            history: history ?? [LegacyStatus(.received, at: DossierScenario.at("2025-05-12T08:00"))]
        )
    }

    @Test("a record is placed, sent to review until every split code is chosen, or refused with the field at fault")
    func place() {
        #expect(Self.units.place(Self.record()) == .placed(LegacyPlacement(
            provinceCode: "01", receivingUnit: "00004", competentUnit: "00004", addressCommune: "00004"
        )))
        let split = Self.record(receiving: "001", competent: "001", commune: "00002")
        #expect(Self.units.place(split) == .review(["00002": ["00005", "00006"]]))
        #expect(Self.units.place(split, choices: ["00002": "00006"]) == .placed(LegacyPlacement(
            provinceCode: "01", receivingUnit: "00006", competentUnit: "00006", addressCommune: "00006"
        )))
        // A choice outside the candidates settles nothing.
        #expect(Self.units.place(split, choices: ["00002": "00004"]) == .review(["00002": ["00005", "00006"]]))
        guard case .invalid(let unknown) = Self.units.place(Self.record(competent: "99999")) else { Issue.record("not refused"); return }
        #expect(unknown.map(\.field) == ["competentUnit"])
        guard case .invalid(let apart) = Self.units.place(Self.record(receiving: "00900", commune: nil)) else { Issue.record("not refused"); return }
        #expect(apart.map(\.field) == ["receivingUnit"])
    }

    static func replay(_ record: LegacyDossierRecord) throws(DossierError) -> (events: [DossierEvent], dossier: Dossier) {
        var opening = try! DossierScenario("~", at: "2025-05-12T08:00", channel: .inPerson).dossier.opening
        opening.imported = ImportedOrigin(
            sourceSystem: record.sourceSystem, originalCode: record.code, receivingUnit: record.receivingUnit,
            competentUnit: record.competentUnit, addressCommune: record.applicant.communeCode, documents: [], results: []
        )
        return try LegacyReplay.replay(record, opening: opening, clock: DossierScenario.clock)
    }

    @Test("a whole old history becomes the events the rules would have written, each marked with its source")
    func replayWhole() throws {
        let at = DossierScenario.at
        let record = Self.record(history: [
            LegacyStatus(.received, at: at("2025-05-12T08:00")),
            LegacyStatus(.awaitingSupplement, at: at("2025-05-12T10:00"), missing: ["Bản sao giấy khai sinh"]),
            LegacyStatus(.processing, at: at("2025-05-14T10:00")),
            LegacyStatus(.resolved, at: at("2025-05-15T09:00")),
            LegacyStatus(.returned, at: at("2025-05-15T15:00"), returnChannel: .post),
        ])
        var rated = record
        rated.rating = LegacyRating(score: 4, comment: "Nhanh", at: at("2025-05-16T09:00"))
        let (events, dossier) = try Self.replay(rated)
        #expect(events.map(\.kind) == [.submit, .receive, .assign, .requestSupplement, .receiveSupplement, .proposeDecision, .decide, .resolve,
                                       .returnResult, .rate])
        #expect(events.allSatisfy { $0.details.importedFrom == "mc-01" })
        #expect(dossier.status == .returned && dossier.returnChannel == .post && dossier.rating == 4)
        #expect(dossier.supplementRequests == 1)
        // Three working days from 12 May 08:00, pushed by the two days the supplement stopped the clock.
        let limit = try #require(events[1].details.dueAt)
        #expect(limit == DossierScenario.clock.dueOrNil(at("2025-05-12T08:00"), days: 3))
        #expect(try #require(dossier.dueAt) > limit)
        #expect(Dossier.replay(events) == dossier)
    }

    @Test("the old system's appointment is kept; without one it is computed")
    func appointment() throws {
        var record = Self.record()
        let given = DossierScenario.at("2025-05-20T16:00")
        record.dueAt = given
        #expect(try Self.replay(record).dossier.appointment == given)
        record.dueAt = nil
        #expect(try Self.replay(record).dossier.appointment == DossierScenario.clock.dueOrNil(DossierScenario.at("2025-05-12T08:00"), days: 3))
    }

    static let refused: [(history: [LegacyStatus], field: String)] = {
        let at = DossierScenario.at
        return [
            ([LegacyStatus(.received, at: at("2025-05-12T08:00")), LegacyStatus(.returned, at: at("2025-05-12T09:00"))], "history[1].status"),
            ([LegacyStatus(.received, at: at("2025-05-12T08:00")), LegacyStatus(.stopped, at: at("2025-05-12T09:00"))], "history[1].reason"),
            ([LegacyStatus(.received, at: at("2025-05-12T08:00")), LegacyStatus(.awaitingPayment, at: at("2025-05-12T09:00"))], "history[1].amount"),
            ([LegacyStatus(.received, at: at("2025-05-12T08:00")), LegacyStatus(.submitted, at: at("2025-05-12T09:00"))], "history[1].status"),
        ]
    }()

    @Test("a history the transition table does not allow is refused, naming what is wrong", arguments: refused)
    func refusedHistory(history: [LegacyStatus], field: String) {
        do {
            let replayed = try Self.replay(Self.record(history: history))
            Issue.record("replayed to \(replayed.dossier.status)")
        } catch {
            #expect(error.problems.map(\.field) == [field])
        }
    }

    @Test("a record's own problems: codes, times out of order or in the future, hashes")
    func problems() {
        let now = DossierScenario.at("2025-07-01T00:00")
        #expect(Self.record().problems(now: now).isEmpty)
        var record = Self.record(history: [
            LegacyStatus(.received, at: DossierScenario.at("2025-05-12T08:00")), LegacyStatus(.processing, at: DossierScenario.at("2025-05-11T08:00")),
            LegacyStatus(.resolved, at: DossierScenario.at("2025-08-01T08:00")),
        ])
        record.sourceSystem = "hệ thống"
        record.receivingUnit = "0001"
        record.secretSha256 = "abc"
        #expect(record.problems(now: now).map(\.field).sorted()
            == ["history[1].at", "history[2].at", "receivingUnit", "secretSha256", "sourceSystem"])
    }

    @Test("an exchange file is read row by row, JSON Lines or CSV, each bad row with the field at fault")
    func exchangeFile() throws {
        let good = try LegacyExchangeFile.jsonLine(Self.record())
        let lines = LegacyExchangeFile.parse(Array("\(good)\n\n{\"code\": 1}\nnot json\n\(good.replacingOccurrences(of: "\"inPerson\"", with: "\"fax\""))\n".utf8))
        #expect(lines.map(\.number) == [1, 3, 4, 5])
        #expect(lines[0].record == Self.record())
        #expect(lines[1].problems.first?.field == "sourceSystem")
        #expect(lines[2].problems.first?.field == "")
        #expect(lines[3].problems.first?.field == "channel")
        #expect(lines[3].problems.first?.reason.contains("fax") == true)

        let (header, row, broken) = Self.csvRows(name: "Trần Văn Bình", address: "Số 5, thôn 2")
        let csv = LegacyExchangeFile.parse(Array((CSV.line(header) + CSV.line(row) + CSV.line(broken)).utf8))
        #expect(csv.map(\.number) == [2, 3])
        #expect(csv[0].record == Self.record())
        #expect(csv[1].problems.map(\.field) == ["history"])
        let unknown = LegacyExchangeFile.parse(Array("source_system,colour\nmc,red\n".utf8))
        #expect(unknown.first?.problems.first?.field == "header")
    }

    /// The CSV header, the row of `record()` with that applicant, and the same row with a broken history cell.
    static func csvRows(name: String, address: String) -> (header: [String], row: [String], broken: [String]) {
        let header = LegacyExchangeFile.columns.map(\.column)
        var cells = Dictionary(uniqueKeysWithValues: header.map { ($0, "") })
        cells["source_system"] = "mc-01"; cells["code"] = "00001-250512-0001"; cells["procedure_code"] = DossierScenario.procedure.code
        cells["channel"] = "inPerson"; cells["applicant_name"] = name; cells["applicant_address"] = address
        cells["applicant_commune"] = "00001"; cells["receiving_unit"] = "00001"; cells["competent_unit"] = "00001"
        cells["history"] = "[{\"status\":\"received\",\"at\":\"2025-05-12T08:00:00+07:00\"}]"
        let row = header.map { cells[$0] ?? "" }
        var broken = row
        if let history = header.firstIndex(of: "history") { broken[history] = "[{" }
        return (header, row, broken)
    }

    @Test("a file read a block at a time gives the lines of the whole file read at once, wherever the blocks fall")
    func exchangeFileInBlocks() throws {
        let good = try LegacyExchangeFile.jsonLine(Self.record())
        let fax = good.replacingOccurrences(of: "\"inPerson\"", with: "\"fax\"")
        let jsonLines = "\u{FEFF}\(good)\r\n\n{\"code\": 1}\nnot json\n  \n\(fax)\n\(good)"
        // Quotes, and line breaks inside a quoted cell, which a block may cut anywhere.
        let (header, row, broken) = Self.csvRows(name: "Trần Văn \"Bình\"", address: "Số 5,\nthôn 2\r\nxã Một")
        let csvRows = [CSV.line(header), CSV.line(row), "\r\n", CSV.line(broken), CSV.line(row).replacingOccurrences(of: "\n", with: "\r\n")]
        let csv = "\u{FEFF}" + csvRows.joined() + String(CSV.line(row).dropLast())
        let refused = "source_system,colour\nmc,red\nmc,blue\n"
        for file in [jsonLines, csv, refused].map({ Array($0.utf8) }) {
            let whole = LegacyExchangeFile.parse(file)
            for size in Array(1...48) + [97, 512, file.count] {
                var reader = LegacyExchangeFile.Reader()
                var lines: [LegacyExchangeFile.Line] = []
                for start in stride(from: 0, to: file.count, by: size) {
                    lines += reader.lines(Array(file[start..<min(file.count, start + size)]), final: false)
                }
                lines += reader.lines([], final: true)
                #expect(lines.map(\.number) == whole.map(\.number), "blocks of \(size)")
                #expect(lines.map(\.record) == whole.map(\.record), "blocks of \(size)")
                #expect(lines.map(\.problems) == whole.map(\.problems), "blocks of \(size)")
            }
        }
        // What the whole file gives, for the record.
        #expect(LegacyExchangeFile.parse(Array(jsonLines.utf8)).map(\.number) == [1, 3, 4, 6, 7])
        #expect(LegacyExchangeFile.parse(Array(csv.utf8)).map(\.number) == [2, 4, 5, 6])
        #expect(LegacyExchangeFile.parse(Array(refused.utf8)).map(\.number) == [1])
    }
}

extension WorkClock {
    /// The due instant of a limit in working days, for expectations.
    func dueOrNil(_ receivedAt: Instant, days: Int) -> Instant? {
        try? due(receivedAt: receivedAt, limit: TimeLimit(value: days, unit: .workingDays))
    }
}
