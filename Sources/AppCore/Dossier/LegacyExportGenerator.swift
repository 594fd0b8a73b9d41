public import Domain
public import Storage
import Crypto
import Foundation

/// Writes what a pre-reform one-stop system would export on 30 June 2025: dossiers of old communes,
/// districts and provinces under their old codes, closed and in flight, a share in communes that were
/// later split, some filed under local procedure codes the catalogue lacks, and planted invalid rows of
/// known kinds. Its manifest says what was planted, so that an import can be checked against it.
public struct LegacyExportGenerator: Sendable {
    public struct Manifest: Sendable, Codable, Equatable {
        public var records = 0
        public var valid = 0
        public var inFlight = 0
        /// Valid records whose applicant's old commune was split: the review queue's share.
        public var split = 0
        public var uncatalogued = 0
        public var withSecret = 0
        /// Planted invalid rows: line → the field the import must name.
        public var invalid: [Int: String] = [:]
        /// What the data-quality report must find once the file is imported (before any review is
        /// settled): check → count; checks not named must find nothing.
        public var quality: [String: Int] = [:]
    }

    public struct Output: Sendable {
        public var lines: [String]
        public var manifest: Manifest
    }

    public let store: any Store
    let seed: UInt64

    public init(store: any Store, seed: UInt64) {
        self.store = store
        self.seed = seed
    }

    /// The look-up secret the old system printed on a dossier's receipt: derived from the seed and the
    /// code, so that tests can look a dossier up without the file keeping secrets in clear.
    public static func secret(code: String, seed: UInt64) -> String {
        let digest = SHA256.hash(data: Data("legacy-secret:\(seed):\(code)".utf8))
        let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
        return String(digest.prefix(10).map { alphabet[Int($0) % alphabet.count] })
    }

    static let invalidKinds = ["competentUnit", "applicant.personalID", "history[1].at", "history[2].status", "procedureName", "channel"]

