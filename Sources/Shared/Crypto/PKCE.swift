import Crypto
import Foundation

/// Proof Key for Code Exchange with S256 (RFC 7636), computed with swift-crypto (works on Linux).
public enum PKCE {
    /// A fresh verifier (43 base64url characters) and its S256 challenge.
    public static func makePair() -> (verifier: String, challenge: String) {
        let verifier = RandomSecret.token(byteCount: 32)
        return (verifier, challenge(for: verifier))
    }

    /// `BASE64URL(SHA256(verifier))`.
    public static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }

    /// Whether `value` has the form RFC 7636 allows for a verifier or an S256 challenge:
    /// 43 to 128 characters from `[A-Za-z0-9-._~]`.
    public static func isWellFormed(_ value: String) -> Bool {
        (43...128).contains(value.utf8.count)
            && value.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            }
    }

    /// Whether `verifier` matches `challenge` under S256, compared in constant time.
    public static func verify(verifier: String, challenge: String) -> Bool {
        isWellFormed(verifier) && SecretDigest.constantTimeEquals(Self.challenge(for: verifier), challenge)
    }
}
