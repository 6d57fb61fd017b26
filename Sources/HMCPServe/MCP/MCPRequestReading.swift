import Foundation
import HTTPTypes
import Hummingbird

/// What both MCP transports do before a message reaches a session: authenticate, check the media
/// types, read and classify the JSON-RPC body. Failures are thrown as the response to send.
enum MCPRequestReading {
    /// Largest JSON-RPC message accepted.
    static let maximumBodySize = 4 * 1024 * 1024

    /// Runs `handler`, answering a thrown ``BearerRejection`` or ``JSONRPCRejection`` as itself.
    static func answering(_ origin: PublicOrigin, _ handler: () async throws -> Response) async -> Response {
        do {
            return try await handler()
        } catch let rejection as BearerRejection {
            return rejection.response(urls: origin.urls)
        } catch let rejection as JSONRPCRejection {
            return rejection.response
        } catch {
            return JSONRPCRejection(status: .internalServerError, code: -32603, message: "Internal error").response
        }
    }

    /// The caller, or a thrown 401/403 challenge naming `resource`'s metadata.
    static func caller(of request: Request, for resource: ProtectedResource, _ authenticator: BearerAuthenticator)
        async throws -> AuthenticatedCaller
    {
        try await authenticator.authenticate(request, for: resource).get()
    }

    /// 415 unless the body is declared as JSON.
    static func requireJSONContent(_ request: Request) throws {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw JSONRPCRejection(
                status: .unsupportedMediaType, code: -32600, message: "Unsupported Media Type: Content-Type must be application/json")
        }
    }

    /// The body (at most ``maximumBodySize``) and what it is; batches and non-JSON are refused.
    static func message(_ request: Request) async throws -> (body: Data, envelope: JSONRPCEnvelope) {
        var request = request
        guard let buffer = try? await request.collectBody(upTo: maximumBodySize) else {
            throw JSONRPCRejection(status: .contentTooLarge, code: -32600, message: "Request body too large")
        }
        let body = Data(buffer: buffer)
        return (body, try JSONRPCEnvelope.parse(body).get())
    }

    /// 404 for a session that does not exist (or belongs to someone else).
    static let sessionNotFound = JSONRPCRejection(status: .notFound, code: -32600, message: "Session not found")
}
