/// One dossier of another one-stop system, in the exchange format (`docs/exchange/`): what a district
/// or pre-reform commune system exports so that its dossiers continue here. Unit codes are those in
/// force on `unitsAt` (by default the first status's day): before 1 July 2025 pre-reform codes, which
/// the import maps to current units through the lineage.
public struct LegacyDossierRecord: Hashable, Sendable, Codable {
    /// The exporting system's name; with `code`, what makes a re-import change nothing.
    public var sourceSystem: String
    /// The dossier's code in that system: kept as an alias the citizen look-up accepts.
    public var code: String
    public var procedureCode: String
    /// Required, with `limit`, when the code is not in the catalogue: the dossier then keeps the name and
    /// limit it was filed under, and the data-quality report lists it.
    public var procedureName: String?
    public var limit: TimeLimit?
    public var channel: Channel
    /// The applicant; `applicant.communeCode` may be a pre-reform code, `applicant.address` holds the
    /// part of the address below the commune (house, street, hamlet).
    public var applicant: Applicant
    public var receivingUnit: String
    public var competentUnit: String
    public var unitsAt: LocalDate?
    /// The appointment the old system gave; recomputed with the calendar when missing.
    public var dueAt: Instant?
    public var summary: String?
    /// The statuses the dossier went through, oldest first.
    public var history: [LegacyStatus]
    public var documents: [DocumentReference]?
    public var results: [DocumentReference]?
    public var rating: LegacyRating?
    /// SHA-256 (hex) of the look-up secret the old system gave the applicant, so that the receipt they
    /// hold still works; without it the dossier cannot be looked up by the applicant.
    public var secretSha256: String?

    public init(
        sourceSystem: String, code: String, procedureCode: String, procedureName: String? = nil, limit: TimeLimit? = nil, channel: Channel, applicant: Applicant,
        receivingUnit: String, competentUnit: String, unitsAt: LocalDate? = nil, dueAt: Instant? = nil, summary: String? = nil,
        history: [LegacyStatus], documents: [DocumentReference]? = nil, results: [DocumentReference]? = nil, rating: LegacyRating? = nil,
        secretSha256: String? = nil
    ) {
        self.sourceSystem = sourceSystem
        self.code = code
        self.procedureCode = procedureCode
        self.procedureName = procedureName
        self.limit = limit
        self.channel = channel
        self.applicant = applicant
        self.receivingUnit = receivingUnit
        self.competentUnit = competentUnit
        self.unitsAt = unitsAt
        self.dueAt = dueAt
        self.summary = summary
        self.history = history
        self.documents = documents
        self.results = results
        self.rating = rating
        self.secretSha256 = secretSha256
    }

    /// The day the unit codes are read at.
    public var unitDate: LocalDate? { unitsAt ?? history.first?.at.vietnamDate }

