import AppCore
import Domain
import Foundation
import Logging
import Registries
import Storage
import StorageTesting
import Synchronization
import Testing

/// The worker's window: a register call that hangs holds one slot, not the messages leased with it.
struct OutboxWorkerTests {
    @Test(arguments: TestStores.engines)
    func aHangingCallDoesNotHoldBackTheOthers(_ engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let notifier = GatedNotifier(hangingFor: "0900000000")
        var targets = RegistryTargets.unconfigured
        targets.notifier = notifier
        // Six dossiers, one message each (no order between them); the first goes to the number that hangs.
        let recipients = ["0900000000"] + (1...5).map { "09000000\(String(format: "%02d", $0))" }
        let messages = recipients.enumerated().map { index, phone in
            let code = "000.00.00.H01-250701-\(String(format: "%04d", index + 1))"
            return OutboxMessage(
                system: .notification, provinceCode: "01", unitCode: "00004", dossierCode: code, eventSequence: 1,
                key: OutboxMessage.key(.notification, dossierCode: code, eventSequence: 1),
                payload: .notice(Notice(medium: .sms, to: phone, template: .received, dossierCode: code, subject: "", text: "Hồ sơ \(code)"))
            )
        }
        try await store.outbox.enqueue(messages, at: Int(Date().timeIntervalSince1970 * 1000))
        var settings = OutboxWorker.Settings()
        settings.batch = 2
        let worker = OutboxWorker(store: store, targets: targets, settings: settings, logger: Logger(label: "outbox"))
        let working = Task { try await worker.work() }

        // Leased two at a time, the five others go out while the first call hangs.
        var delivered: [OutboxRow] = []
        for _ in 0..<600 where delivered.count < 5 {
            try await Task.sleep(for: .milliseconds(50))
            delivered = try await store.outbox.list(state: .delivered, system: .notification, dossierCode: nil, afterID: nil, limit: 10)
        }
        #expect(delivered.count == 5, "delivered while one call hangs: \(delivered.count)")
        #expect(Set(delivered.map { $0.message.dossierCode }) == Set(messages.dropFirst().map(\.dossierCode)))
        #expect(notifier.sent.sorted() == recipients.dropFirst().sorted())

        notifier.release()
        #expect(try await working.value == 6, "one lease after another, every row taken once")
        let all = try await store.outbox.list(state: .delivered, system: .notification, dossierCode: nil, afterID: nil, limit: 10)
        #expect(all.count == 6)
        try await store.close()
    }
}

/// While a system's circuit breaker is open, its messages wait for it without being sent or spending an
/// attempt, and go out once it lets calls through.
struct OutboxCircuitTests {
    @Test(arguments: TestStores.engines)
    func messagesOfABlockedSystemWaitForTheBreaker(_ engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let messages = (1...5).map(OutboxMessage.sms)
        try await store.outbox.enqueue(messages, at: Int(Date().timeIntervalSince1970 * 1000))
        let notifier = GatedNotifier(hangingFor: "none")
        // Blocked for an hour: nothing in this test waits for it, however slow the machine.
        let blocked = Mutex<Double?>(Date().timeIntervalSince1970 + 3600)
        var targets = RegistryTargets.unconfigured
        targets.notifier = notifier
        targets.blockedUntil = { system in system == .notification ? blocked.withLock { $0 } : nil }
        let worker = OutboxWorker(store: store, targets: targets, settings: OutboxWorker.Settings(), logger: Logger(label: "outbox"))

        #expect(try await worker.work() == 5, "all five leased")
        #expect(notifier.sent.isEmpty, "nothing sent while the breaker is open")
        let waiting = try await store.outbox.list(state: .pending, system: .notification, dossierCode: nil, afterID: nil, limit: 10)
        let until = try #require(blocked.withLock { $0 })
        #expect(waiting.map(\.attempts) == [0, 0, 0, 0, 0], "no attempt spent")
        #expect(Set(waiting.map(\.nextAttemptAt)) == [Int(until * 1000)], "each waits until the breaker lets a call through")
        #expect(try await worker.work() == 0, "not due again before then")

        // The breaker's time has come (the rows made due by hand): they go out, with one attempt each.
        blocked.withLock { $0 = nil }
        let now = Int(Date().timeIntervalSince1970 * 1000)
        let due = try await store.outbox.lease(owner: "test", now: now + 3_700_000, leaseMillis: 1, limit: 10)
        try await store.outbox.postpone(ids: due.map(\.id), owner: "test", until: now)
        #expect(try await worker.work() == 5)
        #expect(notifier.sent.sorted() == messages.map { if case .notice(let notice) = $0.payload { notice.to } else { "" } })
        let sent = try await store.outbox.list(state: .delivered, system: .notification, dossierCode: nil, afterID: nil, limit: 10)
        #expect(sent.map(\.attempts) == [1, 1, 1, 1, 1])
        try await store.close()
    }
}

