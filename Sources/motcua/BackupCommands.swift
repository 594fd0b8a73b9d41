import ArgumentParser
import Foundation
import Storage
import StoragePostgres
import StorageSQLite

/// `motcua backup --out FILE`: a consistent copy while the server keeps serving. SQLite through its
/// online backup API (plus the documents folder); PostgreSQL through `pg_dump --format=custom`.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database while it is served (SQLite: online backup + documents; PostgreSQL: pg_dump)."
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to write (it must not exist; SQLite documents go to FILE.documents).") var out: String

    func run() async throws {
        let started = Date()
        if let path = database.sqlitePath {
            do {
                let summary = try SQLiteBackup.backup(from: path, to: out)
                print("backed up \(path) to \(out): \(summary.pages) pages, \(summary.bytes) bytes, \(summary.documents) documents, "
                    + "integrity ok, \(Self.seconds(since: started))")
            } catch {
                throw CommandFailure("backup failed: \(error)")
            }
        } else {
            guard !FileManager.default.fileExists(atPath: out) else { throw CommandFailure("\(out) exists already; a backup never overwrites a file") }
            try PostgresTools.run("pg_dump", ["--format=custom", "--no-owner", "--file=\(out)"], url: database.resolved)
            print("backed up \(try PostgresURL(database.resolved).description) to \(out) with pg_dump, \(Self.seconds(since: started))")
        }
    }

    static func seconds(since start: Date) -> String { String(format: "%.1f s", Date().timeIntervalSince(start)) }
}

/// `motcua restore --from FILE`: puts a backup in place of the database. Refused while a server holds
/// the SQLite file; a PostgreSQL restore replaces MotCua's tables in the target database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup made by `motcua backup` (run `motcua verify` on it afterwards)."
    )
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file.") var from: String
    @Flag(help: "Replace a database that already holds data.") var force = false

    func run() async throws {
        let started = Date()
        if let path = database.sqlitePath {
            let lock = try Serve.lock(path)
            if !force, FileManager.default.fileExists(atPath: path) {
                throw CommandFailure("\(path) exists; give --force to replace it with the backup")
            }
            do {
                let summary = try SQLiteBackup.restore(from: from, to: path)
                print("restored \(from) to \(path): \(summary.pages) pages, \(summary.documents) documents added, integrity ok, "
                    + BackupCommand.seconds(since: started))
            } catch {
                throw CommandFailure("restore failed: \(error)")
            }
            withExtendedLifetime(lock) {}
        } else {
            guard FileManager.default.fileExists(atPath: from) else { throw CommandFailure("no backup at \(from)") }
            var arguments = ["--no-owner", "--single-transaction", "--exit-on-error"]
            if force { arguments += ["--clean", "--if-exists"] }
            try PostgresTools.run("pg_restore", arguments + [from], url: database.resolved)
            print("restored \(from) into \(try PostgresURL(database.resolved).description) with pg_restore, "
                + BackupCommand.seconds(since: started))
        }
    }
}

/// PostgreSQL's own client programs, given the connection through libpq's environment so that the
/// password never appears in a process list.
enum PostgresTools {
    static func run(_ tool: String, _ arguments: [String], url: String) throws {
        let target = try PostgresURL(url)
        guard let executable = locate(tool) else {
            throw CommandFailure("\(tool) not found: install PostgreSQL's client programs (apt-get install postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--dbname=\(target.database)"]
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = target.socketDirectory ?? target.host
        environment["PGPORT"] = String(target.port)
        environment["PGUSER"] = target.user
        environment["PGSSLMODE"] = target.requireTLS ? "require" : "prefer"
        if let password = target.password { environment["PGPASSWORD"] = password }
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CommandFailure("\(tool) failed (exit \(process.terminationStatus))") }
    }

    /// On PATH, else the newest of Debian's versioned folders.
    static func locate(_ tool: String) -> String? {
        let manager = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where manager.isExecutableFile(atPath: "\(folder)/\(tool)") {
            return "\(folder)/\(tool)"
        }
        let versions = (try? manager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.reversed()
            .map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
            .first { manager.isExecutableFile(atPath: $0) }
    }
}
