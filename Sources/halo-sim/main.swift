import ArgumentParser
import Dispatch
import Foundation
import HaloSim
import Logging

/// `halo-sim`: runs the HaloPSA simulator until SIGTERM or SIGINT.
@main
struct HaloSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "halo-sim",
        abstract: "A HaloPSA simulator: Halo's OAuth server and REST API over deterministic helpdesk data.",
        discussion: "Prints 'halo-sim listening on http://HOST:PORT' on standard output once ready (logs go to standard error). Test control endpoints live under /_sim/.")

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free port).") var port = 0
    @Option(help: "Seed of the data generator.") var seed: UInt64 = 42
    @Option(name: .customLong("tickets"), help: "Number of generated tickets.") var ticketCount = 2000
    @Option(name: .customLong("fixture"), help: "Serve this JSON file (Halo shapes) instead of generated data.") var fixtureFile: String?
    @Option(help: "Hosted mode: require ?tenant=NAME on /auth/token and /auth/authorize.") var tenant: String?
    @Option(name: .customLong("forbidden-status"), help: "Status for a ticket the agent may not see: 403 or 404.") var forbiddenStatus = 403
    @Option(name: .customLong("rate-limit"), help: "Requests allowed per rolling window (off when absent).") var rateLimit: Int?
    @Option(name: .customLong("rate-window"), help: "Rolling window length in seconds.") var rateWindow = 300
    @Flag(name: .customLong("no-retry-after"), help: "Leave Retry-After off 429 answers.") var noRetryAfter = false
    @Option(name: .customLong("webhook-url"), help: "POST ticket events to this URL.") var webhookURL: String?
    @Option(name: .customLong("webhook-basic"), help: "Webhook Basic authentication as user:password.") var webhookBasic: String?
    @Option(name: .customLong("webhook-hmac"), help: "Webhook HMAC secret (Token header).") var webhookHMAC: String?
    @Option(name: .customLong("token-lifetime"), help: "Access token lifetime in seconds.") var tokenLifetime = 3600
    @Option(name: .customLong("error-rate"), help: "Fault: probability (0-1) of a 500 answer.") var errorRate = 0.0
    @Option(name: .customLong("burst-429"), help: "Fault: answer the next N API requests with 429.") var burst429 = 0
    @Option(name: .customLong("throttle-rate"), help: "Fault: probability (0-1) of a 429 answer.") var throttleRate = 0.0
    @Option(name: .customLong("latency-ms"), help: "Fault: milliseconds added to every API answer.") var latencyMs = 0
    @Option(name: .customLong("drop-rate"), help: "Fault: probability (0-1) of dropping the connection.") var dropRate = 0.0
    @Option(name: .customLong("retry-after"), help: "Fault: Retry-After header on injected 429s, verbatim (e.g. 5).") var retryAfter: String?
    @Option(name: .customLong("action-list-cap"), help: "Rows GET /api/Actions returns without count (0: no cap).")
    var actionListCap = Quirks.haloActionListCap
    @Option(name: .customLong("action-count-ceiling"), help: "Most rows GET /api/Actions returns even with a larger count.")
    var actionCountCeiling: Int?
    @Flag(name: .customLong("actions-leave-ticket-unchanged"), help: "Record an action's status change or workflow move without applying it to the ticket.")
    var actionsLeaveTicketUnchanged = false
    @Flag(name: .customLong("ignore-ticketids"), help: "Answer GET /api/Tickets as if its ticketids filter were absent.")
    var ignoreTicketIDs = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel = "info"

    func validate() throws {
        guard forbiddenStatus == 403 || forbiddenStatus == 404 else { throw ValidationError("--forbidden-status must be 403 or 404") }
        guard webhookBasic == nil || webhookHMAC == nil else { throw ValidationError("use --webhook-basic or --webhook-hmac, not both") }
        guard webhookBasic?.contains(":") ?? true else { throw ValidationError("--webhook-basic must be user:password") }
        guard actionListCap >= 0, (actionCountCeiling ?? 0) >= 0 else { throw ValidationError("--action-list-cap and --action-count-ceiling must not be negative") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "halo-sim")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = SimulatorConfiguration(logger: logger)
        configuration.host = host
        configuration.port = port
        configuration.seed = seed
        configuration.ticketCount = ticketCount
        configuration.fixtureFile = fixtureFile
        configuration.tenant = tenant
        configuration.forbiddenTicketStatus = forbiddenStatus
        configuration.rateLimit = rateLimit.map { RateLimit(requests: $0, windowSeconds: rateWindow, sendsRetryAfter: !noRetryAfter) }
        configuration.accessTokenLifetime = tokenLifetime
        configuration.faults = Faults(
            errorRate: errorRate, burst429: burst429, throttleRate: throttleRate, addedLatencyMs: latencyMs, dropRate: dropRate, retryAfter: retryAfter)
        configuration.quirks = Quirks(
            actionListCap: actionListCap == 0 ? nil : actionListCap, actionCountCeiling: actionCountCeiling,
            actionsChangeTicket: !actionsLeaveTicketUnchanged, ignoresTicketIDs: ignoreTicketIDs)
        if let webhookURL {
            let authentication: WebhookTarget.Authentication
            if let basic = webhookBasic, let colon = basic.firstIndex(of: ":") {
                authentication = .basic(user: String(basic[..<colon]), password: String(basic[basic.index(after: colon)...]))
            } else if let secret = webhookHMAC {
                authentication = .hmac(secret: secret)
            } else {
                authentication = .none
            }
            configuration.webhook = WebhookTarget(url: webhookURL, authentication: authentication)
        }

        let simulator = try await HaloSimulator.start(configuration)
        FileHandle.standardOutput.write(Data("halo-sim listening on \(simulator.baseURL)\n".utf8))
        await Self.waitForTermination()
        await simulator.stop()
    }

    /// Returns once SIGTERM or SIGINT arrives.
    private static func waitForTermination() async {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}