    /// `count` records, a tenth in flight, `splitShare` in split communes, `invalidShare` invalid.
    public func run(
        count: Int, clock: WorkClock, splitShare: Double = 0.02, invalidShare: Double = 0.01, format: String = "jsonl"
    ) async throws -> Output {
        let units = try await store.geography.allUnits()
        let lineage = try await store.geography.allLineage()
        let catalog = try await store.catalog.all().sorted { ($0.code, $0.validFrom) < ($1.code, $1.validFrom) }
        let communeProcedures = catalog.filter { $0.level == .commune }, provinceProcedures = catalog.filter { $0.level == .province }
        guard !communeProcedures.isEmpty, !provinceProcedures.isEmpty else {
            throw AppError.invalid("catalog", "Danh mục thủ tục cần có thủ tục cấp xã và cấp tỉnh")
        }
        let communeEdges = Dictionary(grouping: lineage.filter { $0.level == .commune }, by: \.oldCode)
        let oldCommunes = units.filter { $0.level == .commune && $0.isValid(at: Reform.lastLegacyDate) && communeEdges[$0.code] != nil }
            .sorted { $0.code < $1.code }
        let whole = oldCommunes.filter { Set(communeEdges[$0.code]!.map(\.newCode)).count == 1 }
        let split = oldCommunes.filter { Set(communeEdges[$0.code]!.map(\.newCode)).count > 1 }
        guard !whole.isEmpty, !split.isEmpty else { throw AppError.invalid("geography", "Chưa có đơn vị hành chính cũ và quan hệ kế thừa") }
        var random = SplitMix(seed: seed &* 0x9E37_79B9 &+ 17)
        let splitFlags = SyntheticGenerator.quota(Int((Double(count) * splitShare).rounded()), of: count, &random)
        let invalidFlags = SyntheticGenerator.quota(Int((Double(count) * invalidShare).rounded()), of: count, &random)
        let flightFlags = SyntheticGenerator.quota(count / 10, of: count, &random)
        var manifest = Manifest()
        var lines: [String] = []
        var counters: [String: Int] = [:]
        var invalidIndex = 0
        var usedIDs: Set<String> = []
        var lender: Applicant?
        if format == "csv" { lines.append(CSV.line(LegacyExchangeFile.columns.map(\.column)).trimmingNewline) }
        for index in 0..<count {
            let commune = splitFlags[index] ? split[Int.random(in: 0..<split.count, using: &random)]
                : whole[Int.random(in: 0..<whole.count, using: &random)]
            let kind = Int.random(in: 0..<10, using: &random)
            // Seven in ten at the commune, two at the district, one at the province.
            let level: ProcedureVersion.Level = kind == 9 ? .province : .commune
            let unit = kind < 7 ? commune.code : kind < 9 ? (commune.parentCode ?? commune.code) : commune.provinceCode
            let uncatalogued = !invalidFlags[index] && Int.random(in: 0..<200, using: &random) == 0
            var procedure = level == .province ? provinceProcedures.randomElement(using: &random)!
                : communeProcedures.randomElement(using: &random)!
            let inFlight = flightFlags[index]
            let day = Self.day(inFlight: inFlight, &random)
            let received = Instant(vietnam: day, minuteOfDay: 450 + Int.random(in: 0..<480, using: &random))
            let dayCode = String(day.description.replacingOccurrences(of: "-", with: "").dropFirst(2))
            let number = (counters[unit + dayCode] ?? 0) + 1
            counters[unit + dayCode] = number
            let code = "\(unit)-\(dayCode)-\(String(repeating: "0", count: max(0, 4 - String(number).count)))\(number)"
            let channel: Channel = procedure.onlineLevel != .none && Int.random(in: 0..<10, using: &random) < 4 ? .online : .inPerson
            var applicant = Self.applicant(commune: commune, &random)
            while let id = applicant.personalID, usedIDs.contains(id) { applicant = Self.applicant(commune: commune, &random) }
            applicant.personalID.map { _ = usedIDs.insert($0) }
            // Planted defects the data-quality report must find, only in records that will be imported.
            let imported = !invalidFlags[index] && !splitFlags[index]
            let defect = imported ? Int.random(in: 0..<1_000, using: &random) : 1_000
            if defect < 5 {
                applicant.personalID = nil
                applicant.phone = nil
                manifest.quality["missingFields", default: 0] += 1
            } else if defect < 8, let source = lender, let id = source.personalID {
                // The same personal ID under another name: typed twice, or a different person's number.
                applicant.personalID = id
                applicant.birthDate = source.birthDate
                applicant.sex = source.sex
                applicant.name = source.name == "Đinh Thị Ngọc Ánh" ? "Đinh Văn Khải" : "Đinh Thị Ngọc Ánh"
                lender = nil
                manifest.quality["conflictingIdentity", default: 0] += 1
            } else if imported {
                lender = applicant
            }
            var record = LegacyDossierRecord(
                sourceSystem: "mc-\(commune.provinceCode)", code: code, procedureCode: procedure.code, channel: channel,
                applicant: applicant, receivingUnit: unit, competentUnit: unit,
                history: Self.history(procedure: procedure, received: received, channel: channel, inFlight: inFlight, &random)
            )
            if uncatalogued {
                procedure.code = "LG.\(commune.provinceCode).\(100 + Int.random(in: 0..<50, using: &random))"
                record.procedureCode = procedure.code
                record.procedureName = "Thủ tục riêng của hệ thống cũ số \(record.procedureCode)"
                record.limit = procedure.limit
            }
            if Bool.random(using: &random), let due = try? clock.due(receivedAt: received, limit: procedure.limit) {
                record.dueAt = due
            }
            if Int.random(in: 0..<4, using: &random) > 0 {
                record.secretSha256 = Hex.string(SHA256.hash(data: Data(Self.secret(code: code, seed: seed).utf8)))
            }
            record.documents = procedure.documents.prefix(2).enumerated().map { position, document in
                let digest = Hex.string(SHA256.hash(data: Data("\(code)/\(position)".utf8)))
                return DocumentReference(name: document.name, sha256: digest, size: 50_000 + position, mediaType: "application/pdf",
                                         uri: "https://motcua-cu.example/\(commune.provinceCode)/files/\(digest.prefix(16))")
            }
            if record.history.last?.status == .returned, Int.random(in: 0..<10, using: &random) < 3 {
                record.rating = LegacyRating(score: [5, 5, 4, 4, 3, 2][Int.random(in: 0..<6, using: &random)], at: record.history.last?.at)
            }
            var planted: String?
            if invalidFlags[index] {
                planted = Self.invalidKinds[invalidIndex % Self.invalidKinds.count]
                invalidIndex += 1
                switch planted {
                case "competentUnit": record.competentUnit = "99999"
                case "applicant.personalID": record.applicant.personalID = "0123456789"
                case "history[1].at": record.history = [LegacyStatus(.received, at: received), LegacyStatus(.processing, at: Instant(minutes: received.minutes - 60))]
                case "history[2].status": record.history = [LegacyStatus(.received, at: received), LegacyStatus(.processing, at: received),
                                                            LegacyStatus(.returned, at: Instant(minutes: received.minutes + 30))]
                case "procedureName": record.procedureCode = "LG.\(commune.provinceCode).999"
                default: break
                }
            }
            var line = format == "csv" ? try Self.csvLine(record) : try LegacyExchangeFile.jsonLine(record)
            if planted == "channel" { line = line.replacingOccurrences(of: format == "csv" ? ",\(channel.rawValue)," : "\"channel\":\"\(channel.rawValue)\"",
                                                                       with: format == "csv" ? ",fax," : "\"channel\":\"fax\"") }
            lines.append(line)
            manifest.records += 1
            if let planted {
                manifest.invalid[lines.count] = planted
            } else {
                manifest.valid += 1
                if let last = record.history.last?.status, [.submitted, .received, .processing, .awaitingSupplement].contains(last) {
                    manifest.inFlight += 1
                }
                if !splitFlags[index], let last = record.history.last?.status, DataQualityScan.open.contains(last) {
                    manifest.quality["notLive", default: 0] += 1
                }
                if !splitFlags[index], uncatalogued { manifest.quality["uncataloguedProcedure", default: 0] += 1 }
                if splitFlags[index] { manifest.split += 1 }
                if uncatalogued { manifest.uncatalogued += 1 }
                if record.secretSha256 != nil { manifest.withSecret += 1 }
            }
        }
        return Output(lines: lines, manifest: manifest)
    }

