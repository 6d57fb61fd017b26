import AsyncHTTPClient
import Foundation
import HaloSim
@testable import HMCPServe
import Logging
import Shared

/// A simulator and an `hmcp-serve` running on free loopback ports, with a temporary state database,
/// and an HTTP client that does not follow redirects. Always stopped by ``withLiveStack(_:body:)``.
struct LiveStack: RunningServer {
    let simulator: HaloSimulator
    let server: ServeServer
    let serverTask: Task<Void, any Error>
    let http: HTTPClient
    let directory: URL
    /// `http://127.0.0.1:<port>`.
    let baseURL: String

    /// The settings tests start from; `adjust` may change any of them.
    static func settings(halo: HaloSettings, directory: URL) -> ServerSettings {
        ServerSettings(
            publicURL: "http://127.0.0.1:0", host: "127.0.0.1", port: 0,
            stateDatabasePath: directory.appendingPathComponent("state.sqlite").path,
            encryptionKey: "test-encryption-key-with-enough-characters", halo: halo, keepAliveSeconds: 1)
    }

    /// Starts the simulator, runs `prepare` against it (e.g. to build a search index), then the server,
    /// whose caches and rate limits go by `clock`.
    static func start(
        simulator configureSimulator: (inout SimulatorConfiguration) -> Void = { _ in },
        server adjust: (inout ServerSettings) -> Void = { _ in },
        clock: any WaitingClock = ContinuousClock(),
        prepare: (HaloSimulator) async throws -> Void = { _ in }
    ) async throws -> LiveStack {
        let verbose = ProcessInfo.processInfo.environment["HMCP_TEST_LOG"] == "1"
        var logger = Logger(label: "test") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .critical
        var simulatorConfiguration = SimulatorConfiguration(logger: logger)
        simulatorConfiguration.ticketCount = 40
        configureSimulator(&simulatorConfiguration)
        let simulator = try await HaloSimulator.start(simulatorConfiguration)
        do {
            try await prepare(simulator)
        } catch {
            await simulator.stop()
            throw error
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-serve-\(UUID().uuidString)")
        let halo = HaloSettings(
            baseURL: simulator.baseURL, userClientID: SeededAccounts.Credentials.userClientID, requestTimeout: 10, maxRetries: 0)
        var settings = settings(halo: halo, directory: directory)
        adjust(&settings)
        let server = try ServeServer(settings: settings, clock: clock, logger: logger)
        let task = Task { try await server.run(handlesSignals: false) }
        guard let port = await server.waitUntilRunning() else {
            await simulator.stop()
            throw StackError("hmcp-serve did not start")
        }
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        return LiveStack(
            simulator: simulator, server: server, serverTask: task, http: http, directory: directory,
            baseURL: "http://127.0.0.1:\(port)")
    }

    func stop() async {
        await server.shutdown()
        _ = await serverTask.result
        try? await http.shutdown()
        await simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` against a fresh stack and stops the stack whatever happens.
func withLiveStack(
    simulator: (inout SimulatorConfiguration) -> Void = { _ in }, server: (inout ServerSettings) -> Void = { _ in },
    clock: any WaitingClock = ContinuousClock(), prepare: (HaloSimulator) async throws -> Void = { _ in },
    _ body: (LiveStack) async throws -> Void
) async throws {
    let stack = try await LiveStack.start(simulator: simulator, server: server, clock: clock, prepare: prepare)
    do {
        try await body(stack)
    } catch {
        await stack.stop()
        throw error
    }
    await stack.stop()
}

struct StackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
