import ArgumentParser
import HMCPIndex
import Hummingbird
import Logging
import Shared

extension HMCPIndexCommand {
    struct Webhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Listen for HaloPSA webhooks; queue the tickets they name and run the indexer once things are quiet.")

        @OptionGroup var options: CommonOptions

        func run() async throws {
            let indexer = try options.indexer()
            guard let settings = indexer.configuration.index, let secret = settings.webhookSecret else {
                fail("HMCP_WEBHOOK_SECRET: is required by hmcp-index webhook", status: ExitStatus.configuration)
            }
            var logger = Logger(label: "hmcp.webhook")
            logger.logLevel = indexer.configuration.logLevel
            let runLogger = logger
            let trigger = DebouncedTrigger(delay: .seconds(settings.webhookDebounceSeconds)) {
                do {
                    if let outcome = try await indexer.drain() { runLogger.info("\(outcome.summary)") }
                } catch {
                    runLogger.error("indexer run after webhook failed; requests stay queued", metadata: ["error": "\(error)"])
                }
            }
            // Requests left from a previous listener are processed right away.
            if try indexer.queue.depth() > 0 { await trigger.signal() }
            let listener = WebhookListener(
                authenticator: WebhookAuthenticator(username: settings.webhookUsername, secret: secret),
                queue: indexer.queue, trigger: trigger, logger: logger)
            let host = settings.webhookHost
            let port = settings.webhookPort
            let readyLogger = logger
            let idleTimeout = Duration.seconds(indexer.configuration.httpIdleTimeoutSeconds)
            try await listener.application(host: host, port: port, idleTimeout: idleTimeout) { bound in
                readyLogger.info("webhook listener ready", metadata: ["address": "\(host):\(bound)"])
            }.runService()
        }
    }
}
