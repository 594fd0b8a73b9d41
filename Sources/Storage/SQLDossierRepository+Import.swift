public import Domain
import Foundation

/// Original codes and the review queue of dossiers brought over from pre-reform systems.
extension SQLDossierRepository {
    /// The alias row and the review's closing, written with a new imported dossier.
    static func importSteps(for after: Dossier) -> [SQLStep] {
        guard let origin = after.opening.imported else { return [] }
        let system = SQLValue.text(origin.sourceSystem), original = SQLValue.text(origin.originalCode)
        let code = after.code, reviewed = origin.reviewedBy != nil
        return [
            SQLStep(SQLStatement(
                "INSERT INTO dossier_aliases (source_system, alias, province_code, code) VALUES (?, ?, ?, ?)",
                [system, original, .text(after.provinceCode), .text(after.code)]
            )),
            SQLStep(SQLStatement("""
                UPDATE import_reviews SET resolved_at = ?, resolved_by = ?, dossier_code = ?
                WHERE source_system = ? AND original_code = ? AND resolved_at IS NULL RETURNING original_code
                """, [
                    .integer(after.lastEventAt.minutes), origin.reviewedBy.map(SQLValue.text) ?? .null, .text(after.code), system, original,
                ])) { rows in
                    // A review settled by someone else meanwhile: this choice comes too late.
                    if reviewed, rows.isEmpty { throw DossierWriteError.staleVersion(code: code) }
                },
        ]
    }

    /// The dossier an original code stands for, when one system only used it.
    func aliased(_ alias: String) async throws -> (province: String, code: String)? {
        let rows = try await executor.keyedQuery(SQLStatement(
            "SELECT province_code, code FROM dossier_aliases WHERE alias = ? LIMIT 2", [.text(alias)]
        ))
        guard rows.count == 1, let province = rows[0][0].text, let code = rows[0][1].text else { return nil }
        return (province, code)
    }

