import AppCore
import Domain
import Foundation
import Storage
import StorageTesting
import Testing

struct GeographyServiceTests {
    static func service() async throws -> GeographyService {
        let store = try await TestStores.make(.sqlite)
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let today = Date(timeIntervalSince1970: 1_780_000_000)
        return try await GeographyService.load(store: store, now: { today })
    }

    @Test("every wrong parameter of a unit list is reported at once")
    func allIssues() async throws {
        let service = try await Self.service()
        await #expect {
            _ = try await service.units(UnitListRequest(level: "village", province: "1", at: "2025-02-30", cursor: "x", limit: "9999"))
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return Set(issues.map(\.field)) == ["at", "level", "province", "limit", "cursor"]
        }
        try await service.store.close()
    }

    @Test("a class file is checked whole before anything is written")
    func classImportIsAllOrNothing() async throws {
        let service = try await Self.service()
        let bad = "code,class,valid_from\n00004,mountainous,2026-01-01\n99999,urban,2026-01-01\n00007,seaside,2026-01-01\n"
        await #expect {
            _ = try await service.importClasses(csv: bad, source: "test")
        } throws: { error in
            guard case AppError.invalid(let issues) = error else { return false }
            return issues.map(\.field).allSatisfy { $0.hasPrefix("line 3") || $0.hasPrefix("line 4") } && issues.count == 2
        }
        let unit = try await service.unit(code: "00004", level: nil, at: "2026-06-01")
        #expect(unit.unitClass == .urban, "nothing of the bad file was written")
        let good = "code,class,valid_from\n00004,mountainous,2026-01-01\n"
        #expect(try await service.importClasses(csv: good, source: "test") == 1)
        #expect(try await service.unit(code: "00004", level: nil, at: "2026-06-01").unitClass == .mountainous)
        try await service.store.close()
    }

    @Test("batches of 0 or more than 10,000 addresses are refused")
    func batchLimits() async throws {
        let service = try await Self.service()
        #expect(throws: AppError.self) { try service.convert(batch: []) }
        #expect(throws: AppError.self) { try service.convert(batch: Array(repeating: "Hà Nội", count: 10_001)) }
        #expect(try service.convert(batch: Array(repeating: "P. Trúc Bạch, Q. Ba Đình, Hà Nội", count: 10_000)).count == 10_000)
        try await service.store.close()
    }
}
