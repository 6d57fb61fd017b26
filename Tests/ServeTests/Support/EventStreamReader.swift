import AsyncHTTPClient
import Foundation
import NIOCore

/// Reads an open event stream incrementally (for streams that do not end by themselves).
final class EventStreamReader: @unchecked Sendable {
    let status: Int
    let headers: [String: String]
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private(set) var text = ""

    /// Opens `url` with GET and returns once the response head arrived.
    init(_ http: HTTPClient, url: String, headers: [(String, String)]) async throws {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await http.execute(request, timeout: .seconds(30))
        status = Int(response.status.code)
        self.headers = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        iterator = response.body.makeAsyncIterator()
    }

    /// Reads until `text` satisfies `condition`, the stream ends, or `timeout` passes; returns whether it
    /// was met. The server's keep-alive comments (every second in tests) bound each wait.
    func read(until condition: (String) -> Bool, timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(text), ContinuousClock.now < deadline {
            guard let chunk = try await nextChunk() else { break }
            text += String(buffer: chunk)
        }
        return condition(text)
    }

    /// Reads until the server ends the stream (or `timeout`); returns whether it ended.
    func readToEnd(timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard let chunk = try await nextChunk() else { return true }
            text += String(buffer: chunk)
        }
        return false
    }

    private func nextChunk() async throws -> ByteBuffer? {
        try await iterator.next()
    }

    /// The JSON-RPC messages received so far.
    var messages: [[String: Any]] { MCPWire.events(text) }
}
