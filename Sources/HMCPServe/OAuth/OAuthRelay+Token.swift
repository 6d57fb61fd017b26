import Foundation
import Hummingbird
import Shared

extension OAuthRelay {
    /// `POST /token`: redeems our one-time code (PKCE verified) or rotates a refresh token.
    /// A replayed code or refresh token revokes the whole grant (OAuth 2.1 §4.3.1, §6.1).
    func token(_ request: Request) async -> Response {
        do {
            let form = try await formBody(request)
            let client = try await authenticatedClient(request, form: form)
            let tokens: TokenResponse
            switch try form.value("grant_type") {
            case "authorization_code":
                tokens = try await redeemCode(form: form, client: client)
            case "refresh_token":
                tokens = try await rotateRefreshToken(form: form, client: client)
            case nil:
                throw OAuthFailure.invalidRequest("grant_type is required")
            case let other?:
                throw OAuthFailure.unsupportedGrantType("grant_type \(other.prefix(40)) is not supported")
            }
            return Responses.json(tokens, noStore: true)
        } catch let failure as OAuthFailure {
            return failure.response
        } catch let error as FormFieldsError {
            return OAuthFailure.invalidRequest("\(error)").response
        } catch {
            logger.error("token request failed", metadata: ["error": "\(error)"])
            return OAuthFailure(code: "server_error", description: "tokens could not be issued", status: .internalServerError).response
        }
    }

    private var issuer: TokenIssuer {
        TokenIssuer(accessTokenTTL: settings.accessTokenTTL, refreshTokenTTL: settings.refreshTokenTTL)
    }

    private func redeemCode(form: FormFields, client: RegisteredClient) async throws -> TokenResponse {
        guard let code = try form.value("code") else { throw OAuthFailure.invalidRequest("code is required") }
        guard let record = try await store.authorization(secretDigest: SecretDigest.sha256Hex(code)),
            record.clientID == client.clientID
        else { throw OAuthFailure.invalidGrant("the code is unknown or was issued to another client") }
        if case .exchanged(_, let grantID) = record.phase {
            try await store.deleteGrant(id: grantID)
            try await store.deleteAuthorization(id: record.id)
            logger.warning("authorization code replayed; grant revoked", metadata: ["grant": "\(grantID.prefix(8))"])
            throw OAuthFailure.invalidGrant("the code was already used; the tokens issued for it are revoked")
        }
        guard case .codeIssued(_, let grantID) = record.phase else { throw OAuthFailure.invalidGrant("the code is not valid") }
        let redirectURI = try form.value("redirect_uri")
        if record.redirectURIWasGiven || redirectURI != nil {
            guard redirectURI == record.redirectURI else {
                throw OAuthFailure.invalidGrant("redirect_uri differs from the authorization request")
            }
        }
        guard let verifier = try form.value("code_verifier") else {
            throw OAuthFailure.invalidRequest("code_verifier is required (PKCE)")
        }
        guard PKCE.verify(verifier: verifier, challenge: record.codeChallenge) else {
            throw OAuthFailure.invalidGrant("PKCE verification failed: code_verifier does not match code_challenge")
        }
        let resource = try tokenResource(form: form, default: record.resource)
        let next: AuthorizationRecord
        do {
            next = try record.applying(.codeRedeemed, now: clock.date, lifetime: 0)
        } catch {
            throw OAuthFailure.invalidGrant("the code has expired")
        }
        guard try await store.replaceAuthorization(next, expecting: .codeIssued) else {
            throw OAuthFailure.invalidGrant("the code was already used")
        }
        let minted = issuer.mint(grantID: grantID, clientID: client.clientID, scope: record.scope, resource: resource, now: clock.date)
        try await store.insertTokens(minted.records)
        logger.info("tokens issued", metadata: ["client": "\(client.clientID.prefix(8))", "grant": "\(grantID.prefix(8))"])
        return minted.response
    }

    private func rotateRefreshToken(form: FormFields, client: RegisteredClient) async throws -> TokenResponse {
        guard let presented = try form.value("refresh_token") else {
            throw OAuthFailure.invalidRequest("refresh_token is required")
        }
        let digest = SecretDigest.sha256Hex(presented)
        guard let stored = try await store.token(digest: digest), stored.kind == .refresh,
            stored.clientID == client.clientID
        else { throw OAuthFailure.invalidGrant("the refresh token is unknown or was issued to another client") }
        if stored.state == .rotated {
            try await store.deleteGrant(id: stored.grantID)
            logger.warning("refresh token replayed; grant revoked", metadata: ["grant": "\(stored.grantID.prefix(8))"])
            throw OAuthFailure.invalidGrant("the refresh token was already used; the authorization is revoked")
        }
        guard stored.expiresAt > clock.date else { throw OAuthFailure.invalidGrant("the refresh token has expired") }
        guard try await store.grant(id: stored.grantID) != nil else {
            throw OAuthFailure.invalidGrant("the authorization was revoked; sign in again")
        }
        let resource = try tokenResource(form: form, default: stored.resource)
        let minted = issuer.mint(
            grantID: stored.grantID, clientID: client.clientID, scope: stored.scope, resource: resource, now: clock.date)
        guard try await store.rotateRefreshToken(digest: digest, replacements: minted.records) else {
            throw OAuthFailure.invalidGrant("the refresh token was already used")
        }
        return minted.response
    }

    /// The resource (RFC 8707) the tokens are for: the requested one if it is ours and within what was
    /// `authorized` (a token may be narrowed from the root to one endpoint, never widened), else
    /// `authorized` itself.
    private func tokenResource(form: FormFields, default authorized: String) throws -> String {
        guard let requested = try form.value("resource") else { return authorized }
        guard let resource = urls.resource(named: requested) else {
            throw OAuthFailure.invalidTarget("resource \(requested.prefix(100)) is not served here")
        }
        guard urls.resource(named: authorized)?.covers(resource) == true else {
            throw OAuthFailure.invalidTarget("resource \(requested.prefix(100)) was not authorized; the authorization is for \(authorized)")
        }
        return urls.identifier(of: resource)
    }
}