    /// A working day: in flight, in the last three weeks of June 2025; closed, from January to mid-June.
    static func day(inFlight: Bool, _ random: inout SplitMix) -> LocalDate {
        while true {
            let day = inFlight ? LocalDate(year: 2025, month: 6, day: 9)!.adding(days: Int.random(in: 0..<21, using: &random))
                : LocalDate(year: 2025, month: 1, day: 2)!.adding(days: Int.random(in: 0..<130, using: &random))
            let weekday = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
            if weekday < 5 { return day }
        }
    }

    static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
    static let givenNames = ["Văn An", "Thị Bình", "Minh Châu", "Quốc Dũng", "Thị Hà", "Đức Hải", "Thu Hằng", "Văn Hùng", "Thị Lan",
                             "Ngọc Mai", "Văn Nam", "Thị Nga", "Hữu Phúc", "Thanh Tâm", "Văn Toàn", "Thị Yến"]

    static func applicant(commune: AdministrativeUnit, _ random: inout SplitMix) -> Applicant {
        let female = Bool.random(using: &random)
        let year = 1950 + Int.random(in: 0..<55, using: &random)
        let century = (year >= 2000 ? 2 : 0) + (female ? 1 : 0)
        let digits = (0..<6).map { _ in String(Int.random(in: 0..<10, using: &random)) }.joined()
        let id = "0\(commune.provinceCode)\(century)\(String(year % 100).count == 1 ? "0" : "")\(year % 100)\(digits)"
        let given = givenNames[Int.random(in: 0..<givenNames.count, using: &random)]
        return Applicant(
            name: "\(familyNames[Int.random(in: 0..<familyNames.count, using: &random)]) \(given)", personalID: id,
            birthDate: LocalDate(year: year, month: 1 + Int.random(in: 0..<12, using: &random), day: 1 + Int.random(in: 0..<28, using: &random)),
            sex: female ? .female : .male, phone: "09\(Int.random(in: 10_000_000..<99_999_999, using: &random))",
            address: "Số \(1 + Int.random(in: 0..<200, using: &random)), thôn \(1 + Int.random(in: 0..<12, using: &random))",
            communeCode: commune.code
        )
    }

