/// The scopes of our MCP tokens. There is one: acting in HaloPSA as the signed-in agent (HaloPSA's own
/// permissions then decide what each call may do).
enum MCPScope {
    /// The scope every token carries.
    static let halopsa = "halopsa"
    /// Advertised in the metadata and in `WWW-Authenticate`.
    static let supported = [halopsa]

    /// The scopes granted for a request: ours, whatever the client asked for (RFC 6749 §3.3 lets the
    /// server narrow or widen; the token response states the result).
    static func granted(requested: String?) -> String { halopsa }

    /// Whether a token's scope string includes what the MCP endpoints need.
    static func permitsMCP(_ scope: String) -> Bool {
        scope.split(separator: " ").contains { $0 == halopsa }
    }
}
