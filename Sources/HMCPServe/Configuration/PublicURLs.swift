import Foundation
import Synchronization

/// The three protected resources: the bare origin and the two MCP endpoints.
public enum ProtectedResource: String, Sendable, CaseIterable {
    /// The origin itself (`https://H`), valid for every endpoint.
    case root = ""
    /// Streamable HTTP (`https://H/mcp`).
    case mcp = "/mcp"
    /// Classic SSE (`https://H/sse`, and `/messages` posts).
    case sse = "/sse"

    /// Whether a token issued for this resource (its RFC 8707 audience) may call `other`: the root
    /// covers every endpoint, `/mcp` and `/sse` only themselves.
    public func covers(_ other: ProtectedResource) -> Bool {
        self == .root || self == other
    }
}

/// Every public URL the server names, derived from the one public origin so they can never disagree
/// (the issuer must be byte-identical to `authorization_servers[0]`).
public struct PublicURLs: Sendable {
    /// `https://H`: the issuer and the root resource.
    public let origin: String
    /// The origin's host name, lowercased.
    public let host: String
    /// Whether the origin is a loopback host (then the `Host` header is checked against DNS rebinding).
    public let isLoopback: Bool

    /// Derives the URLs from `origin` (a trailing slash is dropped).
    public init(origin: String) {
        var trimmed = origin
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.origin = trimmed
        let host = URLComponents(string: trimmed)?.host?.lowercased() ?? ""
        self.host = host
        isLoopback = LoopbackHost.contains(host)
    }

    /// The OAuth issuer (identical to the origin).
    public var issuer: String { origin }
    /// `/authorize`.
    public var authorizationEndpoint: String { origin + "/authorize" }
    /// `/token`.
    public var tokenEndpoint: String { origin + "/token" }
    /// `/register`.
    public var registrationEndpoint: String { origin + "/register" }
    /// `/register/{client_id}`: where a client reads its registration back (RFC 7592).
    public func registrationClientURI(of clientID: String) -> String { registrationEndpoint + "/" + clientID }
    /// `/revoke`.
    public var revocationEndpoint: String { origin + "/revoke" }
    /// Where HaloPSA sends the user back: `/oauth/callback`.
    public var haloCallback: String { origin + "/oauth/callback" }

    /// The resource identifier of `resource`.
    public func identifier(of resource: ProtectedResource) -> String { origin + resource.rawValue }

    /// Where the protected-resource metadata of `resource` is served.
    public func metadataURL(of resource: ProtectedResource) -> String {
        origin + "/.well-known/oauth-protected-resource" + resource.rawValue
    }

    /// The protected resource `value` names (scheme and host compared case-insensitively, a trailing
    /// slash ignored), or `nil` for anything else.
    public func resource(named value: String) -> ProtectedResource? {
        guard var components = URLComponents(string: value), components.fragment == nil, components.query == nil
        else { return nil }
        components.scheme = components.scheme?.lowercased()
        components.host = components.host?.lowercased()
        var normalized = components.string ?? value
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return ProtectedResource.allCases.first { identifier(of: $0).lowercased() == normalized.lowercased() }
    }
}

/// The public URLs once they are known. A configured public URL with port 0 (`http://127.0.0.1:0`,
/// used by tests and local runs that bind port 0) takes the bound port when the server starts.
public final class PublicOrigin: Sendable {
    private let configured: String
    private let resolved: Mutex<PublicURLs?>

    /// Holds `configured`; it is usable at once unless its port is 0.
    public init(configured: String) {
        self.configured = configured
        let components = URLComponents(string: configured)
        resolved = Mutex(components?.port == 0 ? nil : PublicURLs(origin: configured))
    }

    /// Fills in the bound port if the configured URL asked for it.
    func bound(to port: Int) {
        resolved.withLock { urls in
            guard urls == nil, var components = URLComponents(string: configured) else { return }
            components.port = port
            urls = PublicURLs(origin: components.string ?? configured)
        }
    }

    /// The public URLs (requests only arrive after the port is bound).
    public var urls: PublicURLs {
        resolved.withLock { $0 } ?? PublicURLs(origin: configured)
    }
}
