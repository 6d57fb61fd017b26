import Foundation
import Hummingbird
import Shared

/// A dynamic client registration request (RFC 7591 §2); unknown fields are ignored.
private struct RegistrationRequest: Decodable {
    var redirectURIs: [String]?
    var clientName: String?
    var grantTypes: [String]?
    var responseTypes: [String]?
    var tokenEndpointAuthMethod: String?
    var scope: String?

    enum CodingKeys: String, CodingKey {
        case redirectURIs = "redirect_uris"
        case clientName = "client_name"
        case grantTypes = "grant_types"
        case responseTypes = "response_types"
        case tokenEndpointAuthMethod = "token_endpoint_auth_method"
        case scope
    }
}

/// The registration answer (RFC 7591 §3.2.1), also the answer of a registration read (RFC 7592 §3).
private struct RegistrationResponse: Encodable {
    let clientID: String
    let clientIDIssuedAt: Int
    let clientSecret: String?
    let clientSecretExpiresAt: Int?
    let clientName: String?
    let redirectURIs: [String]
    let grantTypes: [String]
    let responseTypes: [String]
    let tokenEndpointAuthMethod: String
    let scope: String
    let registrationAccessToken: String?
    let registrationClientURI: String

    /// The answer for `client`. The secrets are only known (and only sent) at registration.
    init(client: RegisteredClient, secret: String?, registrationAccessToken: String?, urls: PublicURLs) {
        clientID = client.clientID
        clientIDIssuedAt = Int(client.issuedAt.timeIntervalSince1970)
        clientSecret = secret
        clientSecretExpiresAt = client.clientSecretDigest == nil ? nil : 0
        clientName = client.clientName
        redirectURIs = client.redirectURIs
        grantTypes = client.grantTypes
        responseTypes = client.responseTypes
        tokenEndpointAuthMethod = client.tokenEndpointAuthMethod
        scope = MCPScope.granted(requested: nil)
        self.registrationAccessToken = registrationAccessToken
        registrationClientURI = urls.registrationClientURI(of: client.clientID)
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id"
        case clientIDIssuedAt = "client_id_issued_at"
        case clientSecret = "client_secret"
        case clientSecretExpiresAt = "client_secret_expires_at"
        case clientName = "client_name"
        case redirectURIs = "redirect_uris"
        case grantTypes = "grant_types"
        case responseTypes = "response_types"
        case tokenEndpointAuthMethod = "token_endpoint_auth_method"
        case scope
        case registrationAccessToken = "registration_access_token"
        case registrationClientURI = "registration_client_uri"
    }
}

extension OAuthRelay {
    /// `POST /register`: dynamic client registration, open to anyone (the consent page protects users).
    /// The answer carries a registration access token (stored only as its digest) for reading the
    /// registration back at its `registration_client_uri`.
    func register(_ request: Request) async -> Response {
        do {
            let body = try await registrationBody(request)
            let client = try validatedClient(body)
            let secret = client.method.usesSecret ? RandomSecret.token() : nil
            let registrationAccessToken = RandomSecret.token()
            let record = RegisteredClient(
                clientID: RandomSecret.token(byteCount: 18), clientName: client.name, redirectURIs: client.redirectURIs,
                grantTypes: client.grantTypes, responseTypes: client.responseTypes,
                tokenEndpointAuthMethod: client.method.rawValue,
                clientSecretDigest: secret.map(SecretDigest.sha256Hex), issuedAt: clock.date,
                registrationTokenDigest: SecretDigest.sha256Hex(registrationAccessToken))
            try await store.insertClient(record)
            logger.info(
                "client registered",
                metadata: ["client": "\(record.clientID.prefix(8))", "name": "\(client.name ?? "-")", "auth": "\(client.method.rawValue)"])
            return Responses.json(
                RegistrationResponse(client: record, secret: secret, registrationAccessToken: registrationAccessToken, urls: urls),
                status: .created, noStore: true)
        } catch let failure as OAuthFailure {
            return failure.response
        } catch {
            logger.error("registration failed", metadata: ["error": "\(error)"])
            return OAuthFailure(code: "server_error", description: "registration could not be saved", status: .internalServerError).response
        }
    }

    /// `GET /register/{client_id}`: the registration as stored (RFC 7592 §2.1), for the bearer of its
    /// registration access token. A wrong token and an unknown client get the same 401, so the answer
    /// does not tell which client ids exist.
    func readRegistration(_ request: Request, clientID: String) async -> Response {
        do {
            guard let token = BearerAuthenticator.bearerToken(in: request), let client = try await store.client(id: clientID),
                let digest = client.registrationTokenDigest,
                SecretDigest.constantTimeEquals(SecretDigest.sha256Hex(token), digest)
            else {
                return Responses.json(
                    OAuthErrorBody(error: "invalid_token", description: "the registration access token is not valid for this client"),
                    status: .unauthorized, noStore: true, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
            }
            return Responses.json(
                RegistrationResponse(client: client, secret: nil, registrationAccessToken: nil, urls: urls), noStore: true)
        } catch {
            logger.error("registration read failed", metadata: ["error": "\(error)"])
            return OAuthFailure(code: "server_error", description: "the registration could not be read", status: .internalServerError)
                .response
        }
    }

    private func registrationBody(_ request: Request) async throws(OAuthFailure) -> RegistrationRequest {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw .invalidClientMetadata("the registration must be a JSON object (Content-Type: application/json)")
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: Self.maximumRegistrationSize) else {
            throw .invalidClientMetadata("the registration is larger than \(Self.maximumRegistrationSize) bytes")
        }
        do {
            return try JSONDecoder().decode(RegistrationRequest.self, from: Data(buffer: buffer))
        } catch {
            throw .invalidClientMetadata("the registration is not a JSON object with the RFC 7591 field types")
        }
    }

    private func validatedClient(_ body: RegistrationRequest) throws(OAuthFailure) -> (
        name: String?, redirectURIs: [String], grantTypes: [String], responseTypes: [String], method: ClientAuthMethod
    ) {
        guard let redirectURIs = body.redirectURIs, !redirectURIs.isEmpty else {
            throw .invalidRedirectURI("redirect_uris is required")
        }
        guard redirectURIs.count <= 20 else { throw .invalidRedirectURI("at most 20 redirect URIs") }
        for uri in redirectURIs {
            if let problem = RedirectURIRules.problem(with: uri) { throw .invalidRedirectURI(problem) }
        }
        let grantTypes = body.grantTypes ?? ["authorization_code", "refresh_token"]
        let unsupportedGrants = grantTypes.filter { !["authorization_code", "refresh_token"].contains($0) }
        guard unsupportedGrants.isEmpty, grantTypes.contains("authorization_code") else {
            throw .invalidClientMetadata("grant_types must be authorization_code (and optionally refresh_token)")
        }
        let responseTypes = body.responseTypes ?? ["code"]
        guard responseTypes == ["code"] else { throw .invalidClientMetadata("response_types must be [\"code\"]") }
        guard let method = ClientAuthMethod(rawValue: body.tokenEndpointAuthMethod ?? "none") else {
            throw .invalidClientMetadata(
                "token_endpoint_auth_method must be one of \(ClientAuthMethod.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = body.clientName.map { String($0.prefix(200)) }
        return (name, redirectURIs, grantTypes, responseTypes, method)
    }
}
