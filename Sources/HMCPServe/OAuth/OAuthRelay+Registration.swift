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

/// The registration answer (RFC 7591 §3.2.1).
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
    }
}

extension OAuthRelay {
    /// `POST /register`: dynamic client registration, open to anyone (the consent page protects users).
    func register(_ request: Request) async -> Response {
        do {
            let body = try await registrationBody(request)
            let client = try validatedClient(body)
            let secret = client.method.usesSecret ? RandomSecret.token() : nil
            let record = RegisteredClient(
                clientID: RandomSecret.token(byteCount: 18), clientName: client.name, redirectURIs: client.redirectURIs,
                grantTypes: client.grantTypes, responseTypes: client.responseTypes,
                tokenEndpointAuthMethod: client.method.rawValue,
                clientSecretDigest: secret.map(SecretDigest.sha256Hex), issuedAt: Date())
            try await store.insertClient(record)
            logger.info(
                "client registered",
                metadata: ["client": "\(record.clientID.prefix(8))", "name": "\(client.name ?? "-")", "auth": "\(client.method.rawValue)"])
            return Responses.json(
                RegistrationResponse(
                    clientID: record.clientID, clientIDIssuedAt: Int(record.issuedAt.timeIntervalSince1970),
                    clientSecret: secret, clientSecretExpiresAt: secret == nil ? nil : 0, clientName: record.clientName,
                    redirectURIs: record.redirectURIs, grantTypes: record.grantTypes, responseTypes: record.responseTypes,
                    tokenEndpointAuthMethod: record.tokenEndpointAuthMethod, scope: MCPScope.granted(requested: body.scope)),
                status: .created, noStore: true)
        } catch let failure as OAuthFailure {
            return failure.response
        } catch {
            logger.error("registration failed", metadata: ["error": "\(error)"])
            return OAuthFailure(code: "server_error", description: "registration could not be saved", status: .internalServerError).response
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
