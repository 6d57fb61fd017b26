import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// The routing facts of one incoming JSON-RPC message, read before the SDK sees it.
struct JSONRPCEnvelope: Sendable {
    /// What the message is.
    enum Kind: Sendable, Equatable {
        /// A request with its id (as the SDK spells ids: the string, or the number's digits).
        case request(id: String, method: String)
        /// A notification.
        case notification(method: String)
        /// A response to a request of ours.
        case response(id: String)
    }

    /// The message's kind.
    let kind: Kind
    /// The protocol version an `initialize` request asks for.
    var requestedProtocolVersion: String?

    /// Reads `body`; a JSON array is a batch, which the transports refuse. The body must also be JSON the
    /// SDK's decoder reads (it refuses numbers beyond `Double`, like `1E400`), or the SDK could not answer it.
    static func parse(_ body: Data) -> Result<JSONRPCEnvelope, JSONRPCRejection> {
        guard let json = try? JSONSerialization.jsonObject(with: body), (try? JSONDecoder().decode(Value.self, from: body)) != nil else {
            return .failure(JSONRPCRejection(status: .badRequest, code: -32700, message: "Parse error: the body is not JSON"))
        }
        if json is [Any] {
            return .failure(
                JSONRPCRejection(status: .badRequest, code: -32600, message: "Invalid Request: JSON-RPC batches are not supported"))
        }
        guard let object = json as? [String: Any] else {
            return .failure(JSONRPCRejection(status: .badRequest, code: -32600, message: "Invalid Request: expected a JSON-RPC object"))
        }
        let id: String? = (object["id"] as? String) ?? (object["id"] as? Int).map(String.init)
        let kind: Kind
        if let method = object["method"] as? String {
            kind = id.map { .request(id: $0, method: method) } ?? .notification(method: method)
        } else if let id, object["result"] != nil || object["error"] != nil {
            kind = .response(id: id)
        } else {
            return .failure(JSONRPCRejection(status: .badRequest, code: -32600, message: "Invalid Request: not a JSON-RPC message"))
        }
        guard DecodedHead.agrees(with: kind, body: body) else {
            return .failure(
                JSONRPCRejection(
                    status: .badRequest, code: -32600,
                    message: "Invalid Request: the id must be a string or an integer, and no member may appear twice"))
        }
        var envelope = JSONRPCEnvelope(kind: kind)
        if case .request(_, "initialize") = kind {
            envelope.requestedProtocolVersion = (object["params"] as? [String: Any])?["protocolVersion"] as? String
        }
        return .success(envelope)
    }

    /// `id` and `method` as the SDK's server decodes them. The SDK's transport reads them the way
    /// ``parse(_:)`` does; where the two readings differ (a boolean id, repeated members), the transport
    /// would hold a stream open for an answer the server never sends, so such messages are refused.
    private struct DecodedHead: Decodable {
        let id: ID?
        let method: String?

        static func agrees(with kind: Kind, body: Data) -> Bool {
            guard let head = try? JSONDecoder().decode(DecodedHead.self, from: body) else { return false }
            return switch kind {
            case .request(let id, let method): head.id?.description == id && head.method == method
            case .notification(let method): head.id == nil && head.method == method
            case .response(let id): head.id?.description == id && head.method == nil
            }
        }
    }

    /// Whether this is the `initialize` request.
    var isInitialize: Bool {
        if case .request(_, "initialize") = kind { return true }
        return false
    }
}

/// An HTTP-level refusal of a JSON-RPC message, answered with a JSON-RPC error body (`id: null`).
struct JSONRPCRejection: Error, Sendable {
    let status: HTTPResponse.Status
    let code: Int
    let message: String

    /// The response.
    var response: Response {
        let body: [String: Any] = ["jsonrpc": "2.0", "id": NSNull(), "error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
