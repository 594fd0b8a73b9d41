import Foundation
import GRDBSQLite
import Synchronization

/// Copies the WAL back into the database file from a thread and connection of its own. SQLite's
/// automatic checkpoint runs in the committing connection right after a commit: in the group-commit
/// writer, whose time bounds how many dossiers a second can be filed, and it made the filings' slowest
/// answers (a run with no checkpoint at all filed 14–17 % more a second, p99 42 → 29 ms; BENCHMARKS.md).
/// A PASSIVE checkpoint copies what it can without waiting for the writer or the readers, so commits
/// never wait for it. The writer keeps an automatic checkpoint at a far mark (`writerMark`): a WAL starts
/// over from its beginning only when a writer finds every frame already copied, which under unbroken
/// load happens only after a checkpoint in the writer itself, now with little left to copy.
final class SQLiteCheckpointer: Sendable {
    /// How long the thread sleeps between checkpoints: about a thousand pages of WAL at full load, the
    /// size at which SQLite checkpoints by default.
    static let interval: DispatchTimeInterval = .milliseconds(50)
    /// The writer's own automatic checkpoint, in pages of WAL (64 MB).
    static let writerMark = 16_384

    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(path: String) throws {
        let handle = try SQLiteReader.open(path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)
        // The WAL is synced before a checkpoint copies it and the file after: a checkpoint never loses
        // what a commit made durable.
        sqlite3_exec(handle, "PRAGMA synchronous = FULL", nil, nil, nil)
        let connection = Connection(handle)
        let thread = Thread { [self] in run(connection) }
        thread.name = "motcua-checkpoint"
        thread.start()
    }

    private func run(_ connection: Connection) {
        while !stopped.load(ordering: .acquiring) {
            // SQLITE_BUSY (the writer's own checkpoint is running) only means: next time.
            _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            _ = wake.wait(timeout: .now() + Self.interval)
        }
        sqlite3_close_v2(connection.handle)
        finished.signal()
    }

    /// Ends the thread and closes its connection; returns once both are done. The store calls it on close
    /// and again on deinit, where it returns at once.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }
}

/// The checkpointer's connection, used by its thread alone.
private final class Connection: @unchecked Sendable {
    let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }
}
