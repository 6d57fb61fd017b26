import Foundation
import Logging
import Shared
import Synchronization

/// Shows how far a run is: a bar with rate and ETA on a terminal, a structured log line every few
/// seconds otherwise (cron, systemd), and the run's ``RunProgress`` record in the index directory for
/// `hmcp-index status` and `embedding_status`.
public final class ProgressReporter: Sendable {
    private struct State {
        var stage = ""
        var total = 0
        var done = 0
        var stageStarted = ContinuousClock.now
        var lastReport = ContinuousClock.now
        var lastRecord = ContinuousClock.now
    }

    /// How often the record is rewritten while a stage advances.
    static let recordInterval = Duration.seconds(2)

    private let logger: Logger
    private let isTerminal: Bool
    private let directory: IndexDirectory?
    private let runStarted = Date()
    private let state = Mutex(State())

    /// A reporter that draws a bar only when standard error is a terminal and keeps the progress
    /// record in `directory` (when given: only the indexer holding the lock passes one).
    public init(logger: Logger, isTerminal: Bool = isatty(STDERR_FILENO) == 1, directory: IndexDirectory? = nil) {
        self.logger = logger
        self.isTerminal = isTerminal
        self.directory = directory
    }

    /// Starts `stage`, counting towards `total` items (0 for a stage that is not counted).
    public func begin(_ stage: String, total: Int = 0) {
        let snapshot = state.withLock { state in
            state = State(stage: stage, total: total)
            return state
        }
        record(snapshot)
    }

    /// Records `count` more items done.
    public func advance(by count: Int = 1) {
        let (report, record): (State?, State?) = state.withLock { state in
            state.done += count
            let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(10)
            let now = ContinuousClock.now
            var report: State?, record: State?
            if state.lastReport.duration(to: now) >= interval || state.done >= state.total {
                state.lastReport = now
                report = state
            }
            if state.lastRecord.duration(to: now) >= Self.recordInterval {
                state.lastRecord = now
                record = state
            }
            return (report, record)
        }
        if let report { self.report(report) }
        if let record { self.record(record) }
    }

    /// Ends the bar's line.
    public func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// Items per second and seconds left in the stage so far (`nil` before anything is done).
    private static func pace(_ state: State) -> (rate: Double, remaining: Double?) {
        let elapsed = max(state.stageStarted.duration(to: .now).inSeconds, 0.001)
        let rate = Double(state.done) / elapsed
        return (rate, rate > 0 ? Double(max(state.total - state.done, 0)) / rate : nil)
    }

    private func record(_ state: State) {
        guard let directory else { return }
        let progress = RunProgress(
            stage: state.stage, done: state.done, total: state.total, startedAt: runStarted,
            etaSeconds: state.total > 0 ? Self.pace(state).remaining : nil)
        do {
            try progress.write(in: directory)
        } catch {
            logger.warning("run progress could not be recorded", metadata: ["error": "\(error)"])
        }
    }

    private func report(_ state: State) {
        let (rate, remainingSeconds) = Self.pace(state)
        let remaining = remainingSeconds ?? 0
        let eta = String(format: "%d:%02d", Int(remaining) / 60, Int(remaining) % 60)
        if isTerminal {
            let fraction = state.total > 0 ? min(Double(state.done) / Double(state.total), 1) : 1
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = String(format: "\r%@ %@ %d/%d  %.1f/s  ETA %@ ", state.stage, bar, state.done, state.total, rate, eta)
            FileHandle.standardError.write(Data(line.utf8))
        } else {
            logger.info(
                "progress",
                metadata: [
                    "stage": "\(state.stage)", "done": "\(state.done)", "total": "\(state.total)",
                    "rate_per_s": "\(String(format: "%.1f", rate))", "eta": "\(eta)",
                ])
        }
    }
}
