import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Shared

/// `hmcp-index webhook`: receives HaloPSA's webhooks, verifies them, enqueues the tickets they name and
/// signals the trigger that starts a (debounced) incremental run.
public struct WebhookListener: Sendable {
    private let authenticator: WebhookAuthenticator
    private let queue: ReembedQueue
    private let trigger: DebouncedTrigger
    private let logger: Logger

    /// Largest delivery accepted ("full object" payloads of a ticket with its actions fit easily).
    public static let maxBodyBytes = 4 * 1024 * 1024

    private static let tokenHeader = HTTPField.Name("Token")!

    /// A listener enqueueing into `queue` and signalling `trigger`.
    public init(authenticator: WebhookAuthenticator, queue: ReembedQueue, trigger: DebouncedTrigger, logger: Logger) {
        self.authenticator = authenticator
        self.queue = queue
        self.trigger = trigger
        self.logger = logger
    }

    /// The routes: `POST /webhook` (HaloPSA's deliveries) and `GET /health`.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("health") { _, _ in "ok" }
        router.post("webhook") { request, context in
            try await receive(request, context: context)
        }
        return router
    }

    /// The listener as a Hummingbird application on `host:port` (port 0 picks a free one) that closes
    /// connections idle for `idleTimeout`; `onRunning` receives the bound port.
    public func application(
        host: String, port: Int, idleTimeout: Duration = .seconds(60), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .milliseconds(idleTimeout.milliseconds))),
            configuration: .init(address: .hostname(host, port: port), serverName: "hmcp-webhook"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    private func receive(_ request: Request, context _: BasicRequestContext) async throws -> Response {
        let buffer = try await request.body.collect(upTo: Self.maxBodyBytes)
        let body = Array(buffer.readableBytesView)
        guard
            authenticator.isAuthentic(
                authorization: request.headers[.authorization], token: request.headers[Self.tokenHeader], body: body)
        else {
            logger.warning("webhook refused: bad credentials")
            return Self.json(.unauthorized, #"{"error":"invalid webhook credentials"}"#)
        }
        guard let ids = WebhookPayload.ticketIDs(in: Data(body)) else {
            return Self.json(.badRequest, #"{"error":"the body is not JSON"}"#)
        }
        var added = 0
        for id in ids where try queue.enqueue(.ticket(id), source: "webhook") {
            added += 1
        }
        logger.info("webhook received", metadata: ["tickets": "\(ids)", "newly_queued": "\(added)"])
        if !ids.isEmpty { await trigger.signal() }
        return Self.json(.accepted, #"{"queued":\#(ids.count)}"#)
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
