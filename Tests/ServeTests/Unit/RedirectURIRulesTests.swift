@testable import HMCPServe
import Testing

@Suite struct RedirectURIRulesTests {
    @Test(arguments: [
        "https://claude.ai/api/mcp/auth_callback", "https://claude.com/api/mcp/auth_callback",
        "https://www.cursor.com/agents/mcp/oauth/callback", "https://vscode.dev/redirect",
        "http://127.0.0.1:33418", "http://localhost:8765/callback", "http://[::1]:9000/cb",
        "cursor://anysphere.cursor-mcp/oauth/callback", "com.example.app:/oauth2redirect",
        "vscode://vscode.github-authentication/did-authenticate", "claude://claude.ai/oauth/callback",
        "http://127.1.2.3:8080/cb", "http://[0:0:0:0:0:0:0:1]/cb",
    ])
    func acceptedRedirectURIs(uri: String) {
        #expect(RedirectURIRules.problem(with: uri) == nil)
    }

    @Test(arguments: [
        "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http://example.com/cb",
        "https://example.com/cb#fragment", "/relative/path", "https:///no-host", "vbscript:msgbox",
        "http://127.attacker.example/cb", "http://127.0.0.1.attacker.example/cb", "http://localhost.attacker.example/cb",
        "http://[::2]/cb", "ftp://127.0.0.1/cb", "ws://127.0.0.1/cb", "mailto:someone@example.com", "blob:https://a.example/x",
        "myapp://callback", "com..example:/cb", "1com.example:/cb",
    ])
    func refusedRedirectURIs(uri: String) {
        #expect(RedirectURIRules.problem(with: uri) != nil)
    }

    @Test func loopbackRedirectsMatchOnAnyPortOthersExactly() {
        #expect(RedirectURIRules.matches(registered: "http://127.0.0.1:1000/cb", requested: "http://127.0.0.1:2000/cb"))
        #expect(!RedirectURIRules.matches(registered: "http://127.0.0.1:1000/cb", requested: "http://127.0.0.1:2000/other"))
        #expect(!RedirectURIRules.matches(registered: "http://127.0.0.1/cb", requested: "http://localhost/cb"))
        #expect(RedirectURIRules.matches(registered: "https://a.example/cb", requested: "https://a.example/cb"))
        #expect(!RedirectURIRules.matches(registered: "https://a.example/cb", requested: "https://a.example/cb/"))
        #expect(!RedirectURIRules.matches(registered: "https://a.example:443/cb", requested: "https://a.example:444/cb"))
    }

    @Test(arguments: ["localhost", "LOCALHOST", "127.0.0.1", "127.255.0.9", "::1", "[::1]", "[0:0:0:0:0:0:0:1]"])
    func loopbackHostsAreParsedAddresses(host: String) {
        #expect(LoopbackHost.contains(host))
    }

    @Test(arguments: [
        "127.evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "127.0.0.256", "128.0.0.1", "[127.0.0.1]",
        "::2", "", "evil.example",
    ])
    func lookalikeHostsAreNotLoopback(host: String) {
        #expect(!LoopbackHost.contains(host))
    }
}
