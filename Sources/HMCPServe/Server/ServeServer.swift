import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle
import Shared
import Synchronization

/// `hmcp-serve` running: opens the state store and checks the encryption keys, makes the production
/// ``ServeDependencies``, builds the server with ``buildApplication(settings:dependencies:whenListening:)``
/// and runs it under one service group that shuts down gracefully (sessions and their streams are
/// closed first, then the HTTP server finishes the requests in flight).
public final class ServeServer: Sendable {
    /// The settings the server runs with.
    public let settings: ServerSettings
    /// The state store (`state.sqlite`).
    public let store: any StateStore
    private let sealer: TokenSealer
    private let httpClient: HTTPClient
    private let clock: any WaitingClock
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)
    private let running: AsyncStream<Int>
    private let runningContinuation: AsyncStream<Int>.Continuation

    /// Opens the state store and checks the encryption keys; `clock` tells every time the server keeps.
    /// - Throws: ``SealingError/keyTooShort(variable:)`` for a short key; SQLite errors for the store.
    public init(
        settings: ServerSettings, httpClient: HTTPClient = .shared, clock: any WaitingClock = ContinuousClock(), logger: Logger
    ) throws {
        self.settings = settings
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
        _ = MetricsBackend.registry
        sealer = try TokenSealer(key: settings.encryptionKey, previousKey: settings.previousEncryptionKey)
        store = try SQLiteStateStore(path: settings.stateDatabasePath)
        (running, runningContinuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Runs until ``shutdown()`` is called or, when `handlesSignals`, SIGTERM or SIGINT arrives.
    public func run(handlesSignals: Bool = true) async throws {
        defer { runningContinuation.finish() }
        let dependencies = try await ServeDependencies.live(
            settings: settings, store: store, sealer: sealer, httpClient: httpClient, clock: clock, logger: logger)
        let server = buildApplication(settings: settings, dependencies: dependencies) { [runningContinuation] port in
            runningContinuation.yield(port)
        }
        // A service group stops its services last to first: the sessions close before the HTTP server drains.
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: [server.application] + server.housekeeping,
                gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [], logger: logger))
        group.withLock { $0 = serviceGroup }
        try await serviceGroup.run()
    }

    /// The bound port, once the server listens.
    public func waitUntilRunning() async -> Int? {
        for await port in running { return port }
        return nil
    }

    /// Starts a graceful shutdown (as SIGTERM would).
    public func shutdown() async {
        let serviceGroup = group.withLock { $0 }
        await serviceGroup?.triggerGracefulShutdown()
    }
}
