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
            let back = try await driver.callback(try await driver.haloLogin(toHalo, username: stack.simulator.seeded.agents[0].username))
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
            let haloAnswer = try await driver.haloLogin(try await driver.consent(page), username: stack.simulator.seeded.agents[0].username)
            #expect(try await driver.callback(haloAnswer).status == 302)
            let replay = try await driver.callback(haloAnswer)
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
            let refused = try await stack.http.send(.GET, stack.baseURL + "/oauth/callback?error=access_denied&state=\(state)")
            #expect(refused.status == 302)
            #expect(refused.locationQuery["error"] == "access_denied")
            #expect(refused.locationQuery["state"] == "s9")
        }
    }
}
