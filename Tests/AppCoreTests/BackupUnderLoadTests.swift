import AppCore
import Foundation
import Storage
import StorageSQLite
import StorageTesting
import Synchronization
import Testing

/// An online SQLite backup taken while dossiers are being written: it holds every dossier acknowledged
/// before it started, its projections equal its events (`verify`), and it restores into a working
/// database that says the same. PostgreSQL's backup is `pg_dump`, exercised by `scripts/backup-check`.
@Suite("backup and restore")
struct BackupUnderLoadTests {
    @Test("a backup taken under load restores, and verify is clean on it")
    func backupUnderLoad() async throws {
        let store = try await TestStores.make(.sqlite)
        guard let sqlite = store as? SQLiteStore else { throw StorageError.invalidConfiguration("not SQLite") }
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        _ = try await CatalogService(store: store, now: { Date() }).loadShippedIfEmpty()
        _ = try await IdentityService(store: store, now: { Date() }).seedAgencies()
        let calendar = try await CalendarService.load(store: store, now: { Date() })
        let folder = URL(fileURLWithPath: sqlite.path).deletingLastPathComponent().path

        // Small batches: many write transactions, so the backup lands between and beside them.
        let written = Atomic<Int>(0)
        let generator = SyntheticGenerator(store: store, clock: calendar.defaultClock, profile: .resolution268, scale: 0.0004, seed: 3)
        let load = Task { try await generator.run(concurrency: 4, batchSize: 25) { done, _ in written.store(done, ordering: .relaxed) } }
        while written.load(ordering: .relaxed) < 100 { try await Task.sleep(for: .milliseconds(5)) }
        let acknowledged = written.load(ordering: .relaxed)
        let backup = "\(folder)/backup/motcua-backup.sqlite"
        let summary = try SQLiteBackup.backup(from: sqlite.path, to: backup)
        let summaryOfLoad = try await load.value
        #expect(summary.pages > 0 && summary.bytes > 0)
        // A backup never overwrites.
        #expect(throws: StorageError.self) { try SQLiteBackup.backup(from: sqlite.path, to: backup) }

        let restoredPath = "\(folder)/restored/motcua.sqlite"
        _ = try SQLiteBackup.restore(from: backup, to: restoredPath)
        let restored = try SQLiteStore(path: restoredPath)
        let inBackup = try await restored.dossiers.count(provinceCode: nil)
        #expect(inBackup >= acknowledged, "every dossier acknowledged before the backup started is in it")
        #expect(inBackup <= summaryOfLoad.received + summaryOfLoad.refusedAtIntake)
        let verification = try await DossierVerification.run(restored, provinceCode: nil)
        #expect(verification.problems.isEmpty, "\(verification.problems.prefix(5))")
        #expect(verification.dossiers == inBackup)

        // Restoring over the live file, which has moved on since, brings it back to the backup's state.
        try await restored.close()
        try await store.close()
        _ = try SQLiteBackup.restore(from: backup, to: sqlite.path)
        let rewound = try SQLiteStore(path: sqlite.path)
        #expect(try await rewound.dossiers.count(provinceCode: nil) == inBackup)
        try await rewound.close()
    }

    @Test("a damaged backup is refused and the database is left as it was")
    func damagedBackup() async throws {
        let store = try await TestStores.make(.sqlite)
        guard let sqlite = store as? SQLiteStore else { throw StorageError.invalidConfiguration("not SQLite") }
        try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
        let units = try await store.geography.allUnits().count
        let folder = URL(fileURLWithPath: sqlite.path).deletingLastPathComponent().path
        let backup = "\(folder)/b.sqlite"
        _ = try SQLiteBackup.backup(from: sqlite.path, to: backup)
        // Overwrite pages in the middle of the file: the integrity check must see it.
        let handle = try #require(FileHandle(forUpdatingAtPath: backup))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 65_536))
        try handle.close()
        let target = "\(folder)/target.sqlite"
        _ = try SQLiteBackup.restore(from: sqlite.path, to: target)
        #expect(throws: StorageError.self) { try SQLiteBackup.restore(from: backup, to: target) }
        let kept = try SQLiteStore(path: target)
        #expect(try await kept.geography.allUnits().count == units)
        try await kept.close()
        try await store.close()
    }
}
