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
            let host = settings.webhookHost
            try await indexer.webhookApplication(settings: settings, secret: secret) { [logger] bound in
                logger.info("webhook listener ready", metadata: ["address": "\(host):\(bound)"])
            }.runService()
        }
    }
}
