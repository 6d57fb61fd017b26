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
    /// The indexer the listener's trigger drains into, set once the simulator (which must know the
    /// listener's URL first) is running.
    final class IndexerSlot: Sendable {
        let indexer = Mutex<Indexer?>(nil)
        let runs = EventCounter()
    }

    @Test func genuineWebhookLeadsToANewVersionAndForgedOnesAreRefused() async throws {
        let embeddings = try await EmbeddingService.start()
        defer { embeddings.stop() }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("hmcp-hook-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let secret = "hook-secret-\(UUID().uuidString)"

        let slot = IndexerSlot()
        let queue = try ReembedQueue(path: data.appendingPathComponent("queue.sqlite").path)
        let trigger = DebouncedTrigger(delay: .milliseconds(300)) {
            guard let indexer = slot.indexer.withLock({ $0 }) else { return }
            _ = try? await indexer.drain()
            slot.runs.record()
        }
        let listener = WebhookListener(
            authenticator: WebhookAuthenticator(username: "halopsa", secret: secret), queue: queue, trigger: trigger,
            logger: Logger(label: "test.webhook"))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await listener.application(host: "127.0.0.1", port: 0) { continuation.yield($0) }.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let url = "http://127.0.0.1:\(try #require(await iterator.next()))/webhook"

        try await withSimulator(tickets: 150, configure: { $0.webhook = WebhookTarget(url: url, authentication: .hmac(secret: secret)) }) { sim in
            let indexer = try IndexerEndToEndTests.indexer(sim: sim, embeddings: embeddings, data: data)
            _ = try await indexer.run(.full)
            slot.indexer.withLock { $0 = indexer }
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
            #expect(slot.runs.count == 0)
            #expect(indexer.directory.currentVersionNumber() == 1)

            // A genuine change: the webhook queues the ticket, the debounced run publishes it.
            let id = try #require(try await client.ticketIDs(as: .serviceAccount).sorted().dropFirst(10).first)
            var change = TicketChanges(id: id)
            change.summary = "Webhook-driven change: SAN latency alarms on stor02.acme.local"
            _ = try await client.updateTicket(change, as: .serviceAccount)
            #expect(await slot.runs.wait(for: 1))
            let live = try #require(try indexer.directory.current())
            #expect(live.number == 2)
            #expect(try live.ticket(id: id)?.summary == change.summary)
            #expect(try live.chunks(ofTicket: id).contains { $0.chunk.text.contains("SAN latency alarms") })
            #expect(try queue.depth() == 0)
        }
    }
}
