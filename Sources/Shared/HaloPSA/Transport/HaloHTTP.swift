import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// One HTTP exchange with HaloPSA: rate-limited, timed out, retried on 429/5xx/timeouts with backoff
/// (honouring `Retry-After`), and turned into a typed error on failure. Every exchange and retry is
/// counted by ``HaloRequestMetrics`` under the task's ``HaloRequestPurpose``.
struct HaloHTTP: Sendable {
    /// A request to send.
    struct Request: Sendable {
        var method: HTTPMethod
        var url: String
        var headers: HTTPHeaders = [:]
        var body: Data?
        /// Only idempotent requests are retried after a 5xx or timeout.
        var isIdempotent: Bool { method == .GET || method == .DELETE }
    }

    /// A successful answer.
    struct Response: Sendable {
        let status: Int
        let body: Data
    }

    let client: HTTPClient
    let limiter: any RequestGate
    let retry: RetryPolicy
    let timeout: TimeAmount
    /// Times the waits between attempts.
    let clock: any WaitingClock
    let logger: Logger

    /// Largest body read from HaloPSA (a page of 100 full tickets is well below it).
    static let maxBodyBytes = 64 * 1024 * 1024

    init(client: HTTPClient, settings: HaloSettings, clock: any WaitingClock, logger: Logger) {
        self.client = client
        self.clock = clock
        limiter = TenantRequestGates.gate(for: settings, logger: logger)
        retry = RetryPolicy(halo: settings)
        timeout = .nanoseconds(retry.requestTimeout.nanoseconds)
        self.logger = logger
    }

    /// Sends `request`, retrying per the policy; throws `HaloAPIError` for any non-2xx answer.
    func send(_ request: Request) async throws -> Response {
        var attempt = 1
        while true {
            do {
                return try await sendOnce(request)
            } catch let error as HaloAPIError {
                guard retry.allowsRetry(after: error, attempt: attempt, isIdempotent: request.isIdempotent) else { throw error }
                let wait = retry.delay(afterAttempt: attempt, retryAfter: error.retryAfter)
                HaloRequestMetrics.retried()
                logger.notice(
                    "HaloPSA request will be retried",
                    metadata: [
                        "method": "\(request.method.rawValue)", "path": "\(Self.path(of: request.url))",
                        "error": "\(error)", "attempt": "\(attempt)", "wait_s": "\(String(format: "%.2f", wait.inSeconds))",
                    ])
                try await clock.sleep(until: clock.now + wait)
                attempt += 1
            }
        }
    }

    private func sendOnce(_ request: Request) async throws -> Response {
        try await limiter.acquire()
        HaloRequestTally.record()
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        outgoing.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(data: body)) }
        let started = ContinuousClock.now
        let status: Int
        let body: Data
        let retryAfter: String?
        do {
            let response = try await client.execute(outgoing, timeout: timeout)
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After")
            body = Data(buffer: try await response.body.collect(upTo: Self.maxBodyBytes))
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            HaloRequestMetrics.answered(status: "timeout", nanoseconds: started.duration(to: .now).nanoseconds)
            throw HaloAPIError(kind: .timeout, message: "no answer within \(retry.requestTimeout.milliseconds) ms")
        } catch let error as HaloAPIError {
            throw error
        } catch {
            HaloRequestMetrics.answered(status: "transport", nanoseconds: started.duration(to: .now).nanoseconds)
            throw HaloAPIError(kind: .transport, message: "connection failed: \(error)")
        }
        HaloRequestMetrics.answered(status: "\(status)", nanoseconds: started.duration(to: .now).nanoseconds)
        logger.debug(
            "HaloPSA request",
            metadata: [
                "method": "\(request.method.rawValue)", "path": "\(Self.path(of: request.url))", "status": "\(status)",
                "ms": "\(started.duration(to: .now).milliseconds)",
            ])
        guard (200..<300).contains(status) else {
            let error = HaloAPIError.from(status: status, body: body, retryAfter: RetryAfter.wait(retryAfter))
            if error.kind == .rateLimited { limiter.noteRateLimited(retryAfter: error.retryAfter) }
            throw error
        }
        return Response(status: status, body: body)
    }

    /// The URL without scheme, host and query, for log lines.
    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return "?" }
        return components.path
    }
}
