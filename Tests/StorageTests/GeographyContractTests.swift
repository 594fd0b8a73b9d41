import AppCore
import Domain
import Storage
import StorageTesting
import Testing

/// The contract every engine keeps, run unchanged on SQLite and PostgreSQL.
@Suite("geography store contract")
struct GeographyContractTests {
    @Test("a run that must cover PostgreSQL has its URL")
    func postgresPresent() {
        if TestStores.postgresRequired {
            #expect(TestStores.engines.contains(.postgres), "MOTCUA_REQUIRE_POSTGRES=1 but MOTCUA_TEST_POSTGRES_URL is not set")
        }
    }

    @Test("migrations apply once and record their ids", arguments: TestStores.engines)
    func migrations(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        #expect(try await store.appliedMigrations() == Migrations.all.map(\.id))
        #expect(try await store.migrate() == [])
        try await store.ping()
        try await store.close()
    }

    @Test("counts per level and type on each side of the reform", arguments: TestStores.engines)
    func counts(engine: TestStores.Engine) async throws {
        let geography = try await LoadedStores.shared.store(engine).geography
        func table(_ counts: [UnitCount]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: counts.map { ("\($0.level.rawValue) \($0.type.rawValue)", $0.count) })
        }
        #expect(table(try await geography.unitCounts(at: Reform.effectiveDate)) == [
            "province tinh": 28, "province thanh_pho_truc_thuoc_trung_uong": 6,
            "commune xa": 2621, "commune phuong": 687, "commune dac_khu": 13,
        ])
        #expect(table(try await geography.unitCounts(at: Reform.lastLegacyDate)) == [
            "province tinh": 57, "province thanh_pho_truc_thuoc_trung_uong": 6,
            "district huyen": 508, "district thanh_pho": 87, "district thi_xa": 52, "district quan": 49,
            "commune xa": 7692, "commune phuong": 1726, "commune thi_tran": 617,
        ])
    }

    @Test("the same code asked before and after 1 July 2025 gives two units", arguments: TestStores.engines)
    func carriedCodes(engine: TestStores.Engine) async throws {
        let geography = try await LoadedStores.shared.store(engine).geography
        let before = try await geography.units(code: "00004", level: .commune, at: Reform.lastLegacyDate)
        let after = try await geography.units(code: "00004", level: .commune, at: Reform.effectiveDate)
        #expect(before.map(\.name) == ["Phường Trúc Bạch"])
        #expect(after.map(\.name) == ["Phường Ba Đình"])
        #expect(after.first?.unitClass == .urban)
        let versions = try await geography.versions(code: "01", level: .province)
        #expect(versions.map(\.validFrom) == [.distantPast, Reform.effectiveDate])
        #expect(try await geography.units(code: "99999", level: .commune, at: Reform.effectiveDate).isEmpty)
    }

    @Test("what was loaded reads back unchanged", arguments: TestStores.engines)
    func roundTrip(engine: TestStores.Engine) async throws {
        let geography = try await LoadedStores.shared.store(engine).geography
        let units = try await geography.allUnits()
        let expected = Shipped.dataset.units.map { unit -> AdministrativeUnit in
            var unit = unit
            unit.unitClass = UnitClass.defaultClass(for: unit.type)
            return unit
        }
        #expect(Set(units) == Set(expected))
        #expect(units.count == expected.count)
        #expect(Set(try await geography.allLineage()) == Set(Shipped.dataset.lineage))
    }

    @Test("loading the same data again changes nothing", arguments: TestStores.engines)
    func idempotentLoad(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        #expect(try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z"))
        #expect(try await !ReferenceLoader.ensureGeography(in: store, at: "2025-07-02T00:00:00Z"))
        // A forced reload of the same units (as when the shipped data changes) upserts, never duplicates.
        try await store.geography.loadReference(Shipped.dataset, name: "geography", checksum: "other", at: "x")
        let total = try await store.geography.unitCounts(at: Reform.effectiveDate).reduce(0) { $0 + $1.count }
        #expect(total == 3_355)
        try await store.close()
    }

    /// The whole geography is kept in memory between reads (`GeographyCache`): a data set loaded later,
    /// by this store or by another process, is what the next read gives.
    @Test("every unit and edge read again once a data set is loaded, here or by another process", arguments: TestStores.engines)
    func cachedWholeGeography(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        #expect(try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z"))
        let readers = engine == .postgres ? [store, try await TestStores.reopen(store)] : [store]
        for reader in readers {
            #expect(Set(try await reader.geography.allUnits()) == Set(try await reader.geography.allUnits()))
            #expect(try await reader.geography.allLineage().count == Shipped.dataset.lineage.count)
        }
        var renamed = Shipped.dataset
        renamed.units[0].name += " (tên mới)"
        renamed.lineage[0].newName += " (tên mới)"
        try await store.geography.loadReference(renamed, name: "geography", checksum: "renamed", at: "2025-07-02T00:00:00Z")
        for reader in readers {
            let unit = try #require(try await reader.geography.allUnits().first { $0.key == renamed.units[0].key })
            #expect(unit.name == renamed.units[0].name)
            let edge = try #require(try await reader.geography.allLineage().first {
                ($0.level, $0.oldCode, $0.newCode) == (renamed.lineage[0].level, renamed.lineage[0].oldCode, renamed.lineage[0].newCode)
            })
            #expect(edge.newName == renamed.lineage[0].newName)
        }
        for reader in readers.dropFirst() { try await reader.close() }
        try await store.close()
    }

    /// The ranking rule written out in Swift, independently of either engine's SQL.
    static func expectedSearch(_ query: UnitQuery) -> [String] {
        let text = query.foldedText ?? ""
        func rank(_ unit: AdministrativeUnit) -> Int {
            guard !text.isEmpty else { return 0 }
            if unit.nameFold == text || unit.fullFold == text { return 0 }
            if unit.nameFold.hasPrefix(text) || unit.fullFold.hasPrefix(text) { return 1 }
            return 2
        }
        let altFold = { (unit: AdministrativeUnit) in unit.altName.map { FoldKey.fold(unit.type.shortName(of: $0)) } ?? "" }
        let matches = Shipped.dataset.units.filter { unit in
            unit.isValid(at: query.at)
                && (query.level.map { unit.level == $0 } ?? true)
                && (query.provinceCode.map { unit.provinceCode == $0 } ?? true)
                && (text.isEmpty || unit.nameFold.hasPrefix(text) || unit.fullFold.hasPrefix(text)
                    || (!altFold(unit).isEmpty && altFold(unit).hasPrefix(text)) || unit.nameFold.contains(" " + text))
        }
        // Fold keys are ASCII, where String order is byte order, as in both engines' "C" collation.
        let sorted = matches.sorted {
            (rank($0), $0.level.rank, $0.nameFold, $0.code) < (rank($1), $1.level.rank, $1.nameFold, $1.code)
        }
        return sorted.dropFirst(query.offset).prefix(query.limit).map { "\($0.level.rawValue) \($0.code)" }
    }

    @Test("name search: fold key, ranking and pages as specified", arguments: TestStores.engines)
    func search(engine: TestStores.Engine) async throws {
        let geography = try await LoadedStores.shared.store(engine).geography
        let queries: [UnitQuery] = [
            UnitQuery(foldedText: FoldKey.fold("Ba Đình"), at: Reform.effectiveDate),
            UnitQuery(foldedText: FoldKey.fold("ĐẮK"), at: Reform.effectiveDate, limit: 20),
            UnitQuery(level: .commune, provinceCode: "01", foldedText: "hoa", at: Reform.effectiveDate, limit: 500),
            UnitQuery(level: .commune, foldedText: "phuong 1", at: Reform.lastLegacyDate, offset: 10, limit: 25),
            UnitQuery(level: .district, provinceCode: "79", at: Reform.lastLegacyDate, limit: 100),
            UnitQuery(level: .province, at: Reform.effectiveDate, limit: 50),
            UnitQuery(foldedText: "thanh", at: Reform.effectiveDate, offset: 40, limit: 40),
            UnitQuery(foldedText: "xa sa phin", at: Reform.lastLegacyDate),
        ]
        for query in queries {
            let found = try await geography.units(query).map { "\($0.level.rawValue) \($0.code)" }
            #expect(found == Self.expectedSearch(query), "\(query)")
        }
        let dakLak = try await geography.units(UnitQuery(level: .province, foldedText: "dak lak", at: Reform.effectiveDate))
        #expect(dakLak.first?.name == "Tỉnh Đắk Lắk")
    }

    @Test("lineage in both directions", arguments: TestStores.engines)
    func lineage(engine: TestStores.Engine) async throws {
        let geography = try await LoadedStores.shared.store(engine).geography
        let split = Shipped.dataset.lineage.first { $0.split }!
        let expected = Shipped.dataset.lineage.filter { $0.oldCode == split.oldCode }
        #expect(Set(try await geography.successors(oldCode: split.oldCode)) == Set(expected))
        let into = try await geography.predecessors(newCode: "00004")
        #expect(Set(into) == Set(Shipped.dataset.lineage.filter { $0.newCode == "00004" }))
        #expect(into.contains { $0.oldName == "Phường Trúc Bạch" })
    }

    @Test("a unit's class is versioned from a date on", arguments: TestStores.engines)
    func classes(engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let geography = store.geography
        let unit = try #require(try await geography.units(code: "00004", level: .commune, at: Reform.effectiveDate).first)
        let from = LocalDate(year: 2026, month: 1, day: 1)!
        try await geography.recordClasses(
            [UnitClassAssignment(unit: unit.key, unitClass: .mountainous, validFrom: from, source: "test")],
            recordedAt: "2026-01-01T00:00:00Z"
        )
        let dayBefore = try await geography.units(code: "00004", level: .commune, at: from.adding(days: -1))
        let dayOf = try await geography.units(code: "00004", level: .commune, at: from)
        #expect(dayBefore.first?.unitClass == .urban)
        #expect(dayOf.first?.unitClass == .mountainous)
        let legacy = try await geography.units(code: "00004", level: .commune, at: Reform.lastLegacyDate)
        #expect(legacy.first?.unitClass == .urban, "the pre-reform Trúc Bạch keeps its own class")
        #expect(try await geography.classHistory(unit.key).map(\.unitClass) == [.mountainous])
        try await store.close()
    }
}
