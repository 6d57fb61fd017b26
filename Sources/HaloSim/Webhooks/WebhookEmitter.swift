import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import Synchronization

/// Delivers ticket events to the configured receiver: JSON POSTs in the order the changes happened,
/// authenticated with Basic auth or an HMAC `Token` header, retried with backoff, off the request path
/// (enqueueing never waits for the network).
final class WebhookEmitter: Sendable {
    private let target: WebhookTarget
    private let time: SimulatedTime
    private let logger: Logger
    private let webhookID = UUID().uuidString.lowercased()
    private let continuation: AsyncStream<String>.Continuation
    private let worker: Mutex<Task<Void, Never>?>
    private let counter = Mutex(0)

    /// Starts the delivery worker for `target`, stamping events by `time`.
    init(target: WebhookTarget, time: SimulatedTime, logger: Logger) {
        self.target = target
        self.time = time
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        self.continuation = continuation
        worker = Mutex(nil)
        let delivery = Delivery(target: target, logger: logger)
        worker.withLock {
            $0 = Task {
                for await body in stream { await delivery.send(body) }
            }
        }
    }

    /// Queues one event; `ticket` is the ticket object to embed under the key `ticket`, beside Halo's
    /// delivery fields (`event`, `object_id`, `timestamp`, …) and the action, if any, under `action`.
    func enqueue(_ event: ChangeEvent, ticket: JSONValue) {
        let notification = counter.withLock { value -> Int in
            value += 1
            return value
        }
        var payload: JSONValue = [
            "id": .string(UUID().uuidString.lowercased()), "webhook_id": .string(webhookID),
            "notification_id": .int(notification), "escmsg_id": .string(UUID().uuidString.lowercased()),
            "event": .string(event.name),
            "message": .string("Ticket \(String(format4: event.ticket.id)) - \(event.name)"),
            "object_id": .int(event.ticket.id), "agent_id": .int(event.agentID),
            "timestamp": .string(HaloDate.formatPrecise(time.seconds)), "ticket": ticket,
        ]
        if let action = event.action { payload = payload.setting("action", ActionRepresentation.json(action)) }
        continuation.yield(payload.serialized())
    }

    /// Delivers what is queued (bounded by the retry policy), then stops the worker.
    func stop() async {
        continuation.finish()
        let task = worker.withLock { $0 }
        await task?.value
    }
}

/// One receiver's delivery policy.
private struct Delivery: Sendable {
    let target: WebhookTarget
    let logger: Logger

    func send(_ body: String) async {
        for attempt in 1...max(1, target.attempts) {
            do {
                var request = HTTPClientRequest(url: target.url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "HaloPSA-Webhook (halo-sim)")
                switch target.authentication {
                case .none: break
                case .basic(let user, let password):
                    request.headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
                case .hmac(let secret):
                    let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
                    request.headers.add(name: "Token", value: Data(mac).base64EncodedString())
                }
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                _ = try await response.body.collect(upTo: 1 << 20)
                if (200..<300).contains(response.status.code) { return }
                logger.info("webhook receiver answered \(response.status.code)", metadata: ["attempt": "\(attempt)"])
            } catch {
                logger.info("webhook delivery failed", metadata: ["attempt": "\(attempt)", "error": "\(type(of: error))"])
            }
            if attempt < target.attempts { try? await Task.sleep(for: .milliseconds(200 << (attempt - 1))) }
        }
        logger.warning("webhook delivery dropped after \(target.attempts) attempts")
    }
}
