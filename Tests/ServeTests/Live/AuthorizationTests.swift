import Foundation
import Shared
import Testing

/// Interop checklist 7: `/authorize`, our consent page, the HaloPSA relay and the callback.
@Suite(.timeLimit(.minutes(2))) struct AuthorizationTests {
    @Test func unknownClientOrRedirectIsShownNotRedirected() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let unknown = try await driver.authorize(clientID: "no-such-client").reply
            #expect(unknown.status == 400)
            #expect(unknown.header("Location") == nil)
            let client = try await driver.register()
            var elsewhere = driver
            elsewhere.redirectURI = "https://attacker.example/cb"
            let wrongRedirect = try await elsewhere.authorize(clientID: client.id).reply
            #expect(wrongRedirect.status == 400)
            #expect(wrongRedirect.header("Location") == nil)
        }
    }

    @Test func loopbackRedirectMatchesOnAnyPort() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            var otherPort = driver
            otherPort.redirectURI = "http://127.0.0.1:4321/callback"
            #expect(try await otherPort.authorize(clientID: client.id).reply.status == 200)
        }
    }

    @Test func badRequestsGoBackToTheClientWithItsState() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let cases: [([(String, String)], String)] = [
                ([("code_challenge_method", "plain")], "invalid_request"),
                ([("resource", "https://other.example/mcp")], "invalid_target"),
                ([("response_type", "token")], "unsupported_response_type"),
            ]
            for (extra, error) in cases {
                let names = Set(extra.map(\.0))
                let query = formEncode(
                    [
                        ("response_type", "code"), ("client_id", client.id), ("redirect_uri", driver.redirectURI),
                        ("state", "st-1"), ("code_challenge", PKCE.makePair().challenge), ("code_challenge_method", "S256"),
                        ("resource", stack.baseURL + "/mcp"),
                    ].filter { !names.contains($0.0) } + extra)
                let reply = try await stack.http.send(.GET, stack.baseURL + "/authorize?" + query)
                #expect(reply.status == 302)
                #expect(reply.header("Location")?.hasPrefix(driver.redirectURI + "?") == true)
                #expect(reply.locationQuery["error"] == error)
                #expect(reply.locationQuery["state"] == "st-1")
                #expect(reply.locationQuery["iss"] == stack.baseURL)
            }
            let noChallenge = formEncode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", driver.redirectURI), ("state", "st-2"),
            ])
            let reply = try await stack.http.send(.GET, stack.baseURL + "/authorize?" + noChallenge)
            #expect(reply.locationQuery["error"] == "invalid_request")
            #expect(reply.locationQuery["state"] == "st-2")
        }
    }

    @Test func consentPageNamesTheClientAndCannotBeFramed() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register(name: "Acme <Assistant>")
            let page = try await driver.authorize(clientID: client.id).reply
            #expect(page.status == 200)
            #expect(page.header("X-Frame-Options") == "DENY")
            #expect(page.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(page.header("Cache-Control") == "no-store")
            #expect(page.body.contains("Acme &lt;Assistant&gt;"))
            #expect(page.body.contains("127.0.0.1:65000"))
            #expect(OAuthDriver.hiddenField("csrf", in: page.body)?.count == 43)
            let cookie = try #require(page.header("Set-Cookie"))
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let approved = try await driver.consent(page)
            let signIn = try #require(approved.headers[canonicalForm: "Set-Cookie"].first { $0.contains("hmcp-signin-") })
            #expect(signIn.contains("HttpOnly") && signIn.contains("SameSite=Lax") && signIn.contains("Path=/"))
        }
    }

    @Test func consentWithoutTheBrowsersCookieOrWithAWrongTokenIsRefused() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id).reply
            let authorization = try #require(OAuthDriver.hiddenField("authorization", in: page.body))
            let csrf = try #require(OAuthDriver.hiddenField("csrf", in: page.body))
            let cookie = String(try #require(page.header("Set-Cookie")).split(separator: ";")[0])
            let noCookie = try await stack.http.postForm(
                stack.baseURL + "/authorize/consent", [("authorization", authorization), ("csrf", csrf), ("decision", "approve")])
            #expect(noCookie.status == 403)
            let wrongToken = try await stack.http.postForm(
                stack.baseURL + "/authorize/consent",
                [("authorization", authorization), ("csrf", csrf.uppercased()), ("decision", "approve")], headers: [("Cookie", cookie)])
            #expect(wrongToken.status == 403)
            let crossSite = try await stack.http.postForm(
                stack.baseURL + "/authorize/consent", [("authorization", authorization), ("csrf", csrf), ("decision", "approve")],
                headers: [("Cookie", cookie), ("Origin", "https://evil.example")])
            #expect(crossSite.status == 403)
            let approved = try await driver.consent(page)
            #expect(approved.status == 302)
            let again = try await driver.consent(page)
            #expect(again.status == 400)
        }
    }

    @Test func consentFormAcceptsTheOriginsBrowsersSendAndNoOthers() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id).reply
            #expect(page.header("Referrer-Policy") == "same-origin")
            func submit(_ page: Reply, origin: String) async throws -> Reply {
                try await stack.http.postForm(
                    stack.baseURL + "/authorize/consent",
                    [
                        ("authorization", try #require(OAuthDriver.hiddenField("authorization", in: page.body))),
                        ("csrf", try #require(OAuthDriver.hiddenField("csrf", in: page.body))), ("decision", "approve"),
                    ],
                    headers: [("Cookie", try #require(page.cookie(named: "hmcp-consent-"))), ("Origin", origin)])
            }
            #expect(try await submit(page, origin: "https://evil.example").status == 403)
            #expect(try await submit(page, origin: "null").status == 302)
            let second = try await driver.authorize(clientID: client.id).reply
            #expect(try await submit(second, origin: stack.baseURL).status == 302)
            let elsewhere = try await stack.http.postJSON(
                stack.baseURL + "/register", ["redirect_uris": [driver.redirectURI]], headers: [("Origin", "null")])
            #expect(elsewhere.status == 403)
        }
    }

    @Test func haloLoginLinkOpenedInAnotherBrowserDeliversNoCode() async throws {
        try await withLiveStack { stack in
            // The attacker registers a client, reaches consent and approves it in their own browser...
            let attacker = OAuthDriver(stack: stack, redirectURI: "https://attacker.example/cb")
            let client = try await attacker.register(name: "Helpful assistant")
            let (page, verifier) = try await attacker.authorize(clientID: client.id)
            let toHalo = try await attacker.consent(page)
            #expect(toHalo.status == 302)
            // ...then sends the HaloPSA login link to a victim, who signs in as themselves in their own browser.
            let seeded = stack.simulator.seeded
            let victim = try #require(seeded.agent(id: seeded.narrowAgentID))
            let haloAnswer = try await attacker.haloLogin(toHalo, username: victim.username)
            let back = try await attacker.callback(haloAnswer, browser: nil)
            #expect(back.status == 403)
            #expect(back.header("Location") == nil)
            #expect(back.body.contains("started in another browser"))
            if let code = back.locationQuery["code"] {
                let stolen = try await attacker.token(code: code, verifier: verifier, clientID: client.id)
                Issue.record("the attacker redeemed the victim's sign-in: \(stolen.status)")
            }
            // The dropped sign-in cannot be finished later either, not even with the attacker's cookie.
            #expect(try await attacker.callback(haloAnswer, browser: toHalo).status == 400)
        }
    }

    @Test func declinedConsentReturnsAccessDenied() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id, state: "keep-me").reply
            let declined = try await driver.consent(page, decision: "deny")
            #expect(declined.status == 302)
            #expect(declined.locationQuery["error"] == "access_denied")
            #expect(declined.locationQuery["state"] == "keep-me")
        }
    }

    @Test func haloIsAskedWithOurOwnPKCEAndAFreshState() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id, state: "client-state").reply
            let toHalo = try await driver.consent(page)
            let location = try #require(toHalo.header("Location"))
            #expect(location.hasPrefix(stack.simulator.baseURL + "/auth/authorize?"))
            let query = toHalo.locationQuery
            #expect(query["client_id"] == "hmcp-relay")
            #expect(query["redirect_uri"] == stack.baseURL + "/oauth/callback")
            #expect(query["code_challenge_method"] == "S256")
            #expect(query["scope"] == "all offline_access")
            #expect(query["state"] != "client-state" && query["state"]?.count == 43)
            #expect(PKCE.isWellFormed(query["code_challenge"] ?? ""))
            let back = try await driver.callback(
                try await driver.haloLogin(toHalo, username: stack.simulator.seeded.agents[0].username), browser: toHalo)
            #expect(back.locationQuery["state"] == "client-state")
            #expect(back.locationQuery["iss"] == stack.baseURL)
            #expect(back.locationQuery["code"]?.count == 43)
        }
    }

    @Test func callbackStateWorksOnceAndOnlyForItsFlow() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let page = try await driver.authorize(clientID: client.id).reply
            let toHalo = try await driver.consent(page)
            let haloAnswer = try await driver.haloLogin(toHalo, username: stack.simulator.seeded.agents[0].username)
            #expect(try await driver.callback(haloAnswer, browser: toHalo).status == 302)
            let replay = try await driver.callback(haloAnswer, browser: toHalo)
            #expect(replay.status == 400)
            let forged = try await stack.http.send(.GET, stack.baseURL + "/oauth/callback?code=x&state=forged-state")
            #expect(forged.status == 400)
        }
    }

    @Test func haloRefusalReachesTheClientAsAccessDenied() async throws {
        try await withLiveStack { stack in
            let driver = OAuthDriver(stack: stack)
            let client = try await driver.register()
            let toHalo = try await driver.consent(try await driver.authorize(clientID: client.id, state: "s9").reply)
            let state = try #require(toHalo.locationQuery["state"])
            let refused = try await stack.http.send(
                .GET, stack.baseURL + "/oauth/callback?error=access_denied&state=\(state)",
                headers: [("Cookie", try #require(toHalo.cookie(named: "hmcp-signin-")))])
            #expect(refused.status == 302)
            #expect(refused.locationQuery["error"] == "access_denied")
            #expect(refused.locationQuery["state"] == "s9")
        }
    }
}
