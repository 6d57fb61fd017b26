import Crypto
import Foundation
import Shared

/// Checks that a webhook delivery comes from HaloPSA, in either of HaloPSA's modes:
/// Basic authentication with the configured user and secret, or a `Token` header holding
/// base64(HMAC-SHA256(secret, raw body)). Every comparison takes constant time.
public struct WebhookAuthenticator: Sendable {
    private let username: String
    private let secret: SymmetricKey
    private let secretBytes: [UInt8]

    /// An authenticator for `secret` (and `username` in Basic mode).
    public init(username: String, secret: String) {
        self.username = username
        secretBytes = Array(secret.utf8)
        self.secret = SymmetricKey(data: secretBytes)
    }

    /// Whether the delivery carries valid credentials for `body`.
    public func isAuthentic(authorization: String?, token: String?, body: [UInt8]) -> Bool {
        if let token, let mac = Data(base64Encoded: token.trimmingCharacters(in: .whitespaces)) {
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: secret)
        }
        guard let authorization, authorization.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return false }
        let expected = Array("\(username):".utf8) + secretBytes
        return SecretDigest.constantTimeEquals(Array(decoded), expected)
    }
}
