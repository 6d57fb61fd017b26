import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// The HTTP side of a remote embedding provider: POSTs a JSON body, retries per its `RetryPolicy`, and
/// turns failures into `EmbeddingError`s that never contain the API key.
struct RemoteEmbeddingClient: Sendable {
    /// The provider's name in errors (`openai`, `ollama`).
    let provider: String
    /// The shared HTTP client.
    let httpClient: HTTPClient
    /// When and how to retry.
    let retry: RetryPolicy
    /// Times the waits between tries.
    let clock: any WaitingClock
    /// The API key, sent as a bearer token and scrubbed from every error text.
    let apiKey: String?

    /// Largest response body accepted.
    static let responseLimit = 128 * 1024 * 1024

    /// POSTs `body` as JSON to `url` and returns the 2xx response body.
    func post(_ url: String, body: some Encodable) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey, !apiKey.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        }
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
        var attempt = 1
        while true {
            let outcome: Outcome
            do {
                outcome = try await send(request)
            } catch {
                guard retry.allowsRetry(afterAttempt: attempt) else {
                    throw EmbeddingError.providerUnreachable(provider: provider, reason: scrub(String(describing: error)))
                }
                try await clock.sleep(until: clock.now + retry.delay(afterAttempt: attempt, retryAfter: nil))
                attempt += 1
                continue
            }
            switch outcome {
            case .success(let data):
                return data
            case .failure(let status, let retryAfter, let detail):
                guard Self.isRetryable(status: status), retry.allowsRetry(afterAttempt: attempt) else {
                    throw EmbeddingError.providerStatus(provider: provider, status: status, detail: detail)
                }
                try await clock.sleep(until: clock.now + retry.delay(afterAttempt: attempt, retryAfter: retryAfter))
                attempt += 1
            }
        }
    }

    /// Whether an HTTP status is worth another try: 408, 429 and every 5xx.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    private enum Outcome {
        case success(Data)
        case failure(status: Int, retryAfter: Duration?, detail: String)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Outcome {
        let timeout = TimeAmount.nanoseconds(retry.requestTimeout.nanoseconds)
        let response = try await httpClient.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: Self.responseLimit)
        let data = Data(buffer: body)
        let status = Int(response.status.code)
        if (200..<300).contains(status) { return .success(data) }
        return .failure(
            status: status, retryAfter: RetryAfter.wait(response.headers.first(name: "Retry-After")),
            detail: scrub(Self.errorDetail(data)))
    }

    /// The message of an error body (`{"error":{"message":...}}`, `{"error":"..."}`), else its
    /// first 200 characters.
    static func errorDetail(_ data: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
            if let message = object["error"] as? String { return message }
        }
        return String(decoding: data.prefix(200), as: UTF8.self)
    }

    /// `text` with the API key replaced by `<redacted>`.
    func scrub(_ text: String) -> String {
        guard let apiKey, !apiKey.isEmpty else { return text }
        return text.replacingOccurrences(of: apiKey, with: "<redacted>")
    }
}