    /// A history the old system could have written: in office hours, each status after the last.
    static func history(
        procedure: ProcedureVersion, received: Instant, channel: Channel, inFlight: Bool, _ random: inout SplitMix
    ) -> [LegacyStatus] {
        var history: [LegacyStatus] = []
        var now = received
        /// `minutes` later, moved into the next office hours (07:30–17:00) when it falls outside them.
        func step(_ minutes: Int) -> Instant {
            let next = Instant(minutes: now.minutes + max(1, minutes))
            let minute = next.vietnamMinuteOfDay
            now = (450..<1_020).contains(minute) ? next
                : Instant(vietnam: next.vietnamDate.adding(days: minute >= 1_020 ? 1 : 0), minuteOfDay: 450 + minute % 60)
            return now
        }
        if channel.isOnline { history.append(LegacyStatus(.submitted, at: Instant(minutes: received.minutes - Int.random(in: 30..<900, using: &random)))) }
        let fate = Int.random(in: 0..<100, using: &random)
        if fate < 3 {
            history.append(LegacyStatus(.refusedAtIntake, at: received, reason: "Hồ sơ không thuộc thẩm quyền giải quyết"))
            return history
        }
        history.append(LegacyStatus(.received, at: received))
        if inFlight {
            let stage = Int.random(in: 0..<10, using: &random)
            if stage >= 3 { history.append(LegacyStatus(.processing, at: step(Int.random(in: 10..<600, using: &random)))) }
            if stage >= 8 {
                history.append(LegacyStatus(.awaitingSupplement, at: step(Int.random(in: 60..<2_000, using: &random)),
                                            missing: ["Bản sao giấy tờ chứng minh nơi cư trú"]))
            }
            return history
        }
        let days = max(1, procedure.limit.unit == .workingHours ? 1 : procedure.limit.value)
        history.append(LegacyStatus(.processing, at: step(Int.random(in: 10..<240, using: &random))))
        if fate < 6 {
            history.append(LegacyStatus(.withdrawn, at: step(Int.random(in: 60..<2_000, using: &random)), reason: "Người nộp xin rút hồ sơ"))
            return history
        }
        if fate < 14 {
            history.append(LegacyStatus(.awaitingSupplement, at: step(Int.random(in: 60..<1_440, using: &random)),
                                        missing: ["Bản sao giấy tờ tùy thân còn hiệu lực"]))
            history.append(LegacyStatus(.processing, at: step(Int.random(in: 1_440..<4_320, using: &random))))
        }
        if fate == 14 {
            history.append(LegacyStatus(.stopped, at: step(Int.random(in: 60..<2_000, using: &random)), reason: "Người nộp không bổ sung hồ sơ theo yêu cầu"))
            return history
        }
        let refused = fate < 18
        history.append(LegacyStatus(.resolved, at: step(Int.random(in: 60..<(days * 1_440 * 4 / 3 + 61), using: &random)),
                                    reason: refused ? "Không đủ điều kiện theo quy định" : nil, outcome: refused ? .refused : .approved))
        if fate < 95 { history.append(LegacyStatus(.returned, at: step(Int.random(in: 60..<2_880, using: &random)))) }
        // The export is taken when the old system closes: what would have happened later has not.
        return history.filter { $0.at < exportedAt }
    }

    /// The last minute of the old systems: 30 June 2025, 23:59.
    static let exportedAt = Instant(vietnam: Reform.effectiveDate, minuteOfDay: 0)

    /// One record as a CSV row of the exchange format's columns (no line end).
    public static func csvLine(_ record: LegacyDossierRecord) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(try LegacyExchangeFile.jsonLine(record).utf8)) as? [String: Any] ?? [:]
        let cells = try LegacyExchangeFile.columns.map { column -> String in
            var value: Any? = object[column.path[0]]
            if column.path.count == 2 { value = (value as? [String: Any])?[column.path[1]] }
            guard let value else { return "" }
            if column.json { return String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) }
            return "\(value)"
        }
        return CSV.line(cells).trimmingNewline
    }
}

extension String {
    var trimmingNewline: String { hasSuffix("\r\n") ? String(dropLast(2)) : hasSuffix("\n") ? String(dropLast()) : self }
}
