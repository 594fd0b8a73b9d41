import AppCore
import Foundation
import Storage

/// The demo accounts of `motcua serve --demo`: one per role, in Phường Ba Đình (00004) and Hà Nội (01),
/// all with the password below. Announced loudly, so nobody mistakes a demo server for a real one.
enum DemoAccounts {
    static let password = "Demo-MotCua-2026!"

    static let accounts: [(username: String, role: String, unit: String)] = [
        ("demo.receptionist", "receptionist", "00004"), ("demo.specialist", "specialist", "00004"),
        ("demo.approver", "approver", "00004"), ("demo.unitadmin", "unitAdmin", "00004"),
        ("demo.inspector", "inspector", "00004"), ("demo.provinceadmin", "provinceAdmin", "01"),
        ("demo.monitor", "nationalMonitor", "01"), ("demo.sysadmin", "sysadmin", "01"),
        ("demo.province.specialist", "specialist", "01"), ("demo.province.approver", "approver", "01"),
    ]

    static func create(_ identity: IdentityService) async throws {
        var created: [String] = []
        for account in accounts {
            if try await identity.store.identity.user(username: account.username) != nil { continue }
            do {
                _ = try await identity.addUser(.init(
                    username: account.username, fullName: "Tài khoản thử \(account.role)", password: password,
                    roles: [account.role], unitCode: account.unit
                ), by: nil)
            } catch {
                throw CommandFailure(error)
            }
            created.append(account.username)
        }
        let banner = String(repeating: "!", count: 78)
        FileHandle.standardError.write(Data("""
            \(banner)
            DEMO MODE: demo accounts exist on this database (password "\(password)"):
            \(accounts.map { "  \($0.username) (\($0.role), unit \($0.unit))" }.joined(separator: "\n"))
            \(created.isEmpty ? "(already present)" : "created now: \(created.joined(separator: ", "))")
            Never run --demo against a real database.
            \(banner)

            """.utf8))
    }
}
