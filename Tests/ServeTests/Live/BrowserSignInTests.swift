import Foundation
import Testing

/// Sign-in in a real browser: headless Chromium goes through `/authorize`, our consent page, the
/// simulator's login page and the client's loopback redirect URI, and the Python `mcp` client then
/// redeems the code and calls `get_me`. Cancelled (reported as skipped) only when the browser cannot
/// start; `scripts/setup` installs it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct BrowserSignInTests {
    @Test func chromiumSignsInThroughConsentAndHaloLogin() async throws {
        // HaloPSA on another site than the server (localhost against 127.0.0.1), as in production: the
        // callback cookie must come back on HaloPSA's cross-site redirect after its login form's POST.
        try await withLiveStack(server: { $0.halo.baseURL = $0.halo.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost") }) {
            stack in
            let agent = try #require(stack.simulator.seeded.agent(id: stack.simulator.seeded.narrowAgentID))
            let run = try await PythonClient.run(
                script: "browser_sign_in.py",
                arguments: ["--server", stack.baseURL, "--username", agent.username, "--expect-agent-id", String(agent.id)],
                timeout: .seconds(120))
            if run.status == 77 {
                try Test.cancel("headless Chromium could not start: \(run.stderr.suffix(500))")
            }
            #expect(run.status == 0, "browser sign-in failed (status \(run.status)): \(run.stdout)\n\(run.stderr.suffix(3000))")
            #expect(run.report["agent_id"] as? Int == agent.id)
            #expect(run.report["pages"] as? [String] == ["Allow access to HaloPSA?", "HaloPSA - Sign in", "Signed in"])
            #expect(run.report["login_host"] as? String == "localhost")
            #expect(run.report["redirect_query_keys"] as? [String] == ["code", "iss", "state"])
        }
    }
}
