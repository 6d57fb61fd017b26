import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization

/// A live HTTP server on a free loopback port for the remote provider tests.
enum LoopbackServer {
    /// Runs `body` with the base URL (`http://127.0.0.1:PORT`) of a server answering with `router`,
    /// and stops the server afterwards.
    static func with(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port!)")
        }
    }

    /// A JSON response.
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// What a fake provider saw: every request's model, inputs, `input_type` and `Authorization` header.
final class RequestLog: Sendable {
    private let entries = Mutex<[(model: String, inputs: [String], inputType: String?, authorization: String?)]>([])

    /// Records one request.
    func record(model: String, inputs: [String], inputType: String?, authorization: String?) {
        entries.withLock { $0.append((model, inputs, inputType, authorization)) }
    }

    /// The model of each request.
    var models: [String] { entries.withLock { $0.map(\.model) } }

    /// Requests so far.
    var count: Int { entries.withLock { $0.count } }
    /// The inputs of each request.
    var inputs: [[String]] { entries.withLock { $0.map(\.inputs) } }
    /// The `input_type` of each request (`nil` where the body had none).
    var inputTypes: [String?] { entries.withLock { $0.map(\.inputType) } }
    /// The `Authorization` header of each request.
    var authorizations: [String?] { entries.withLock { $0.map(\.authorization) } }
}

/// The JSON body of a provider request.
struct ProviderRequest: Decodable {
    let model: String
    let input: [String]
    let input_type: String?

    /// Decodes the request body, recording it in `log`.
    static func read(_ request: Request, log: RequestLog) async throws -> ProviderRequest {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let decoded = try JSONDecoder().decode(ProviderRequest.self, from: Data(buffer: buffer))
        log.record(model: decoded.model, inputs: decoded.input, inputType: decoded.input_type, authorization: request.headers[.authorization])
        return decoded
    }
}

/// A deterministic, not normalized vector for `text`: [length, 1, 2, words].
func fakeVector(_ text: String) -> [Float] {
    [Float(text.count), 1, 2, Float(text.split(separator: " ").count)]
}
