import Crypto
import Foundation

/// One-way digests of bearer secrets (MCP tokens, one-time codes, states), and constant-time comparison.
///
/// The state store keeps only these digests, so a copy of the database does not yield a usable token.
public enum SecretDigest {
    /// Lowercase hex SHA-256 of the UTF-8 bytes of `secret`.
    public static func sha256Hex(_ secret: String) -> String {
        hex(Data(SHA256.hash(data: Data(secret.utf8))))
    }

    /// Lowercase hexadecimal spelling of `bytes`.
    public static func hex(_ bytes: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compares two secrets without leaking their content or their lengths through timing: both sides
    /// are hashed first, and the two digests are compared byte by byte without an early exit.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let left = SHA256.hash(data: lhs)
        let right = SHA256.hash(data: rhs)
        var difference: UInt8 = 0
        for (a, b) in zip(left, right) { difference |= a ^ b }
        return difference == 0
    }

    /// Compares the UTF-8 bytes of two secrets, as the byte-array overload does.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEquals(Array(lhs.utf8), Array(rhs.utf8))
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5), as OAuth uses for PKCE and tokens.
    public var base64URLEncoded: String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
