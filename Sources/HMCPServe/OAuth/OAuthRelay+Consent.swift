import Foundation
import HTTPTypes
import Hummingbird
import Shared

extension OAuthRelay {
    /// `POST /authorize/consent`: the consent form. Approval sends the user to HaloPSA's login with our
    /// own PKCE pair and a fresh single-use state, and gives this browser the callback cookie (only
    /// the browser that consented may bring HaloPSA's answer back); refusal returns `access_denied`.
    func consent(_ request: Request) async -> Response {
        do {
            let form = try await formBody(request)
            guard let id = try? form.value("authorization"), let csrf = try? form.value("csrf"),
                let decision = try? form.value("decision")
            else {
                return Responses.errorPage(title: "Sign-in refused", message: "The consent form is incomplete.", status: .badRequest)
            }
            guard let record = try await store.authorization(id: id), case .awaitingConsent(let csrfDigest) = record.phase,
                record.expiresAt > clock.date
            else {
                return Responses.errorPage(
                    title: "Sign-in expired",
                    message: "This sign-in request is unknown, already answered or expired. Start again from your MCP client.",
                    status: .badRequest)
            }
            let consentCookie = SignInCookie(.consent, authorizationID: id, urls: urls)
            let cookie = consentCookie.value(in: request)
            guard SecretDigest.constantTimeEquals(SecretDigest.sha256Hex(csrf), csrfDigest),
                let cookie, SecretDigest.constantTimeEquals(cookie, csrf)
            else {
                logger.warning("consent form failed its CSRF check", metadata: ["authorization": "\(id.prefix(8))"])
                return Responses.errorPage(
                    title: "Sign-in refused", message: "The consent form did not come from this browser's sign-in page.",
                    status: .forbidden)
            }
            var headers = HTTPFields()
            headers[.setCookie] = consentCookie.deletion
            guard decision == "approve" else {
                try await store.deleteAuthorization(id: id)
                return Responses.redirect(
                    to: Self.redirect(
                        record.redirectURI,
                        adding: [
                            ("error", "access_denied"), ("error_description", "the user declined"), ("state", record.clientState),
                            ("iss", urls.issuer),
                        ]), headers: headers)
            }
            let pkce = PKCE.makePair()
            let state = RandomSecret.token()
            let browser = RandomSecret.token()
            let verifier = try sealer.seal(pkce.verifier, context: Self.verifierContext(id))
            let next = try record.applying(
                .consentApproved(
                    stateDigest: SecretDigest.sha256Hex(state), verifier: verifier,
                    browserDigest: SecretDigest.sha256Hex(browser)),
                now: clock.date, lifetime: TimeInterval(settings.authorizationTTL))
            guard try await store.replaceAuthorization(next, expecting: .awaitingConsent) else {
                return Responses.errorPage(
                    title: "Sign-in already answered", message: "This consent form was already submitted.", status: .conflict)
            }
            let login = await halo.authorizationURL(
                redirectURI: urls.haloCallback, state: state, codeChallenge: pkce.challenge, scope: nil)
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: SignInCookie(.callback, authorizationID: id, urls: urls)
                        .setCookie(browser, maxAge: settings.authorizationTTL)))
            logger.info("consent given; sending user to HaloPSA", metadata: ["authorization": "\(id.prefix(8))"])
            return Responses.redirect(to: login, headers: headers)
        } catch let failure as OAuthFailure {
            return Responses.errorPage(title: "Sign-in refused", message: failure.description, status: failure.status)
        } catch {
            logger.error("consent could not be recorded", metadata: ["error": "\(error)"])
            return Responses.errorPage(
                title: "Sign-in unavailable", message: "The server could not record your answer; start again.",
                status: .internalServerError)
        }
    }

    /// The associated data of an authorization's sealed PKCE verifier.
    static func verifierContext(_ authorizationID: String) -> String { "authorization:\(authorizationID):verifier" }
}
