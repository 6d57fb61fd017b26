import Foundation
import Hummingbird
import Logging
import Shared

/// The OAuth 2.1 authorization server in front of HaloPSA: metadata, dynamic registration, our own
/// consent page, the HaloPSA login relay, and the token and revocation endpoints.
///
/// MCP clients get opaque tokens of ours; HaloPSA's tokens stay sealed in the state store and are
/// never handed out (no token passthrough). Each endpoint lives in its own file as an extension.
struct OAuthRelay: Sendable {
    let origin: PublicOrigin
    let settings: ServerSettings
    let store: any StateStore
    let sealer: TokenSealer
    let halo: any HaloUserAPI
    let grants: HaloGrantBroker
    /// Tells the time that authorizations, codes and tokens expire by.
    let clock: any InstantSource
    let logger: Logger

    /// The public URLs.
    var urls: PublicURLs { origin.urls }

    /// Where the consent form posts.
    static let consentPath = "/authorize/consent"

    /// Largest form or JSON body an OAuth endpoint reads.
    static let maximumBodySize = 64 * 1024
    /// Largest client registration accepted (each is stored until it goes unused).
    static let maximumRegistrationSize = 16 * 1024
    /// Longest `state` accepted at `/authorize` (it is stored with the authorization and sent back).
    static let maximumStateLength = 1024

    /// Registers every OAuth route on `router`.
    func addRoutes(to router: Router<ServeRequestContext>) {
        for resource in ProtectedResource.allCases {
            router.get("/.well-known/oauth-protected-resource\(resource.rawValue)") { _, _ in
                Responses.json(ProtectedResourceMetadata(urls: origin.urls, resource: resource))
            }
            for document in ["oauth-authorization-server", "openid-configuration"] {
                router.get("/.well-known/\(document)\(resource.rawValue)") { _, _ in
                    Responses.json(AuthorizationServerMetadata(urls: origin.urls))
                }
            }
        }
        router.post("/register") { request, _ in await register(request) }
        router.get("/register/:client_id") { request, context in
            await readRegistration(request, clientID: context.parameters.get("client_id") ?? "")
        }
        router.get("/authorize") { request, _ in await authorize(request) }
        router.post("\(Self.consentPath)") { request, _ in await consent(request) }
        router.get("/oauth/callback") { request, _ in await callback(request) }
        router.post("/token") { request, _ in await token(request) }
        router.post("/revoke") { request, _ in await revoke(request) }
    }

    /// The form fields of a `application/x-www-form-urlencoded` body.
    func formBody(_ request: Request) async throws(OAuthFailure) -> FormFields {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw .invalidRequest("the body must be application/x-www-form-urlencoded")
        }
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: Self.maximumBodySize)
            return FormFields(encoded: String(buffer: buffer))
        } catch {
            throw .invalidRequest("the body is larger than \(Self.maximumBodySize) bytes")
        }
    }

    /// `redirectURI` with `parameters` added to its query.
    static func redirect(_ redirectURI: String, adding parameters: [(String, String?)]) -> String {
        let present = parameters.compactMap { name, value in value.map { (name, $0) } }
        let separator = redirectURI.contains("?") ? "&" : "?"
        return redirectURI + separator + FormURLEncoding.encode(present)
    }
}