/// After a crash, the only worker a store can have frees the dead process's leases at once.
struct OutboxLeaseReleaseTests {
    @Test(arguments: TestStores.engines)
    func leasesOfADeadProcessAreFreedAtStart(_ engine: TestStores.Engine) async throws {
        let store = try await TestStores.make(engine)
        let messages = (1...3).map(OutboxMessage.sms)
        let now = Int(Date().timeIntervalSince1970 * 1000)
        try await store.outbox.enqueue(messages, at: now)
        // A process leased them for an hour (longer than any run of this test) and died.
        #expect(try await store.outbox.lease(owner: "dead", now: now, leaseMillis: 3_600_000, limit: 10).count == 3)
        let notifier = GatedNotifier(hangingFor: "none")
        var targets = RegistryTargets.unconfigured
        targets.notifier = notifier
        let worker = OutboxWorker(store: store, targets: targets, settings: OutboxWorker.Settings(), logger: Logger(label: "outbox"))
        #expect(try await worker.work() == 0, "held by the dead process's leases")

        // A worker that is not the only one leaves them alone; the sole worker frees them as it starts.
        var sole = OutboxWorker.Settings()
        sole.soleWorker = true
        sole.idleSeconds = 0.05
        let running = Task { try await OutboxWorker(store: store, targets: targets, settings: sole, logger: Logger(label: "outbox")).run() }
        var delivered: [OutboxRow] = []
        for _ in 0..<600 where delivered.count < 3 {
            try await Task.sleep(for: .milliseconds(50))
            delivered = try await store.outbox.list(state: .delivered, system: .notification, dossierCode: nil, afterID: nil, limit: 10)
        }
        running.cancel()
        _ = try? await running.value
        #expect(delivered.count == 3, "delivered by the sole worker: \(delivered.count)")
        #expect(notifier.sent.sorted() == ["0900000001", "0900000002", "0900000003"])
        #expect(try await store.outbox.releaseLeases() == 0, "delivered rows are not pending")
        try await store.close()
    }
}

extension OutboxMessage {
    /// The receipt SMS of dossier number `index` of a day, to the phone ending in that number.
    static func sms(_ index: Int) -> OutboxMessage {
        let code = "000.00.00.H01-250701-\(String(format: "%04d", index))"
        return OutboxMessage(
            system: .notification, provinceCode: "01", unitCode: "00004", dossierCode: code, eventSequence: 1,
            key: OutboxMessage.key(.notification, dossierCode: code, eventSequence: 1),
            payload: .notice(Notice(medium: .sms, to: "090000000\(index)", template: .received, dossierCode: code, subject: "", text: code))
        )
    }
}

/// A notifier whose calls to one number wait until released; the others are sent at once.
final class GatedNotifier: Notifier {
    let hanging: String
    private let state = Mutex<(sent: [String], released: Bool, waiting: [CheckedContinuation<Void, Never>])>(([], false, []))

    init(hangingFor phone: String) {
        hanging = phone
    }

    var sent: [String] { state.withLock { $0.sent } }

    func send(_ notification: Notice, key: String) async throws(RegistryError) {
        if notification.to == hanging {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.released { return true }
                    state.waiting.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }
        state.withLock { $0.sent.append(notification.to) }
    }

    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
