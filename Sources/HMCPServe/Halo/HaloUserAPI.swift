import Shared

/// The HaloPSA calls the relay makes on a user's behalf: the login redirect, the code exchange, the
/// refresh and `Agent/me`. ``HaloClient`` is the one implementation; the seam lets unit tests of the
/// relay's error paths script HaloPSA's answers.
public protocol HaloUserAPI: Sendable {
    /// Where to send the user to log in to HaloPSA (Authorization Code with PKCE S256).
    func authorizationURL(redirectURI: String, state: String, codeChallenge: String, scope: String?) async -> String
    /// Exchanges HaloPSA's authorization code (with our verifier) for tokens.
    func exchangeCode(_ code: String, redirectURI: String, codeVerifier: String) async throws -> HaloToken
    /// Trades a single-use refresh token for new tokens.
    func refresh(_ refreshToken: String) async throws -> HaloToken
    /// The agent a credential acts as.
    func me(as credential: HaloCredential) async throws -> Agent
}

extension HaloClient: HaloUserAPI {}
