import Foundation
import HTTPTypes
import Hummingbird
import Shared

extension OAuthRelay {
    /// `GET /oauth/callback`: HaloPSA sends the user back here. The state must match a pending
    /// authorization exactly once, in the browser that consented to it (its callback cookie); HaloPSA's
    /// code is exchanged with our verifier, the tokens are sealed into a grant, and the client receives
    /// our own one-time code.
    ///
    /// Without the cookie the sign-in is dropped unused: someone else's HaloPSA login link (sent to a
    /// victim by whoever consented) must not deliver the victim's access to that someone's client.
    func callback(_ request: Request) async -> Response {
        let query = FormFields(encoded: request.uri.query)
        guard let state = try? query.value("state"),
            let record = try? await store.authorization(secretDigest: SecretDigest.sha256Hex(state)),
            case .awaitingUpstream(_, let sealedVerifier, let browserDigest) = record.phase
        else {
            return Responses.errorPage(
                title: "Sign-in not recognised",
                message: "This HaloPSA sign-in does not belong to a request in progress, or was already used. Start again from your MCP client.",
                status: .badRequest)
        }
        let browserCookie = SignInCookie(.callback, authorizationID: record.id, urls: urls)
        guard let browser = browserCookie.value(in: request),
            SecretDigest.constantTimeEquals(SecretDigest.sha256Hex(browser), browserDigest)
        else {
            try? await store.deleteAuthorization(id: record.id)
            logger.warning("callback from a browser that did not consent", metadata: ["authorization": "\(record.id.prefix(8))"])
            return Responses.errorPage(
                title: "Sign-in refused",
                message: "This HaloPSA sign-in was started in another browser (or this browser does not keep this site's cookies). Only open sign-in links that your own MCP client started, and start again from it.",
                status: .forbidden)
        }
        let usedCookie: HTTPFields = [.setCookie: browserCookie.deletion]
        func fail(_ error: String, _ description: String) async -> Response {
            try? await store.deleteAuthorization(id: record.id)
            return Responses.redirect(
                to: Self.redirect(
                    record.redirectURI,
                    adding: [("error", error), ("error_description", description), ("state", record.clientState), ("iss", urls.issuer)]),
                headers: usedCookie)
        }
        guard record.expiresAt > clock.date else { return await fail("access_denied", "the sign-in took longer than allowed") }
        if let haloError = try? query.value("error") {
            logger.info("HaloPSA sign-in refused", metadata: ["authorization": "\(record.id.prefix(8))", "error": "\(haloError.prefix(64))"])
            return await fail("access_denied", "HaloPSA sign-in was not completed")
        }
        guard let haloCode = try? query.value("code") else { return await fail("access_denied", "HaloPSA sent no code") }

        let grant: HaloGrant
        do {
            let verifier = try sealer.open(sealedVerifier, context: Self.verifierContext(record.id))
            let token = try await halo.exchangeCode(haloCode, redirectURI: urls.haloCallback, codeVerifier: verifier)
            let agent = try await halo.me(as: .user(accessToken: token.accessToken))
            grant = try await grants.createGrant(
                clientID: record.clientID, agent: agent, scope: record.scope, resource: record.resource, token: token)
            logger.info(
                "HaloPSA sign-in completed",
                metadata: ["authorization": "\(record.id.prefix(8))", "agent": "\(agent.id)", "grant": "\(grant.id.prefix(8))"])
        } catch {
            logger.warning("HaloPSA code exchange failed", metadata: ["authorization": "\(record.id.prefix(8))", "error": "\(error)"])
            return await fail("server_error", "HaloPSA did not accept the sign-in")
        }

        let code = RandomSecret.token()
        do {
            let next = try record.applying(
                .haloSignedIn(codeDigest: SecretDigest.sha256Hex(code), grantID: grant.id), now: clock.date,
                lifetime: TimeInterval(settings.authorizationCodeTTL))
            guard try await store.replaceAuthorization(next, expecting: .awaitingUpstream) else {
                try await store.deleteGrant(id: grant.id)
                return Responses.errorPage(
                    title: "Sign-in already used", message: "This HaloPSA sign-in was already completed.", status: .conflict)
            }
        } catch {
            try? await store.deleteGrant(id: grant.id)
            return await fail("server_error", "the sign-in could not be completed")
        }
        return Responses.redirect(
            to: Self.redirect(record.redirectURI, adding: [("code", code), ("state", record.clientState), ("iss", urls.issuer)]),
            headers: usedCookie)
    }
}