    public func knownOriginals(sourceSystem: String, codes: [String]) async throws -> Set<String> {
        var known: Set<String> = []
        for start in stride(from: 0, to: codes.count, by: 500) {
            let chunk = codes[start..<min(codes.count, start + 500)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let arguments = [SQLValue.text(sourceSystem)] + chunk.map { SQLValue.text($0) }
            for table in [("dossier_aliases", "alias"), ("import_reviews", "original_code")] {
                let rows = try await executor.query(SQLStatement(
                    "SELECT \(table.1) FROM \(table.0) WHERE source_system = ? AND \(table.1) IN (\(marks))", arguments
                ))
                for row in rows { if let code = row.first?.text { known.insert(code) } }
            }
        }
        return known
    }

    public func queueReviews(_ reviews: [LegacyImportReview]) async throws {
        guard !reviews.isEmpty else { return }
        let steps = try reviews.map { review in
            SQLStep(SQLStatement("""
                INSERT INTO import_reviews (source_system, original_code, province_code, record, candidates, queued_at)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_system, original_code) DO NOTHING
                """, [
                    .text(review.sourceSystem), .text(review.originalCode), .text(review.provinceCode), .text(try Self.json(review.record)),
                    .text(try Self.json(review.candidates)), .integer(review.queuedAt.minutes),
                ]))
        }
        try await executor.run(SQLScript(steps))
    }

    static let reviewColumns = "record, province_code, candidates, queued_at, resolved_at, resolved_by, dossier_code"

    public func reviews(
        provinceCode: String?, resolved: Bool, after: (system: String, code: String)?, limit: Int
    ) async throws -> [LegacyImportReview] {
        var conditions = [resolved ? "resolved_at IS NOT NULL" : "resolved_at IS NULL"]
        var arguments: [SQLValue] = []
        if let provinceCode {
            conditions.append("province_code = ?")
            arguments.append(.text(provinceCode))
        }
        if let after {
            conditions.append("(source_system > ? OR (source_system = ? AND original_code > ?))")
            arguments += [.text(after.system), .text(after.system), .text(after.code)]
        }
        return try await executor.query(SQLStatement("""
            SELECT \(Self.reviewColumns) FROM import_reviews WHERE \(conditions.joined(separator: " AND "))
            ORDER BY source_system, original_code LIMIT ?
            """, arguments + [.integer(limit)])).map(Self.review)
    }

    public func review(sourceSystem: String, originalCode: String) async throws -> LegacyImportReview? {
        try await executor.query(SQLStatement(
            "SELECT \(Self.reviewColumns) FROM import_reviews WHERE source_system = ? AND original_code = ?",
            [.text(sourceSystem), .text(originalCode)]
        )).first.map(Self.review)
    }

    static func review(_ row: [SQLValue]) throws -> LegacyImportReview {
        let decoder = JSONDecoder()
        do {
            return LegacyImportReview(
                record: try decoder.decode(LegacyDossierRecord.self, from: Data((row[0].text ?? "").utf8)), provinceCode: row[1].text ?? "",
                candidates: try decoder.decode([String: [String]].self, from: Data((row[2].text ?? "").utf8)),
                queuedAt: Instant(minutes: row[3].integer ?? 0), resolvedAt: row[4].integer.map { Instant(minutes: $0) },
                resolvedBy: row[5].text, dossierCode: row[6].text
            )
        } catch {
            throw StorageError.corrupt("import review: \(error)")
        }
    }
}

/// The record of addresses converted from pre-reform units, and those waiting for a choice.
extension SQLDossierRepository {
    public func recordAddressConversions(_ conversions: [AddressUpdate]) async throws {
        guard !conversions.isEmpty else { return }
        let statements = try conversions.map { item in
            SQLStatement("""
                INSERT INTO address_conversions (kind, subject, province_code, old_code, new_code, candidates, address, state, at, actor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, subject, old_code) DO UPDATE SET new_code = excluded.new_code, candidates = excluded.candidates,
                    state = excluded.state, at = excluded.at, actor = excluded.actor
                """, [
                    .text(item.kind.rawValue), .text(item.subject), .text(item.provinceCode), .text(item.oldCode), item.newCode.map(SQLValue.text) ?? .null,
                    .text(try Self.json(item.candidates)), item.address.map(SQLValue.text) ?? .null, .text(item.state.rawValue),
                    .integer(item.at.minutes), .text(item.actor),
                ])
        }
        try await executor.transaction(statements)
    }

    public func addressConversions(state: AddressUpdate.State?, provinceCode: String?, limit: Int) async throws -> [AddressUpdate] {
        var conditions = ["1 = 1"], arguments: [SQLValue] = []
        if let state {
            conditions.append("state = ?")
            arguments.append(.text(state.rawValue))
        }
        if let provinceCode {
            conditions.append("province_code = ?")
            arguments.append(.text(provinceCode))
        }
        return try await executor.query(SQLStatement("""
            SELECT kind, subject, province_code, old_code, new_code, candidates, address, state, at, actor FROM address_conversions
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY province_code, kind, subject LIMIT ?
            """, arguments + [.integer(limit)])).map { row in
            guard let kind = AddressUpdate.Kind(rawValue: row[0].text ?? ""), let state = AddressUpdate.State(rawValue: row[7].text ?? ""),
                  let candidates = try? JSONDecoder().decode([String].self, from: Data((row[5].text ?? "[]").utf8)) else {
                throw StorageError.corrupt("address conversion \(row[1].text ?? "")")
            }
            return AddressUpdate(
                kind: kind, subject: row[1].text ?? "", provinceCode: row[2].text ?? "", oldCode: row[3].text ?? "", newCode: row[4].text,
                candidates: candidates, address: row[6].text, state: state, at: Instant(minutes: row[8].integer ?? 0), actor: row[9].text ?? ""
            )
        }
    }
}