    /// What is wrong with the record on its own (before units and catalogue are looked at), by field.
    public func problems(now: Instant) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func check(_ ok: Bool, _ field: String, _ reason: String) { if !ok { problems.append(FieldProblem(field: field, reason: reason)) } }
        check(Self.isToken(sourceSystem, max: 64), "sourceSystem", "Tên hệ thống nguồn gồm 1–64 ký tự chữ, số, dấu chấm, gạch ngang hoặc gạch dưới")
        check(Self.isToken(code, max: 64, extra: "/"), "code", "Mã hồ sơ gốc gồm 1–64 ký tự chữ, số, dấu chấm, gạch chéo, gạch ngang hoặc gạch dưới")
        check(!procedureCode.trimmingWhitespace.isEmpty && procedureCode.count <= 32, "procedureCode", "Thiếu mã thủ tục hoặc dài quá 32 ký tự")
        for (field, unit) in [("receivingUnit", receivingUnit), ("competentUnit", competentUnit)] {
            check([2, 3, 5].contains(unit.utf8.count) && unit.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, field,
                  "Mã đơn vị hành chính phải gồm 2 (tỉnh), 3 (huyện) hoặc 5 (xã) chữ số")
        }
        problems += applicant.problems()
        check(!history.isEmpty, "history", "Chưa có trạng thái nào của hồ sơ")
        for (index, entry) in history.enumerated() {
            if index > 0 { check(entry.at >= history[index - 1].at, "history[\(index)].at", "Thời điểm sớm hơn trạng thái trước") }
            check(entry.at <= now, "history[\(index)].at", "Thời điểm ở tương lai")
        }
        if let secretSha256 {
            check(Hex.bytes(secretSha256)?.count == 32, "secretSha256", "Phải là SHA-256 dạng 64 chữ số hex")
        }
        for (name, list) in [("documents", documents ?? []), ("results", results ?? [])] {
            for (index, document) in list.enumerated() {
                check(!document.name.trimmingWhitespace.isEmpty, "\(name)[\(index)].name", "Thiếu tên giấy tờ")
                check(Hex.bytes(document.sha256)?.count == 32, "\(name)[\(index)].sha256",
                      "Phải là SHA-256 dạng 64 chữ số hex")
            }
        }
        if let rating { check((1...5).contains(rating.score), "rating.score", "Mức đánh giá phải từ 1 đến 5") }
        return problems
    }

    static func isToken(_ text: String, max: Int, extra: String = "") -> Bool {
        !text.isEmpty && text.utf8.count <= max && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_\(extra)".unicodeScalars.contains($0))
        }
    }
}

/// A status of the old system's history, with what it needs to be replayed: the items asked for
/// (supplement), the amount (payment), the outcome (resolved), the channel (returned), the reason
/// (refusal, stop, withdrawal, refusal on the merits).
public struct LegacyStatus: Hashable, Sendable, Codable {
    public var status: DossierStatus
    public var at: Instant
    public var reason: String?
    public var missing: [String]?
    public var amount: Int?
    public var paymentChannel: PaymentChannel?
    public var outcome: Outcome?
    public var returnChannel: ReturnChannel?

    public init(
        _ status: DossierStatus, at: Instant, reason: String? = nil, missing: [String]? = nil, amount: Int? = nil,
        paymentChannel: PaymentChannel? = nil, outcome: Outcome? = nil, returnChannel: ReturnChannel? = nil
    ) {
        self.status = status
        self.at = at
        self.reason = reason
        self.missing = missing
        self.amount = amount
        self.paymentChannel = paymentChannel
        self.outcome = outcome
        self.returnChannel = returnChannel
    }
}

public struct LegacyRating: Hashable, Sendable, Codable {
    public var score: Int
    public var comment: String?
    public var at: Instant?

    public init(score: Int, comment: String? = nil, at: Instant? = nil) {
        self.score = score
        self.comment = comment
        self.at = at
    }
}

/// A file kept by another system, named by where it is and what its bytes hash to.
public struct DocumentReference: Hashable, Sendable, Codable {
    public var name: String
    public var sha256: String
    public var size: Int?
    public var mediaType: String?
    public var uri: String?

    public init(name: String, sha256: String, size: Int? = nil, mediaType: String? = nil, uri: String? = nil) {
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.uri = uri
    }
}

/// Where an imported dossier came from: the system, its code there, the units as it wrote them, and its
/// files, which stay where that system keeps them (referenced by hash, not copied).
public struct ImportedOrigin: Hashable, Sendable, Codable {
    public var sourceSystem: String
    public var originalCode: String
    public var receivingUnit: String
    public var competentUnit: String
    public var addressCommune: String?
    public var documents: [DocumentReference]
    public var results: [DocumentReference]
    /// Set by an officer's choice in the review queue (a split old commune), not by the lineage alone.
    public var reviewedBy: String?

    public init(
        sourceSystem: String, originalCode: String, receivingUnit: String, competentUnit: String, addressCommune: String?,
        documents: [DocumentReference], results: [DocumentReference], reviewedBy: String? = nil
    ) {
        self.sourceSystem = sourceSystem
        self.originalCode = originalCode
        self.receivingUnit = receivingUnit
        self.competentUnit = competentUnit
        self.addressCommune = addressCommune
        self.documents = documents
        self.results = results
        self.reviewedBy = reviewedBy
    }
}
