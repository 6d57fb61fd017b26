import Foundation
import HTTPTypes
import Hummingbird
import Shared

/// Who is calling an MCP endpoint, established from their bearer token.
public struct AuthenticatedCaller: Sendable, Equatable {
    /// The grant (HaloPSA sign-in) the token acts for.
    public let grantID: String
    /// The HaloPSA agent; MCP sessions belong to this agent.
    public let agentID: Int
    /// The MCP client the token was issued to.
    public let clientID: String
    /// Granted scopes.
    public let scope: String
}

/// Checks `Authorization: Bearer` on every MCP request and writes the RFC 6750 / RFC 9728 challenges.
struct BearerAuthenticator: Sendable {
    let origin: PublicOrigin
    let store: any StateStore
    /// Tells the time tokens expire by.
    let clock: any InstantSource

    /// The caller, or the 401/403 response to send instead.
    func authenticate(_ request: Request, for resource: ProtectedResource) async -> Result<AuthenticatedCaller, BearerRejection> {
        guard request.headers[.authorization] != nil else {
            return .failure(BearerRejection(resource: resource, error: nil, description: "authorization required"))
        }
        guard let token = Self.bearerToken(in: request) else {
            return .failure(BearerRejection(resource: resource, error: "invalid_token", description: "expected a Bearer token"))
        }
        do {
            guard let stored = try await store.token(digest: SecretDigest.sha256Hex(token)), stored.kind == .access,
                stored.state == .active
            else {
                return .failure(BearerRejection(resource: resource, error: "invalid_token", description: "unknown token"))
            }
            guard stored.expiresAt > clock.date else {
                return .failure(BearerRejection(resource: resource, error: "invalid_token", description: "the token has expired"))
            }
            guard let audience = origin.urls.resource(named: stored.resource), audience.covers(resource) else {
                return .failure(BearerRejection(resource: resource, error: "invalid_token", description: "the token is for another resource"))
            }
            guard MCPScope.permitsMCP(stored.scope) else {
                return .failure(
                    BearerRejection(resource: resource, error: "insufficient_scope", description: "the token lacks scope \(MCPScope.halopsa)"))
            }
            guard let grant = try await store.grant(id: stored.grantID) else {
                return .failure(BearerRejection(resource: resource, error: "invalid_token", description: "the authorization was revoked"))
            }
            return .success(
                AuthenticatedCaller(grantID: grant.id, agentID: grant.agentID, clientID: stored.clientID, scope: stored.scope))
        } catch {
            return .failure(BearerRejection(resource: resource, error: "temporarily_unavailable", description: "token store unavailable"))
        }
    }

    /// The token of the request's `Authorization: Bearer` header, if it has one.
    static func bearerToken(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

/// A refused bearer token, rendered as 401 (or 403 for scope) with `WWW-Authenticate`.
struct BearerRejection: Error, Sendable {
    let resource: ProtectedResource
    /// `invalid_token`, `insufficient_scope`; `nil` when no credentials were sent (RFC 6750 §3.1).
    let error: String?
    let description: String

    /// The response, naming the resource's metadata URL and our scope.
    func response(urls: PublicURLs) -> Response {
        var challenge = "Bearer resource_metadata=\"\(urls.metadataURL(of: resource))\", scope=\"\(MCPScope.supported.joined(separator: " "))\""
        if let error {
            challenge += ", error=\"\(error)\", error_description=\"\(description)\""
        }
        let status: HTTPResponse.Status =
            switch error {
            case "insufficient_scope": .forbidden
            case "temporarily_unavailable": .serviceUnavailable
            default: .unauthorized
            }
        return Responses.json(
            OAuthErrorBody(error: error ?? "invalid_request", description: description), status: status,
            headers: [.wwwAuthenticate: challenge])
    }
}
