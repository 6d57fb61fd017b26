import Foundation
import Logging
import Synchronization

/// Shows how far a run is: a bar with rate and ETA on a terminal, a structured log line every few
/// seconds otherwise (cron, systemd).
public final class ProgressReporter: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var started = ContinuousClock.now
        var lastReport = ContinuousClock.now
    }

    private let label: String
    private let logger: Logger
    private let isTerminal: Bool
    private let state = Mutex(State())

    /// A reporter for `label`; it draws a bar only when standard error is a terminal.
    public init(label: String, logger: Logger, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.logger = logger
        self.isTerminal = isTerminal
    }

    /// Starts counting towards `total` items.
    public func start(total: Int) {
        state.withLock { $0 = State(total: total) }
    }

    /// Records `count` more items done.
    public func advance(by count: Int = 1) {
        let snapshot: State? = state.withLock { state in
            state.done += count
            let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(10)
            guard state.lastReport.duration(to: .now) >= interval || state.done >= state.total else { return nil }
            state.lastReport = .now
            return state
        }
        if let snapshot { report(snapshot) }
    }

    /// Ends the bar's line.
    public func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func report(_ state: State) {
        let elapsed = max(state.started.duration(to: .now).inSeconds, 0.001)
        let rate = Double(state.done) / elapsed
        let remaining = rate > 0 ? Double(max(state.total - state.done, 0)) / rate : 0
        let eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        if isTerminal {
            let fraction = state.total > 0 ? min(Double(state.done) / Double(state.total), 1) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = String(format: "\r%@ %@ %d/%d  %.1f/s  ETA %@ ", label, bar, state.done, state.total, rate, eta)
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            logger.info(
                "progress",
                metadata: [
                    "stage": "\(label)", "done": "\(state.done)", "total": "\(state.total)",
                    "rate_per_s": "\(String(format: "%.1f", rate))", "eta": "\(eta)",
                ])
        }
    }
}
