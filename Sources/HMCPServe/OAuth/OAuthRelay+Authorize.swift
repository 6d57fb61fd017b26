import Foundation
import HTTPTypes
import Hummingbird
import Shared

extension OAuthRelay {
    /// `GET /authorize`: checks the request, records it, and shows our consent page.
    ///
    /// Until the client and its redirect URI are known to be genuine, errors are shown to the user as a
    /// page; after that they go back to the client as `?error=...&state=...` (RFC 6749 §4.1.2.1).
    func authorize(_ request: Request) async -> Response {
        let query = FormFields(encoded: request.uri.query)
        let client: RegisteredClient
        let redirectURI: String
        let redirectURIWasGiven: Bool
        do {
            guard let clientID = try query.value("client_id") else {
                return Responses.errorPage(title: "Sign-in request refused", message: "client_id is missing.", status: .badRequest)
            }
            guard let known = try await store.client(id: clientID) else {
                return Responses.errorPage(
                    title: "Unknown application",
                    message: "This application is not registered here (any more). Remove and re-add the server in your MCP client.",
                    status: .badRequest)
            }
            client = known
            let requested = try query.value("redirect_uri")
            if let requested {
                guard known.redirectURIs.contains(where: { RedirectURIRules.matches(registered: $0, requested: requested) })
                else {
                    return Responses.errorPage(
                        title: "Sign-in request refused", message: "redirect_uri is not registered for this application.",
                        status: .badRequest)
                }
                redirectURI = requested
            } else {
                guard known.redirectURIs.count == 1 else {
                    return Responses.errorPage(
                        title: "Sign-in request refused", message: "redirect_uri is required.", status: .badRequest)
                }
                redirectURI = known.redirectURIs[0]
            }
            redirectURIWasGiven = requested != nil
        } catch {
            return Responses.errorPage(title: "Sign-in request refused", message: "\(error)", status: .badRequest)
        }

        let clientState = try? query.value("state")
        if let clientState, clientState.utf8.count > Self.maximumStateLength {
            return Responses.errorPage(
                title: "Sign-in request refused", message: "state is longer than \(Self.maximumStateLength) bytes.",
                status: .badRequest)
        }
        do {
            let record = try await authorizationRecord(
                query: query, client: client, redirectURI: redirectURI, redirectURIWasGiven: redirectURIWasGiven)
            let csrf = RandomSecret.token()
            var pending = record
            pending.phase = .awaitingConsent(csrfDigest: SecretDigest.sha256Hex(csrf))
            try await store.insertAuthorization(pending)
            let page = ConsentPage(
                authorizationID: pending.id, csrfToken: csrf, clientName: client.clientName, redirectURI: redirectURI,
                haloHost: URLComponents(string: settings.halo.baseURL)?.host ?? settings.halo.baseURL)
            var headers = HTTPFields()
            headers[.setCookie] = SignInCookie(.consent, authorizationID: pending.id, urls: urls)
                .setCookie(csrf, maxAge: settings.authorizationTTL)
            return Responses.html(page.html, headers: headers)
        } catch let failure as OAuthFailure {
            return Responses.redirect(
                to: Self.redirect(
                    redirectURI,
                    adding: [
                        ("error", failure.code), ("error_description", failure.description), ("state", clientState ?? nil),
                        ("iss", urls.issuer),
                    ]))
        } catch {
            logger.error("authorization could not be stored", metadata: ["error": "\(error)"])
            return Responses.errorPage(
                title: "Sign-in unavailable", message: "The server could not record the request; try again.",
                status: .internalServerError)
        }
    }

    /// The first-phase record for a checked request (its phase is filled in by the caller).
    private func authorizationRecord(
        query: FormFields, client: RegisteredClient, redirectURI: String, redirectURIWasGiven: Bool
    ) async throws -> AuthorizationRecord {
        func field(_ name: String) throws -> String? {
            do { return try query.value(name) } catch { throw OAuthFailure.invalidRequest("\(name) appears more than once") }
        }
        guard try field("response_type") == "code" else {
            throw OAuthFailure(code: "unsupported_response_type", description: "response_type must be code", status: .badRequest)
        }
        guard let challenge = try field("code_challenge") else {
            throw OAuthFailure.invalidRequest("code_challenge is required (PKCE with S256)")
        }
        guard try field("code_challenge_method") == "S256" else {
            throw OAuthFailure.invalidRequest("code_challenge_method must be S256")
        }
        guard PKCE.isWellFormed(challenge) else {
            throw OAuthFailure.invalidRequest("code_challenge must be 43 to 128 base64url characters")
        }
        var resource = urls.identifier(of: .root)
        if let requested = try field("resource") {
            guard let known = urls.resource(named: requested) else {
                throw OAuthFailure.invalidTarget("resource must be \(ProtectedResource.allCases.map(urls.identifier(of:)).joined(separator: ", "))")
            }
            resource = urls.identifier(of: known)
        }
        return AuthorizationRecord(
            id: RandomSecret.token(byteCount: 18), clientID: client.clientID, redirectURI: redirectURI,
            redirectURIWasGiven: redirectURIWasGiven, clientState: try field("state"), codeChallenge: challenge,
            scope: MCPScope.granted(requested: try field("scope")), resource: resource,
            phase: .awaitingConsent(csrfDigest: ""), expiresAt: clock.date.addingTimeInterval(TimeInterval(settings.authorizationTTL)))
    }
}
