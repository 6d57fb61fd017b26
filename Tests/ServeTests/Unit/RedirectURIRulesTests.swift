@testable import HMCPServe
import Testing

@Suite struct RedirectURIRulesTests {
    @Test(arguments: [
        "https://claude.ai/api/mcp/auth_callback", "https://claude.com/api/mcp/auth_callback",
        "https://www.cursor.com/agents/mcp/oauth/callback", "https://vscode.dev/redirect",
        "http://127.0.0.1:33418", "http://localhost:8765/callback", "http://[::1]:9000/cb",
        "cursor://anysphere.cursor-mcp/oauth/callback", "com.example.app:/oauth2redirect",
    ])
    func acceptedRedirectURIs(uri: String) {
        #expect(RedirectURIRules.problem(with: uri) == nil)
    }

    @Test(arguments: [
        "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http://example.com/cb",
        "https://example.com/cb#fragment", "/relative/path", "https:///no-host", "vbscript:msgbox",
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
}
