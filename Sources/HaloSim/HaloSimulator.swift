import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A running HaloPSA simulator: an HTTP server on loopback speaking Halo's auth and REST API over
/// deterministic (or fixture) data. Start one per test and stop it when done.
public final class HaloSimulator: Sendable {
    /// The bound port.
    public let port: Int
    /// `http://<host>:<port>`, the Halo base URL (API at `/api`, auth server at `/auth`).
    public let baseURL: String
    /// Agents and OAuth applications to log in with.
    public let seeded: SeededAccounts

    private let services: ServiceGroup
    private let server: Mutex<Task<Void, Never>?>
    private let webhooks: WebhookEmitter?

    private init(
        port: Int, host: String, seeded: SeededAccounts, services: ServiceGroup, server: Task<Void, Never>, webhooks: WebhookEmitter?
    ) {
        self.port = port
        baseURL = "http://\(host):\(port)"
        self.seeded = seeded
        self.services = services
        self.server = Mutex(server)
        self.webhooks = webhooks
    }

    /// Builds the data, binds the port and returns once the server accepts connections.
    public static func start(_ configuration: SimulatorConfiguration) async throws -> HaloSimulator {
        guard configuration.forbiddenTicketStatus == 403 || configuration.forbiddenTicketStatus == 404 else {
            throw SimulatorStartError("forbiddenTicketStatus must be 403 or 404, not \(configuration.forbiddenTicketStatus)")
        }
        let dataset = try configuration.fixtureFile.map(FixtureLoader.load)
            ?? Dataset.generated(seed: configuration.seed, ticketCount: configuration.ticketCount)
        let time = SimulatedTime()
        let store = HelpdeskStore(
            organisation: dataset.organisation, seed: configuration.seed, tickets: dataset.tickets, actions: dataset.actions, time: time)
        let accounts = SeededAccounts(organisation: dataset.organisation)
        let organisation = dataset.organisation
        let authorization = AuthorizationServer(
            applications: [accounts.serviceApplication, accounts.userApplication],
            accessTokenLifetime: configuration.accessTokenLifetime, agentDirectory: { organisation.agent($0) })
        let webhooks = configuration.webhook.map { WebhookEmitter(target: $0, time: time, logger: configuration.logger) }
        let services = SimulatorServices(
            store: store, time: time, authorization: authorization, accounts: accounts, stats: RequestStats(),
            faults: FaultInjector(faults: configuration.faults, seed: configuration.seed),
            rateLimiter: RateLimiter(limit: configuration.rateLimit), webhooks: webhooks, tenant: configuration.tenant,
            forbiddenStatus: configuration.forbiddenTicketStatus, quirks: configuration.quirks)

        let (bound, boundContinuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: SimulatorRouter.build(services),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "halo-sim"),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? 0)
                boundContinuation.finish()
            },
            logger: configuration.logger)
        let logger = configuration.logger
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            do {
                try await group.run()
            } catch {
                logger.error("halo-sim server stopped: \(error)")
            }
            boundContinuation.finish()
        }
        var iterator = bound.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            await webhooks?.stop()
            throw SimulatorStartError("could not listen on \(configuration.host):\(configuration.port)")
        }
        return HaloSimulator(
            port: port, host: configuration.host, seeded: accounts, services: group, server: task, webhooks: webhooks)
    }

    /// Stops the server gracefully (in-flight requests finish, idle connections close) and flushes
    /// pending webhook deliveries. Calling it again does nothing.
    public func stop() async {
        let task = server.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        guard let task else { return }
        await services.triggerGracefulShutdown()
        await task.value
        await webhooks?.stop()
    }
}

/// The simulator could not start (bad configuration, port in use, unreadable fixture).
public struct SimulatorStartError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
