import Foundation
import HMCPIndex
import HMCPTesting
import HaloSim
import Logging
import Shared
import Synchronization
import Testing

/// HaloPSA's webhooks (sent by the simulator) reach the listener: forged ones are refused and queue
/// nothing; genuine ones lead to a new index version holding the change.
@Suite("Webhook end to end", .timeLimit(.minutes(5)))
struct WebhookEndToEndTests {
    @Test func genuineWebhookLeadsToANewVersionAndForgedOnesAreRefused() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-hook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let secret = "hook-secret-\(UUID().uuidString)"

        let port = try LoopbackPort.free()
        let url = "http://127.0.0.1:\(port)/webhook"
        try await withSimulator(tickets: 150, configure: { $0.webhook = WebhookTarget(url: url, authentication: .hmac(secret: secret)) }) { sim in
            let indexer = try IndexerEndToEndTests.indexer(
                sim: sim, embeddings: embeddings, data: data,
                adding: ["HMCP_WEBHOOK_SECRET": secret, "HMCP_WEBHOOK_PORT": "\(port)", "HMCP_WEBHOOK_DEBOUNCE": "1"])
            _ = try await indexer.run(.full)
            let settings = try #require(indexer.configuration.index)
            let runs = EventCounter()
            let (ports, listening) = AsyncStream.makeStream(of: Int.self)
            let application = try await indexer.webhookApplication(
                settings: settings, secret: secret, whenListening: { listening.yield($0) }, afterDrain: { _ in runs.record() })
            let server = Task { try await application.run() }
            defer { server.cancel() }
            var iterator = ports.makeAsyncIterator()
            _ = await iterator.next()
            let queue = indexer.queue
            let client = sim.client()

            // A HaloPSA that signs with another secret: refused, nothing queued, nothing run.
            try await withSimulator(tickets: 20, configure: { $0.webhook = WebhookTarget(url: url, authentication: .hmac(secret: "not-the-secret")) }) { forger in
                let forged = try #require(try await forger.client().ticketIDs(as: .serviceAccount).first)
                var change = TicketChanges(id: forged)
                change.summary = "forged change"
                _ = try await forger.client().updateTicket(change, as: .serviceAccount)
            }
            // The forger has stopped, and a simulator delivers (or gives up on) every webhook before it stops.
            #expect(try queue.depth() == 0)
            #expect(runs.count == 0)
            #expect(indexer.directory.currentVersionNumber() == 1)

            // A genuine change: the webhook queues the ticket, the debounced run publishes it.
            let id = try #require(try await client.ticketIDs(as: .serviceAccount).sorted().dropFirst(10).first)
            var change = TicketChanges(id: id)
            change.summary = "Webhook-driven change: SAN latency alarms on stor02.acme.local"
            _ = try await client.updateTicket(change, as: .serviceAccount)
            #expect(await runs.wait(for: 1))
            let live = try #require(try indexer.directory.current())
            #expect(live.number == 2)
            #expect(try live.ticket(id: id)?.summary == change.summary)
            #expect(try live.chunks(ofTicket: id).contains { $0.chunk.text.contains("SAN latency alarms") })
            #expect(try queue.depth() == 0)
        }
    }
}
