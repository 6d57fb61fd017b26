import Foundation
import Logging
import Synchronization

/// The version the server answers from, swapped without a pause when `index/current` moves.
///
/// `run()` polls the symlink (every second by default); a new target is opened and fully validated
/// on that task, off the request path, and only then swapped in. Queries take `snapshot` once and
/// keep it: the old mapping lives until its last query ends. A new version that fails validation is
/// logged and remembered (not retried until `current` moves again) while the old one keeps serving.
public final class LiveIndex: Sendable {
    /// What is live and how the last swap attempt went.
    public struct Status: Sendable, Equatable {
        /// The live version number, if any.
        public var liveVersion: Int?
        /// The version `current` pointed at that was refused, and why.
        public var rejectedVersion: Int?
        /// The refusal's reason.
        public var rejection: String?
    }

    private struct State {
        var snapshot: SearchSnapshot?
        var seenTarget: Int?
        var status = Status()
    }

    private let directory: IndexDirectory
    private let expectation: IndexVersion.Expectation?
    private let logger: Logger
    private let state = Mutex(State())
    private let refreshing = Mutex(false)

    /// Watches `directory`; versions not built with `expectation`'s model are refused.
    public init(directory: IndexDirectory, expecting expectation: IndexVersion.Expectation?, logger: Logger) {
        self.directory = directory
        self.expectation = expectation
        self.logger = logger
    }

    /// The snapshot to answer a query from (nil until a version has been adopted).
    public var snapshot: SearchSnapshot? { state.withLock { $0.snapshot } }

    /// What is live and what was last refused.
    public var status: Status { state.withLock { $0.status } }

    /// Looks at `current` once and adopts a new target if it validates. Returns true when a new
    /// version went live. Concurrent calls do not open the same version twice.
    @discardableResult
    public func refresh() -> Bool {
        guard refreshing.withLock({ busy in
            defer { busy = true }
            return !busy
        }) else { return false }
        defer { refreshing.withLock { $0 = false } }
        let target = directory.currentVersionNumber()
        guard let target, target != state.withLock({ $0.seenTarget }) else { return false }
        do {
            let version = try IndexVersion(directory: directory.url(ofVersion: target), validation: .full, expecting: expectation)
            let snapshot = try SearchSnapshot(version: version)
            state.withLock { state in
                state.snapshot = snapshot
                state.seenTarget = target
                state.status = Status(liveVersion: target)
            }
            logger.info("index version is live", metadata: [
                "version": "\(target)", "rows": "\(version.meta.rowCount)", "tickets": "\(version.meta.ticketCount)",
                "model": "\(version.meta.modelID)",
            ])
            return true
        } catch {
            let live = state.withLock { state in
                state.seenTarget = target
                state.status.rejectedVersion = target
                state.status.rejection = "\(error)"
                return state.status.liveVersion
            }
            logger.error("index version refused; the previous one keeps serving", metadata: [
                "version": "\(target)", "error": "\(error)", "live": "\(live.map(String.init) ?? "none")",
            ])
            return false
        }
    }

    /// Polls `current` every `interval` of `clock` until the task is cancelled. Each look runs on a
    /// thread of its own (adopting a version reads and checks its whole matrix), so Swift's cooperative
    /// threads keep serving requests meanwhile.
    public func run(pollInterval interval: Duration = .seconds(1), clock: any WaitingClock = ContinuousClock()) async {
        while !Task.isCancelled {
            _ = try? await BlockingWork.run { self.refresh() }
            try? await clock.sleep(until: clock.now + interval)
        }
    }
}
