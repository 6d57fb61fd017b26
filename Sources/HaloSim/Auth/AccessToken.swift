import Crypto
import Foundation

/// What an access token says about its bearer.
struct AccessTokenClaims: Sendable, Equatable {
    /// The Halo agent the token acts as.
    var agentID: Int
    /// Space-separated granted scopes.
    var scope: String
    /// Expiry, seconds since 1970.
    var expires: Int
    /// The OAuth application the token was issued to.
    var clientID: String

    /// The granted scopes as a set.
    var scopes: Set<String> { Set(scope.split(separator: " ").map(String.init)) }
}

/// Issues and checks JWT-shaped access tokens (`header.payload.signature`, HS256 with a key private to
/// this simulator), so clients that decode Halo's tokens find `agent_id`, `scope`, `exp`, `client_id`.
struct AccessTokenSigner: Sendable {
    private let key: SymmetricKey
    private let issuer: String

    /// A signer with a fresh random key.
    init(issuer: String = "halo-sim") {
        key = SymmetricKey(size: .bits256)
        self.issuer = issuer
    }

    /// A signed token for `claims`.
    func token(for claims: AccessTokenClaims, issuedAt: Int) -> String {
        let header: JSONValue = ["alg": "HS256", "typ": "JWT"]
        let payload: JSONValue = [
            "iss": .string(issuer), "sub": .string(String(claims.agentID)), "agent_id": .int(claims.agentID),
            "client_id": .string(claims.clientID), "scope": .string(claims.scope), "iat": .int(issuedAt),
            "exp": .int(claims.expires), "jti": .string(UUID().uuidString),
        ]
        return signed(header: header, payload: payload)
    }

    /// An OpenID-style identity token for a user login (not used for API access).
    func identityToken(agent: Agent, clientID: String, issuedAt: Int, expires: Int) -> String {
        let payload: JSONValue = [
            "iss": .string(issuer), "sub": .string(String(agent.id)), "aud": .string(clientID), "name": .string(agent.name),
            "email": .string(agent.email), "agent_id": .int(agent.id), "iat": .int(issuedAt), "exp": .int(expires),
        ]
        return signed(header: ["alg": "HS256", "typ": "JWT"], payload: payload)
    }

    /// The claims of a token whose signature is valid and which has not expired at `now`; nil otherwise.
    func verify(_ token: String, now: Int) -> AccessTokenClaims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64URL.decode(String(parts[2])) else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: signingInput, using: key),
            let payloadData = Base64URL.decode(String(parts[1])), let payload = try? JSONValue.parse(payloadData),
            let agentID = payload["agent_id"]?.intValue, let expires = payload["exp"]?.intValue, expires > now
        else { return nil }
        return AccessTokenClaims(
            agentID: agentID, scope: payload["scope"]?.stringValue ?? "", expires: expires,
            clientID: payload["client_id"]?.stringValue ?? "")
    }

    private func signed(header: JSONValue, payload: JSONValue) -> String {
        let input = Base64URL.encode(Data(header.serialized().utf8)) + "." + Base64URL.encode(Data(payload.serialized().utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return input + "." + Base64URL.encode(Data(mac))
    }
}

/// Base64url without padding (RFC 4648 §5), as JWT and PKCE use it.
enum Base64URL {
    /// Encodes bytes.
    static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes text, with or without padding; nil when malformed.
    static func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// Random URL-safe text carrying `bytes` random bytes (codes, refresh tokens).
    static func random(bytes: Int = 32) -> String {
        encode(SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Data($0) })
    }
}
