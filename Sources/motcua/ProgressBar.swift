import Foundation
import Synchronization

/// A progress line on standard error: done of total, rate and time left. Redrawn at most twice a
/// second; on a terminal it overwrites itself, elsewhere it prints a line every 10 %.
final class ProgressBar: Sendable {
    let label: String
    let started = Date()
    let state = Mutex<(shown: Date, lastTenth: Int)>((.distantPast, -1))
    let terminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    let total: Int
    let advanced = Mutex(0)

    let enabled: Bool

    init(_ label: String, total: Int = 0, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Counts `count` more done of the total given at the start.
    func advance(by count: Int) {
        let done = advanced.withLock { value -> Int in
            value += count
            return value
        }
        update(done, of: total)
    }

    func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let now = Date()
        let tenth = total == 0 ? 10 : done * 10 / total
        let show = state.withLock { state -> Bool in
            let due = terminal ? now.timeIntervalSince(state.shown) >= 0.5 || done == total : tenth != state.lastTenth
            if due { state = (now, tenth) }
            return due
        }
        guard show else { return }
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30, filled = total == 0 ? width : min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\(label) [\(bar)] \(done)/\(total) \(String(format: "%.0f", rate))/s ETA \(Self.duration(left))"
        FileHandle.standardError.write(Data(((terminal ? "\r" : "") + line + (terminal && done < total ? "" : "\n")).utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%dh%02dm", total / 3600, total % 3600 / 60) : String(format: "%dm%02ds", total / 60, total % 60)
    }
}
