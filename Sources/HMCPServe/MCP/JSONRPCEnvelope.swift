import Foundation
import HTTPTypes
import Hummingbird

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

    /// Reads `body`; a JSON array is a batch, which the transports refuse.
    static func parse(_ body: Data) -> Result<JSONRPCEnvelope, JSONRPCRejection> {
        guard let json = try? JSONSerialization.jsonObject(with: body) else {
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
        if let method = object["method"] as? String {
            return .success(JSONRPCEnvelope(kind: id.map { .request(id: $0, method: method) } ?? .notification(method: method)))
        }
        if let id, object["result"] != nil || object["error"] != nil {
            return .success(JSONRPCEnvelope(kind: .response(id: id)))
        }
        return .failure(JSONRPCRejection(status: .badRequest, code: -32600, message: "Invalid Request: not a JSON-RPC message"))
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
