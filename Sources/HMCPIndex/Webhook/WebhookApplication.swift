import Hummingbird
import Logging
import Shared

extension Indexer {
    /// `hmcp-index webhook` assembled: a listener on `settings.webhookHost:webhookPort` that verifies
    /// HaloPSA's deliveries with `secret`, queues the tickets they name, and drains the queue with one
    /// indexer run once deliveries have been quiet for the debounce delay (timed by the dependencies'
    /// clock). Requests left in the queue by a previous listener start a run at once. `whenListening`
    /// is told the bound port, `afterDrain` each drain's outcome (`nil`: it failed or found the queue empty).
    /// - Throws: SQLite errors reading the queue.
    public func webhookApplication(
        settings: IndexConfiguration, secret: String, whenListening: @escaping @Sendable (Int) async -> Void = { _ in },
        afterDrain: @escaping @Sendable (IndexRunOutcome?) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        var logger = dependencies.logger
        logger[metadataKey: "component"] = "webhook"
        let runLogger = logger
        let trigger = DebouncedTrigger(delay: .seconds(settings.webhookDebounceSeconds), clock: dependencies.clock) {
            var outcome: IndexRunOutcome?
            do {
                outcome = try await drain()
                if let outcome { runLogger.info("\(outcome.summary)") }
            } catch {
                runLogger.error("indexer run after webhook failed; requests stay queued", metadata: ["error": "\(error)"])
            }
            await afterDrain(outcome)
        }
        if try queue.depth() > 0 { await trigger.signal() }
        let listener = WebhookListener(
            authenticator: WebhookAuthenticator(username: settings.webhookUsername, secret: secret), queue: queue,
            trigger: trigger, logger: logger)
        return listener.application(
            host: settings.webhookHost, port: settings.webhookPort,
            idleTimeout: .seconds(configuration.httpIdleTimeoutSeconds), onRunning: whenListening)
    }
}
