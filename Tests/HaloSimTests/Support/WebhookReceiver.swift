import Foundation
import Hummingbird
import Logging
import Synchronization

/// A loopback HTTP endpoint that records the webhook deliveries it receives; it can refuse the first
/// few with 500 to exercise retries.
final class WebhookReceiver: Sendable {
    /// One received POST.
    struct Delivery: Sendable {
        let headers: HTTPFields
        let body: String
        let status: Int

        /// The body as a JSON object.
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// What arrived, and how many deliveries are still to be refused.
    private final class Log: Sendable {
        let deliveries = Mutex<[Delivery]>([])
        let failuresLeft: Mutex<Int>
        /// The number of successful deliveries, each time one arrives.
        let successCounts: AsyncStream<Int>
        let successCountsContinuation: AsyncStream<Int>.Continuation

        init(failures: Int) {
            failuresLeft = Mutex(failures)
            (successCounts, successCountsContinuation) = AsyncStream.makeStream()
        }
    }

    let port: Int
    private let log: Log
    private let task: Task<Void, Never>

    private init(port: Int, log: Log, task: Task<Void, Never>) {
        self.port = port
        self.log = log
        self.task = task
    }

    /// Starts a receiver answering 500 to the first `failures` deliveries.
    static func start(failures: Int = 0) async throws -> WebhookReceiver {
        let log = Log(failures: failures)
        let router = Router()
        router.post("hook") { request, _ in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            let fail = log.failuresLeft.withLock { count -> Bool in
                defer { count = max(0, count - 1) }
                return count > 0
            }
            let successes = log.deliveries.withLock { deliveries in
                deliveries.append(Delivery(headers: request.headers, body: body, status: fail ? 500 : 200))
                return deliveries.filter { $0.status == 200 }.count
            }
            if !fail { log.successCountsContinuation.yield(successes) }
            return Response(status: fail ? .internalServerError : .ok)
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let task = Task {
            try? await application.run()
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw HarnessError("webhook receiver did not start")
        }
        return WebhookReceiver(port: port, log: log, task: task)
    }

    /// The URL deliveries go to.
    var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Deliveries so far.
    var deliveries: [Delivery] { log.deliveries.withLock { $0 } }

    /// Waits until `count` successful deliveries arrived, and returns them; throws if the waiting task
    /// is cancelled first (the suite's `.timeLimit` cancels it), so a wait cannot hang. One wait per
    /// receiver.
    func waitForSuccesses(_ count: Int) async throws -> [Delivery] {
        for await successes in log.successCounts where successes >= count {
            return deliveries.filter { $0.status == 200 }
        }
        throw HarnessError("expected \(count) webhook deliveries, got \(deliveries.filter { $0.status == 200 }.count)")
    }

    /// Stops the receiver.
    func stop() async {
        task.cancel()
        await task.value
    }
}
